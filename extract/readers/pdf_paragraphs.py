"""PDF lines -> paragraphs, from indentation, spacing and line length together.

A printed line ends its paragraph or the printer wrapped it. Offices mark
paragraphs by a two-character indent (`　　为深入贯彻…`); web pages printed to
PDF and LibreOffice documents by space between paragraphs; many by neither, and
then only a short line or a sentence end says so. A line is *full* when it
reaches the right margin or when the first piece of the next line would not have
fitted after it: `…在济源新购汽车按购` + `车价格的5%…` is wrapped, and so is a line
left short because `（2023—2025年）` could not be broken.
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from .pdf_lines import Line

# A line ending like this ends its paragraph, closing quotes and brackets aside:
# `…请认真组织实施。`, `各镇人民政府（街道办事处、园区管委会）、市府直属各有关单位：`.
SENTENCE_END = frozenset("。！？；：!?;:…")
CLOSERS = "”’」』）)】〕]"
# A line ending like this goes on, whatever the next starts with: `…形成规模效应。（` +
# `责任单位：…）` where the printer broke after the bracket.
OPENERS = "“‘「『（(【〔[《〈"
# A line starting like this starts a new paragraph: `二、千方百计扩投资`, `（三）`, `3.`,
# `24﹒促进区域协同发展`, `第二章`, `附件：`, `①`.
HEADING_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|[一二三四五六七八九十百零〇]+[、.．]"
    r"|[（(][一二三四五六七八九十百零〇\d]{1,3}[）)]"
    r"|\d{1,3}[、.．﹒](?!\d)"
    r"|[①-⑳]"
    r"|附件|附表)"
)
# So does a responsibility note standing under its tasks after a sentence end:
# `…得到全面推广。` + `牵头单位：区民政局；责任单位：…` (004 万州). After a comma it is the
# rest of a note: `（牵头单位：示范区文化广电和旅游局，` + `责任单位：示范区财政金融局）`.
NOTE_START = re.compile(r"^(?:牵头|责任|配合)单位[：:]")
# A line that is nothing but a 文号 is a paragraph of its own, however full the title
# above it: `某府办〔2023〕12号`, `沪府规[2022]3号`, `东府办（2026）3号`.
DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号$")
# A line reaching within this many character widths of the right margin is full,
# i.e. its paragraph goes on; a shorter line (a title, a date, a signature) ends.
FULL_LINE_SLACK = 1.5
# A line is also full when the next line's first piece (`head`) would have reached
# past the margin less this many character widths: it was wrapped, not ended.
HEAD_SLACK = 0.5
MARGIN_QUANTILE = 0.9
LEFT_QUANTILE = 0.1
# Chinese paragraphs start with a two-character indent (`　　为深入贯彻…`); where at least
# INDENT_SHARE of paragraph starts are indented by a character or more, an unindented
# line after a full one continues its paragraph even after `。`.
INDENT_MIN_CHARS = 1.0
INDENT_SHARE = 0.5
INDENT_MIN_STARTS = 3
# Lines of one paragraph follow at the document's line pitch for their size; a pitch
# larger by this share of an em is space between paragraphs (Chromium prints `<p>`
# 1 em apart, LibreOffice about 0.45 em). The usual pitch is a low quantile of the
# pitches seen, since most pairs of lines are inside a paragraph.
PARAGRAPH_SPACE = 0.3
PITCH_QUANTILE = 0.2
# Sizes within this share of each other are one size: 16 pt body beside 15.96 pt.
SAME_SIZE = 0.1
# Where this share of paragraph ends (short lines) are followed by space, the
# document spaces its paragraphs, and lines at the usual pitch belong together
# even after a sentence end.
SPACING_SHARE = 0.5
# Only Latin words broken over lines get a space back (`public\nservice`); Chinese text,
# digits included, is broken anywhere: `最高补贴3` + `0万元` -> `最高补贴30万元`.
LATIN_WORD_END = re.compile(r"[A-Za-z]$")
LATIN_WORD_START = re.compile(r"^[A-Za-z]")


def ends_paragraph(text: str) -> bool:
    """'现印发给你们，请认真组织实施。' -> True; '对倍增企业一季度规模与效益发展情况开展综' -> False."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_END


def starts_heading(text: str) -> bool:
    """'（二）完善市场体系' -> True; '合评价，分档给予企业最高50万元的奖励。' -> False."""
    return bool(HEADING_START.match(text.lstrip()))


def starts_paragraph(before: str, text: str) -> bool:
    """`text` opens a paragraph after the line `before`: a heading, or a note after a sentence end.

    ('…得到全面推广。', '牵头单位：区民政局；') -> True; ('（牵头单位：示范区旅游局，', '责任单位：…）') -> False.
    """
    return starts_heading(text) or (bool(NOTE_START.match(text.lstrip())) and ends_paragraph(before))


def wrap_gap(before: str, after: str) -> str:
    """What a line break inside a paragraph becomes: a space between Latin words, else nothing.

    ('最高补贴3', '0万元') -> ''; ('到', '2024年') -> ''; ('public', 'service') -> ' '.
    """
    return " " if LATIN_WORD_END.search(before) and LATIN_WORD_START.search(after) else ""


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_SIZE * max(a, b)


def _adjacent(prev: Line, line: Line) -> bool:
    """Next to each other on one page with a known size: their pitch means something."""
    return prev.page == line.page and line.baseline > prev.baseline and prev.size > 0 and line.size > 0


@dataclass(frozen=True)
class Geometry:
    """Where a document's text column lies, in points, how wide a character is, and the
    usual line pitch per font size."""

    left: float
    right: float
    char: float
    pitches: tuple[tuple[float, float], ...] = ()

    def full(self, line: Line, after: Line | None = None) -> bool:
        """The line reaches the right margin, or `after`'s first piece would not have fitted."""
        if line.x1 >= self.right - FULL_LINE_SLACK * self.char:
            return True
        return after is not None and after.head > 0 and line.x1 + after.head >= self.right - HEAD_SLACK * self.char

    def indented(self, line: Line) -> bool:
        """The line starts right of the left margin: `　　一、总体要求` (a two-character indent)."""
        return line.x0 >= self.left + INDENT_MIN_CHARS * self.char

    def pitch(self, size: float) -> float | None:
        for known, pitch in self.pitches:
            if _same_size(known, size):
                return pitch
        return None

    def spaced(self, prev: Line, line: Line) -> bool:
        """Space (or a change of size) between two lines of one page: a paragraph break."""
        if not _adjacent(prev, line):
            return False
        if not _same_size(prev.size, line.size):
            return True
        usual = self.pitch(max(prev.size, line.size))
        return usual is not None and line.baseline - prev.baseline > usual + PARAGRAPH_SPACE * line.size

    def close(self, prev: Line, line: Line) -> bool:
        """At the usual pitch on one page: lines of one paragraph where paragraphs are spaced."""
        return _adjacent(prev, line) and self.pitch(line.size) is not None and not self.spaced(prev, line)


def _pitches(lines: list[Line]) -> tuple[tuple[float, float], ...]:
    """(size, usual pitch) for each font size seen on consecutive lines of a page."""
    seen: dict[float, list[float]] = {}
    for prev, line in zip(lines, lines[1:]):
        if _adjacent(prev, line) and _same_size(prev.size, line.size):
            seen.setdefault(round(line.size), []).append(line.baseline - prev.baseline)
    out = []
    for size, pitches in sorted(seen.items()):
        pitches.sort()
        out.append((float(size), pitches[int(PITCH_QUANTILE * (len(pitches) - 1))]))
    return tuple(out)


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
                    ends[int(MARGIN_QUANTILE * (len(ends) - 1))], char, _pitches(lines))


def uses_indent(lines: list[Line], geometry: Geometry) -> bool:
    """Do paragraphs start indented? Judged on lines that follow a short (paragraph-ending) line."""
    starts = [line for prev, line in zip(lines, lines[1:]) if not geometry.full(prev, line)]
    return len(starts) >= INDENT_MIN_STARTS and (
        sum(map(geometry.indented, starts)) >= INDENT_SHARE * len(starts))


def uses_spacing(lines: list[Line], geometry: Geometry) -> bool:
    """Are paragraphs set apart by space? Judged like `uses_indent`, on lines after a short line."""
    pairs = [(prev, line) for prev, line in zip(lines, lines[1:])
             if not geometry.full(prev, line) and _adjacent(prev, line)]
    return len(pairs) >= INDENT_MIN_STARTS and (
        sum(geometry.spaced(prev, line) for prev, line in pairs) >= SPACING_SHARE * len(pairs))


def join_lines(lines: list[Line], geometry: Geometry | None = None) -> list[str]:
    """Join lines broken inside a paragraph; Chinese is joined without a space.

    A line goes on into the next when no space or change of size parts them, it
    is full, and neither is a bare 文号; then, where paragraphs start indented, when the next is not
    indented; where they are spaced, when the two follow at the usual pitch
    (unless a sentence end is followed by a heading) or a page break parts them
    (unless a heading follows); else when the line does not end a sentence and the
    next does not start a heading.

    [Line('一、支持企业稳产增产。对倍增企业', 90, 505), Line('开展综合评价。', 90, 200), Line('二、扩投资', 90, 160)]
    -> ['一、支持企业稳产增产。对倍增企业开展综合评价。', '二、扩投资']
    """
    lines = [line for line in lines if line.text.strip()]
    geometry = geometry or measure(lines)
    indent = uses_indent(lines, geometry)
    spacing = not indent and uses_spacing(lines, geometry)
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        text = line.text.strip()
        if previous is None or geometry.spaced(previous, line) or not geometry.full(previous, line):
            goes_on = False
        elif DOC_NUMBER_LINE.match(text) or DOC_NUMBER_LINE.match(previous.text.strip()):
            goes_on = False
        elif previous.text.rstrip()[-1:] in OPENERS:
            goes_on = True
        elif indent:
            goes_on = not starts_paragraph(previous.text, text) and not geometry.indented(line)
        elif spacing and geometry.close(previous, line):
            goes_on = not (starts_paragraph(previous.text, text) and ends_paragraph(previous.text))
        elif spacing and previous.page != line.page:
            # A page break hides the space; a full line goes on unless a heading follows.
            goes_on = not starts_paragraph(previous.text, text)
        else:
            goes_on = not starts_paragraph(previous.text, text) and not ends_paragraph(previous.text)
        if goes_on:
            paragraphs[-1] += wrap_gap(paragraphs[-1], text) + text
        else:
            paragraphs.append(text)
        previous = line
    return paragraphs
