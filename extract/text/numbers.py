"""Numbers as plans print them: Arabic, Chinese numerals, 万 and 亿.

`1.01万` -> 10100, `二十` -> 20, `3,000` -> 3000, `两` -> 2.
"""
from __future__ import annotations

import math
from functools import lru_cache

import cn2an

from extract.limits import MAX_NUMBER

# 9888  1.01  3,000  0.84  (folded text: full-width digits are ASCII already)
ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# 二十 三百五十 两千 (a lone 一 is left out: 一批, 一次性, 一个 are rarely quantities)
CHINESE = r"(?:[零一二两三四五六七八九十百千]{2,}|[二两三四五六七八九十])"
MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}


def parse_number(token: str) -> float | None:
    """`1.01` -> 1.01; `二十` -> 20.0; `3,000` -> 3000.0; `两` -> 2.0.

    A number past MAX_NUMBER (a 310-digit string, 400 Chinese numerals) is no
    plan's figure: None, as for any token that is not a number."""
    token = token.replace(",", "").strip()
    if not token:
        return None
    try:
        value = float(token)
    except ValueError:
        value = _chinese_value(token)
        if value is None:
            return None
    return value if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


@lru_cache(maxsize=4096)
def _chinese_value(token: str) -> float | None:
    """`二十` -> 20.0, or None. Cached: cn2an is slow, and plans repeat their few numerals (十四五)."""
    try:
        return float(cn2an.cn2an(token.replace("两", "二"), "smart"))
    except (ValueError, KeyError, TypeError, OverflowError):
        return None


def tidy(value: float) -> float:
    """Round away float noise from multiplying: 1.01 * 1e4 -> 10100.0."""
    return float(round(value, 6))
