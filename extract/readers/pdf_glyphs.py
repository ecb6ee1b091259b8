"""PDF characters -> printed lines, rebuilt from each glyph's baseline, size and place.

Offices set plans at 16 pt (三号) in a CJK serif or 仿宋 with digits and Latin letters
in a Times-like face. pdfminer gives the embedded CJK font no descent, so the boxes
of `济源示范区` sit about 0.2 em above those of `2023` on the same printed line; from
about 14 pt that is more than a fixed tolerance, and digits, `%` and quotes leave
their line. Here lines are found from the glyph origins (the baseline every face
shares), with tolerances in em of the font size; a smaller run beside a larger one
(a label beside a title, a raised note mark) joins the line it stands on. Glyphs
whose middle lies above or below the page box are not on the page and are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .cjk import WIDE
from .pdf_lines import Line
from .radicals import fold_radicals

# Two glyphs are on one line when their baselines differ by at most this share of the
# larger size: 0.3 em is far below any line pitch (≥ 1.15 em) and above the rounding
# of mixed faces and sub-point shifts.
BASELINE_TOLERANCE = 0.3
# Where a glyph's ink lies around its baseline, in em, whatever its font claims: CJK
# faces are drawn in [-0.88, +0.12] em about the baseline.
ASCENT, DESCENT = 0.88, 0.12
# A line of a smaller size overlapping a larger line's band by this share of its own
# height, side by side, is part of it: `附件1` at 12 pt beside a 16 pt title, `¹`.
SAME_BAND_SHARE = 0.5
# A gap wider than the line's usual gap by this share of an em is a space: between two
# narrow (Latin, digit) glyphs a word space (`public service`); between two wide ones
# a space the writer typed (`王清宪 省长`, `组　长`); between a wide and a narrow one
# two spaces at least (`专栏1  工业互联网`), for LibreOffice sets Asian and Latin text
# 0.2 em apart (`2025 年`) where nobody typed a space. The usual gap, most often 0,
# is the spread of a justified or letter-spaced line (`通 知`), never a space.
WORD_SPACE = 0.15
WIDE_SPACE = 0.2
MIXED_SPACE = 0.4
# The same glyph drawn twice within this share of an em is one glyph: fake bold.
OVERSTRIKE = 0.15
WIDE_CHAR = re.compile(f"[{WIDE}]")
# Glyphs a line may not start with (they stay on the line before): `，`, `。`, `）`, `”`, `%`.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉］｝”’,.;:?!)]}%％‰℃…‥—～·・")
# Glyphs a line may not end with (they go to the next line): `（`, `《`, `“`.
NO_LINE_END = frozenset("（《「『【〔〈［｛“‘([{")


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its text, horizontal extent, baseline (from the top) and size, in points."""

    text: str
    x0: float
    x1: float
    baseline: float
    size: float

    @property
    def top(self) -> float:
        return self.baseline - ASCENT * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + DESCENT * self.size

    @property
    def wide(self) -> bool:
        return bool(WIDE_CHAR.match(self.text))


def glyph(char: dict) -> Glyph:
    """A pdfplumber char as a Glyph; the baseline is the glyph origin of its text matrix.

    `{'text': '2', 'top': 49.71, 'bottom': 65.71, 'y1': 742.29, 'matrix': (…, 729.75), …}` ->
    Glyph('2', …, baseline=62.25, …): the origin, not the box, which differs by face.
    """
    _, b, c, _, _, f = char["matrix"]
    if char.get("upright", True) and not b and not c:
        baseline = char["top"] + (char["y1"] - f)
    else:
        baseline = char["bottom"]
    size = char.get("size") or (char["bottom"] - char["top"])
    return Glyph(char["text"], char["x0"], char["x1"], baseline, size)


def on_page(char: dict, bbox: tuple[float, float, float, float]) -> bool:
    """The glyph's middle lies inside the page box."""
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def within_page_height(char: dict, bbox: tuple[float, float, float, float]) -> bool:
    """The glyph's middle lies between the page box's top and bottom.

    Above or below it, the glyph is the clipped half of a line a page break cut, which
    the neighbouring page prints whole. Beyond the sides it is the end of a table too
    wide for the page (LibreOffice lets 9 columns run off the edge), and is kept.
    """
    mid_y = (char["top"] + char["bottom"]) / 2
    return bbox[1] <= mid_y <= bbox[3]


@dataclass
class _Band:
    """Glyphs gathered on one baseline."""

    glyphs: list[Glyph]
    baseline: float
    size: float

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)


def _bands(glyphs: list[Glyph]) -> list[_Band]:
    """Glyphs grouped by baseline, top to bottom."""
    bands: list[_Band] = []
    for g in sorted(glyphs, key=lambda g: (g.baseline, g.x0)):
        band = bands[-1] if bands else None
        if band and g.baseline - band.baseline <= BASELINE_TOLERANCE * max(g.size, band.size):
            band.glyphs.append(g)
            band.size = max(band.size, g.size)
        else:
            bands.append(_Band([g], g.baseline, g.size))
    return bands


def _beside(small: _Band, large: _Band) -> bool:
    """`small` stands in `large`'s band, left or right of all its glyphs."""
    overlap = min(small.bottom, large.bottom) - max(small.top, large.top)
    side_by_side = small.x1 <= large.x0 + 1 or small.x0 >= large.x1 - 1
    return side_by_side and overlap >= SAME_BAND_SHARE * (small.bottom - small.top)


def _join_bands(bands: list[_Band]) -> list[_Band]:
    """A smaller band beside a larger neighbour joins it: `附件1` beside a larger title."""
    joined: list[_Band] = []
    for band in bands:
        previous = joined[-1] if joined else None
        if previous and band.size != previous.size:
            small, large = (band, previous) if band.size < previous.size else (previous, band)
            if _beside(small, large):
                large.glyphs.extend(small.glyphs)
                joined[-1] = large
                continue
        joined.append(band)
    return joined


def _gap_text(left: Glyph, right: Glyph, spread: float = 0.0) -> str:
    """' ' where the gap between two glyphs, less the line's usual gap, is a space."""
    gap = right.x0 - left.x1 - spread
    em = min(left.size, right.size)
    if left.wide and right.wide:
        return " " if gap >= WIDE_SPACE * em else ""
    if left.wide or right.wide:
        return " " if gap >= MIXED_SPACE * em else ""
    return " " if gap > WORD_SPACE * em else ""


def _spread(glyphs: list[Glyph]) -> float:
    """The line's usual gap between glyphs: 0 for set text, more where justified or letter-spaced."""
    gaps = sorted(max(0.0, b.x0 - a.x1) for a, b in zip(glyphs, glyphs[1:]))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _ordered(glyphs: list[Glyph]) -> list[Glyph]:
    """Left to right by their middles, a glyph drawn twice over itself (fake bold) kept once.

    By middles, not left edges: Chromium sets `（` after `”` half an em back (`“7厂9站”（7厂`),
    so that its box starts left of the quote's although its ink is right of it.
    """
    out: list[Glyph] = []
    for g in sorted(glyphs, key=lambda g: g.x0 + g.x1):
        if out and g.text == out[-1].text and abs(g.x0 - out[-1].x0) <= OVERSTRIKE * g.size:
            continue
        out.append(g)
    return out


def head_width(glyphs: list[Glyph]) -> float:
    """Width of the line's first unbreakable piece: what could not have ended the line before.

    As line breakers (UAX #14) see it: an opening bracket goes with what follows, closing
    punctuation with what precedes, a narrow run (a number, a word) is one piece, and a
    narrow comma or stop binds the digits after it. `（牵头单位…` -> `（牵`; `2023年…` ->
    `2023`; `车价格，…` -> `车`; `动,2023年…` -> `动,2023`.
    """
    if not glyphs:
        return 0.0
    end = 0
    while end < len(glyphs) - 1 and glyphs[end].text in NO_LINE_END:
        end += 1
    while end + 1 < len(glyphs):
        here, after = glyphs[end], glyphs[end + 1]
        if after.text in NO_LINE_START or (not here.wide and not after.wide and not _gap_text(here, after)):
            end += 1
        else:
            break
    return glyphs[end].x1 - glyphs[0].x0


def _line(band: _Band, page: int) -> Line:
    glyphs = _ordered(band.glyphs)
    spread = _spread(glyphs)
    text = glyphs[0].text + "".join(_gap_text(a, b, spread) + b.text for a, b in zip(glyphs, glyphs[1:]))
    sizes: dict[float, int] = {}
    for g in glyphs:
        sizes[round(g.size, 1)] = sizes.get(round(g.size, 1), 0) + 1
    size = max(sizes, key=lambda s: (sizes[s], s))
    return Line(fold_radicals(text), min(g.x0 for g in glyphs), max(g.x1 for g in glyphs),
                baseline=band.baseline, size=size, head=head_width(glyphs), page=page)


def glyph_lines(glyphs: list[Glyph], page: int = 0) -> list[Line]:
    """The printed lines of one page's glyphs, top to bottom.

    [Glyph('济', 33.7, 49.7, 62.25, 16), Glyph('2', 401.7, 409.7, 62.25, 16), …] -> [Line('济…2023年…', …)]
    """
    glyphs = [g for g in glyphs if g.text.strip()]
    return [_line(band, page) for band in _join_bands(_bands(glyphs))]

