"""PDF text lines -> paragraphs: drop running headers, footers and page numbers, join broken lines.

Pure functions over `Line(text, x0, x1)` lists, one list per page, so that the
rules can be tested on strings without a PDF.
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One printed line and its horizontal extent in points."""

    text: str
    x0: float = 0.0
    x1: float = 0.0


# Page numbers as printed by Chinese government offices:
# `- 3 -`, `— 3 —`, `－3－`, `3`, `第3页`, `第 3 页 共 12 页`, `3/12`, `Page 3 of 12`.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－~～]*\s*\d{1,4}\s*[-—–－~～]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$",
    re.I,
)
# Lines at the top and at the bottom of a page that may be running heads or feet.
EDGE_LINES = 2
# A top/bottom line repeated (digits aside) on this share of pages is a running head/foot:
# `东莞市人民政府办公室文件` on every page, `东府办〔2026〕3号 第 2 页`.
REPEAT_SHARE = 0.5
DIGITS = re.compile(r"\d+")

# A line ending like this ends its paragraph, closing quotes and brackets aside:
# `…请认真组织实施。`, `各镇人民政府（街道办事处、园区管委会）、市府直属各有关单位：`.
SENTENCE_END = frozenset("。！？；：!?;:…")
CLOSERS = "”’」』）)】〕]"
# A line starting like this starts a new paragraph: `二、千方百计扩投资`, `（三）`, `3.`,
# `第二章`, `附件：`, `①`.
HEADING_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|[一二三四五六七八九十百零〇]+[、.．]"
    r"|[（(][一二三四五六七八九十百零〇\d]{1,3}[）)]"
    r"|\d{1,3}[、.．](?!\d)"
    r"|[①-⑳]"
    r"|附件|附表)"
)
# A line reaching within this many character widths of the right margin is full,
# i.e. its paragraph goes on; a shorter line (a title, a date, a signature) ends.
FULL_LINE_SLACK = 1.5
# Only Latin words broken over lines get a space back (`public\nservice`); Chinese text,
# digits included, is broken anywhere: `最高补贴3` + `0万元` -> `最高补贴30万元`.
LATIN_WORD_END = re.compile(r"[A-Za-z]$")
LATIN_WORD_START = re.compile(r"^[A-Za-z]")


def _key(text: str) -> str:
    return DIGITS.sub("#", "".join(text.split()))


def _edges(page: list[Line]) -> set[int]:
    n = len(page)
    return set(range(min(EDGE_LINES, n))) | set(range(max(n - EDGE_LINES, 0), n))


def strip_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove page numbers and heads/feet repeated on most pages.

    [[Line('东莞市人民政府'), Line('一、…'), Line('- 1 -')], [Line('东莞市人民政府'), Line('…'), Line('- 2 -')]]
    -> [[Line('一、…')], [Line('…')]]
    """
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_key(page[i].text) for i in _edges(page)}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    repeated = {key for key, count in counts.items() if count >= needed}
    cleaned = []
    for page in pages:
        edges = _edges(page)
        cleaned.append([
            line for i, line in enumerate(page)
            if not (i in edges and (PAGE_NUMBER.match(line.text.strip()) or _key(line.text) in repeated))
        ])
    return cleaned


def ends_paragraph(text: str) -> bool:
    """'现印发给你们，请认真组织实施。' -> True; '对倍增企业一季度规模与效益发展情况开展综' -> False."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_END


def starts_heading(text: str) -> bool:
    """'（二）完善市场体系' -> True; '合评价，分档给予企业最高50万元的奖励。' -> False."""
    return bool(HEADING_START.match(text.lstrip()))


def right_margin(lines: list[Line]) -> tuple[float, float]:
    """(right margin, slack in points) of a document's lines: the widest line and 1.5 characters."""
    widths = [(line.x1 - line.x0) / len(line.text) for line in lines if len(line.text.strip()) >= 4]
    if not widths:
        return math.inf, 0.0
    return max(line.x1 for line in lines), FULL_LINE_SLACK * statistics.median(widths)


def join_lines(lines: list[Line], margin: tuple[float, float] | None = None) -> list[str]:
    """Join lines broken inside a paragraph; Chinese is joined without a space.

    [Line('一、支持企业稳产增产。对倍增企业', 90, 505), Line('开展综合评价。', 90, 200), Line('二、扩投资', 90, 160)]
    -> ['一、支持企业稳产增产。对倍增企业开展综合评价。', '二、扩投资']
    """
    right, slack = margin or right_margin(lines)
    paragraphs: list[str] = []
    joinable = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if joinable and paragraphs and not starts_heading(text):
            gap = " " if LATIN_WORD_END.search(paragraphs[-1]) and LATIN_WORD_START.search(text) else ""
            paragraphs[-1] += gap + text
        else:
            paragraphs.append(text)
        joinable = line.x1 >= right - slack and not ends_paragraph(text)
    return paragraphs
