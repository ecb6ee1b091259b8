"""Which characters are Chinese: the one measure every reader counts text by."""
from __future__ import annotations

import re

# Characters set full-width in Chinese text: CJK punctuation (`　`, `。`, `《`), ideographs
# (extension A and the basic block), full-width forms (`，`, `：`, `（`). Used as a
# regex character class, e.g. to drop a space between two of them.
WIDE = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"

# One CJK ideograph: `通`, `知`, not `，`.
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def cjk_count(text: str | None) -> int:
    """Number of CJK ideographs: '第3页 共5页' -> 4."""
    return len(IDEOGRAPH.findall(text)) if text else 0
