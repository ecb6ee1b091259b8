"""Print how closely each dev-set page is read: similarity of our text to the reference.

Usage: python scripts/html_similarity.py [SHARED_DIR]
Similarity is difflib's ratio over both texts with all whitespace removed
(the bar of issue 8 is >= 0.99 per page).
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.readers import read_source  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"


def squeeze(text: str) -> str:
    """Drop all whitespace: '一、总体要求\\n（一）' -> '一、总体要求（一）'."""
    return "".join(text.split())


def similarity(ours: str, reference: str) -> float:
    """difflib ratio without whitespace: ('通知\\n', '通 知') -> 1.0."""
    return difflib.SequenceMatcher(None, squeeze(ours), squeeze(reference), autojunk=False).ratio()


def page_similarities(shared: Path) -> dict[str, float]:
    """{page file name: similarity} for every page of `devset/html/corpus`."""
    devset = shared / "devset" / "html"
    figures = {}
    for page in sorted((devset / "corpus").glob("*.htm*")):
        reference = (devset / "text" / f"{page.stem}.txt").read_text(encoding="utf-8")
        figures[page.name] = similarity(read_source(page).text, reference)
    return figures


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else DEFAULT_SHARED
    for name, figure in page_similarities(shared).items():
        print(f"{figure:.4f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
