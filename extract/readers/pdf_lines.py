"""PDF text lines -> paragraphs: drop running headers, footers and page numbers, join broken lines.

Pure functions over `Line(text, x0, x1)` lists, one list per page, so that the
rules can be tested on strings without a PDF.
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One printed line and its horizontal extent in points."""

    text: str
    x0: float = 0.0
    x1: float = 0.0


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
MARGIN_QUANTILE = 0.9
LEFT_QUANTILE = 0.1
# Chinese paragraphs start with a two-character indent (`　　为深入贯彻…`); where at least
# INDENT_SHARE of paragraph starts are indented by a character or more, an unindented
# line after a full one continues its paragraph even after `。`.
INDENT_MIN_CHARS = 1.0
INDENT_SHARE = 0.5
INDENT_MIN_STARTS = 3
# Only Latin words broken over lines get a space back (`public\nservice`); Chinese text,
# digits included, is broken anywhere: `最高补贴3` + `0万元` -> `最高补贴30万元`.
LATIN_WORD_END = re.compile(r"[A-Za-z]$")
LATIN_WORD_START = re.compile(r"^[A-Za-z]")


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


def ends_paragraph(text: str) -> bool:
    """'现印发给你们，请认真组织实施。' -> True; '对倍增企业一季度规模与效益发展情况开展综' -> False."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_END


def starts_heading(text: str) -> bool:
    """'（二）完善市场体系' -> True; '合评价，分档给予企业最高50万元的奖励。' -> False."""
    return bool(HEADING_START.match(text.lstrip()))


def wrap_gap(before: str, after: str) -> str:
    """What a line break inside a paragraph becomes: a space between Latin words, else nothing.

    ('最高补贴3', '0万元') -> ''; ('到', '2024年') -> ''; ('public', 'service') -> ' '.
    """
    return " " if LATIN_WORD_END.search(before) and LATIN_WORD_START.search(after) else ""


@dataclass(frozen=True)
class Geometry:
    """Where a document's text column lies, in points, and how wide a character is."""

    left: float
    right: float
    char: float

    def full(self, line: Line) -> bool:
        """The line reaches the right margin, so its paragraph may go on."""
        return line.x1 >= self.right - FULL_LINE_SLACK * self.char

    def indented(self, line: Line) -> bool:
        """The line starts right of the left margin: `　　一、总体要求` (a two-character indent)."""
        return line.x0 >= self.left + INDENT_MIN_CHARS * self.char


def measure(lines: list[Line]) -> Geometry:
    """The text column of a document's lines.

    Margins are quantiles of line starts and ends, not extremes, so that a stray
    line running past the margin (a long URL) does not move them.
    """
    long_lines = [line for line in lines if len(line.text.strip()) >= 4]
    if not long_lines:
        return Geometry(0.0, math.inf, 0.0)
    starts = sorted(line.x0 for line in long_lines)
    ends = sorted(line.x1 for line in long_lines)
    char = statistics.median((line.x1 - line.x0) / len(line.text) for line in long_lines)
    return Geometry(starts[int(LEFT_QUANTILE * (len(starts) - 1))],
                    ends[int(MARGIN_QUANTILE * (len(ends) - 1))], char)


def uses_indent(lines: list[Line], geometry: Geometry) -> bool:
    """Do paragraphs start indented? Judged on lines that follow a short (paragraph-ending) line."""
    starts = [line for prev, line in zip(lines, lines[1:]) if not geometry.full(prev)]
    return len(starts) >= INDENT_MIN_STARTS and (
        sum(map(geometry.indented, starts)) >= INDENT_SHARE * len(starts))


def join_lines(lines: list[Line], geometry: Geometry | None = None) -> list[str]:
    """Join lines broken inside a paragraph; Chinese is joined without a space.

    A line goes on into the next when it is full, the next does not start a
    heading, and — where paragraphs start indented — the next is not indented,
    or — where they do not — the line does not end a sentence.

    [Line('一、支持企业稳产增产。对倍增企业', 90, 505), Line('开展综合评价。', 90, 200), Line('二、扩投资', 90, 160)]
    -> ['一、支持企业稳产增产。对倍增企业开展综合评价。', '二、扩投资']
    """
    lines = [line for line in lines if line.text.strip()]
    geometry = geometry or measure(lines)
    indent = uses_indent(lines, geometry)
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        goes_on = (previous is not None and geometry.full(previous) and not starts_heading(text)
                   and (not geometry.indented(line) if indent else not ends_paragraph(previous.text)))
        if goes_on:
            paragraphs[-1] += wrap_gap(paragraphs[-1], text) + text
        else:
            paragraphs.append(text)
        previous = line
    return paragraphs
