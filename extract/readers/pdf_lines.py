"""PDF text lines: what one printed line is, and running headers, footers and page numbers.

Pure functions over `Line` lists, one list per page, so that the rules can be
tested on strings without a PDF (`pdf_glyphs` builds the lines, `pdf_paragraphs`
joins them).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One printed line: its text, horizontal extent, baseline from the page top and font
    size in points, the width of its first unbreakable piece (`head`: `2023` of
    `2023年…`, `（牵` of `（牵头单位…`), and its page. Zero where unknown."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    baseline: float = 0.0
    size: float = 0.0
    head: float = 0.0
    page: int = 0


# Page numbers as printed by Chinese government offices:
# `- 3 -`, `— 3 —`, `－3－`, `第3页`, `第 3 页 共 12 页`, `3/12`, `Page 3 of 12`.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]+\s*\d{1,4}\s*[-—–－~～]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
# A bare number (`3`) is a page number only where it counts the pages up: the same
# offset from the page index on most pages. A table cell `24` at a page's foot is kept.
BARE_NUMBER = re.compile(r"^\d{1,4}$")
# Lines at the top and at the bottom of a page that may be running heads or feet.
EDGE_LINES = 2
# A top/bottom line repeated (digits aside) on this share of pages is a running head/foot:
# `东莞市人民政府办公室文件` on every page, `东府办〔2026〕3号 第 2 页`.
REPEAT_SHARE = 0.5
DIGITS = re.compile(r"\d+")
# A line ending one page and one heading the next with the same text (this long at
# least) within this many points of each other are one line printed twice.
MIN_COPY_CHARS = 8
COPY_SLACK = 1.0

def _key(text: str) -> str:
    return DIGITS.sub("#", "".join(text.split()))


def _edges(page: list[Line]) -> set[int]:
    n = len(page)
    return set(range(min(EDGE_LINES, n))) | set(range(max(n - EDGE_LINES, 0), n))


def _edge_texts(page: list[Line]) -> set[str]:
    return {page[i].text.strip() for i in _edges(page)}


def _page_number_offset(pages: list[list[Line]], needed: int) -> int | None:
    """k such that a bare edge number equals page index + k on `needed` pages, if any."""
    offsets = Counter(int(text) - index for index, page in enumerate(pages)
                      for text in _edge_texts(page) if BARE_NUMBER.match(text))
    if not offsets:
        return None
    offset, count = offsets.most_common(1)[0]
    return offset if count >= needed else None


def strip_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove page numbers and heads/feet repeated on most pages.

    [[Line('东莞市人民政府'), Line('一、…'), Line('- 1 -')], [Line('东莞市人民政府'), Line('…'), Line('- 2 -')]]
    -> [[Line('一、…')], [Line('…')]]
    """
    needed = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    counts = Counter(key for page in pages for key in {_key(text) for text in _edge_texts(page)})
    repeated = {key for key, count in counts.items() if count >= needed and key != "#"}
    offset = _page_number_offset(pages, needed)

    def running(index: int, text: str) -> bool:
        text = text.strip()
        if BARE_NUMBER.match(text):
            return offset is not None and int(text) - index == offset
        return bool(PAGE_NUMBER.match(text)) or _key(text) in repeated

    cleaned = []
    for index, page in enumerate(pages):
        edges = _edges(page)
        cleaned.append([line for i, line in enumerate(page) if not (i in edges and running(index, line.text))])
    return cleaned


def cut_line_copies(pages: list[list]) -> set[int]:
    """Ids of the second copies of lines a page break cut and the printer drew on both pages.

    Chromium prints a line straddling the break on both pages, each clipped to its half;
    the text layer holds it whole twice. The copy heading the next page goes when it has
    the text, place and size of the line ending the page before (and is no mere word).
    Pages are their items in reading order; a table between them parts the two lines.

    [[Line('…', 34, 500), Line('推进养老服务体系建设', 34, 200)], [Line('推进养老服务体系建设', 34, 200), …]]
    -> {id of the second Line('推进养老服务体系建设')}
    """
    return {id(after[0]) for before, after in zip(pages, pages[1:])
            if before and after and isinstance(before[-1], Line) and isinstance(after[0], Line)
            and _same_line(before[-1], after[0])}


def _same_line(a: Line, b: Line) -> bool:
    return (a.text.strip() == b.text.strip() and len(a.text.strip()) >= MIN_COPY_CHARS
            and abs(a.x0 - b.x0) <= COPY_SLACK and abs(a.x1 - b.x1) <= COPY_SLACK and a.size == b.size)
