"""Ruled tables of a PDF page, and tables continued from page to page.

pdfplumber finds cells between rules. Where a page break cuts a row, Chromium
draws the part at the foot of the page without its closing rule and the part on
the next page without its opening rule: the side rules run on to the page's
edge of text. Such an open end is closed here with a rule of our own, so the cut
row is a row, and its cells remember they are open: the next page's open cells
continue them (`pdf_stitch`). A cell's text is rebuilt from glyph baselines like
body text (`pdf_glyphs`) and its wrapped lines joined (`cell_text`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

from .pdf_glyphs import DESCENT, Glyph, glyph_lines
from .pdf_lines import Line
from .pdf_paragraphs import starts_heading, wrap_gap

# A rule shorter than this is a side of a thin filled rectangle, not a rule (pdfplumber's
# own edge_min_length).
MIN_RULE = 3.0
# Rules this close are one rule: Chromium draws a cell's border and its neighbour's
# 0.75 pt apart; pdfplumber snaps within 3 pt.
SNAP = 3.0
# Room between a cell's rule and its text, at most: Chromium leaves 1 px, LibreOffice
# about 0.1 cm; below the last line there is also the line's own spacing, up to half an em.
CELL_PADDING = 6.0
FOOT_SLACK = 0.5
# A found table is a table with at least this many rows and columns (a box around one
# paragraph is not a table), unless it carries on a table from the page before: the
# last row of a table, moved whole to the next page, is one row alone there.
MIN_TABLE_ROWS, MIN_TABLE_COLUMNS = 2, 2


@dataclass
class Cell:
    """One ruled cell: its text, box, whether its top or bottom has no rule (cut by a page
    break), its last line (`last`) and the first piece of its first line (`head` wide)."""

    text: str
    bbox: tuple[float, float, float, float]
    open_top: bool = False
    open_bottom: bool = False
    last: Line | None = None
    head: float = 0.0

    def wraps_into(self, below: Cell) -> bool:
        """Its text runs on into `below`'s: its last line is full (`below`'s first piece would
        not have fitted after it) and lies at the foot of the cell (no room was left)."""
        if not (self.last and self.text and below.text):
            return False
        full = self.last.x1 + below.head >= self.bbox[2] - CELL_PADDING
        at_foot = self.last.baseline + DESCENT * self.last.size >= self.bbox[3] - CELL_PADDING - FOOT_SLACK * self.last.size
        return full and at_foot


@dataclass
class TableFragment:
    """The part of a table on one page: rows of cells on one column grid, None where a
    merged cell above covers the slot."""

    bbox: tuple[float, float, float, float]
    rows: list[list[Cell | None]]
    columns: tuple[float, ...]
    page: int = 0
    lines: tuple[Line, ...] = ()
    linked: bool = False                # goes on across a page break into or from another part

    @property
    def cut(self) -> bool:
        """A page break cuts the fragment: some cell has no opening or closing rule."""
        return any(cell and (cell.open_top or cell.open_bottom) for row in self.rows for cell in row)

    @property
    def small(self) -> bool:
        """Too small to be a table by itself: one column (a box around a paragraph), or one
        uncut row (a box around a line) unless it is part of a table a page break parts."""
        return len(self.columns) < MIN_TABLE_COLUMNS or (
            len(self.rows) < MIN_TABLE_ROWS and not self.cut and not self.linked)


def cell_text(lines: list[str]) -> str:
    """A cell's printed lines as written: ['市发展', '改革委'] -> '市发展改革委'.

    A line break inside a cell is the printer's wrap, joined as in body text:
    `2020年` + `12月` -> `2020年12月`. A line opening like a heading (`（2）`, `2.`)
    starts a new item of the cell and keeps a space.
    """
    joined = ""
    for line in lines:
        line = line.strip()
        if line:
            gap = (" " if starts_heading(line) else wrap_gap(joined, line)) if joined else ""
            joined += gap + line
    return joined


def _rules(page) -> tuple[list[dict], list[dict]]:
    """(horizontal, vertical) rule edges of a page, thin rectangles' short sides left out."""
    horizontal = [e for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= MIN_RULE]
    vertical = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= MIN_RULE]
    return horizontal, vertical


class SideRule(NamedTuple):
    x: float
    top: float
    bottom: float


def _side_rules(vertical: list[dict]) -> list[SideRule]:
    """(x, top, bottom) of each whole side rule: Chromium draws the rule between two merged
    cells as one piece per row beside them, and the pieces' ends are no ends."""
    merged: list[list[float]] = []
    for edge in sorted(vertical, key=lambda e: (round(e["x0"] / SNAP), e["top"])):
        last = merged[-1] if merged else None
        if last and abs(edge["x0"] - last[0]) <= SNAP and edge["top"] <= last[2] + SNAP:
            last[2] = max(last[2], edge["bottom"])
        else:
            merged.append([edge["x0"], edge["top"], edge["bottom"]])
    return [SideRule(*side) for side in merged]


def _ruled(horizontal: list[dict], y: float, x0: float, x1: float) -> bool:
    """A horizontal rule at `y` runs under the middle of [x0, x1]."""
    middle = (x0 + x1) / 2
    return any(abs(e["top"] - y) <= SNAP and e["x0"] - SNAP <= middle <= e["x1"] + SNAP for e in horizontal)


def _touches(horizontal: list[dict], y: float, x: float) -> bool:
    return any(abs(e["top"] - y) <= SNAP and e["x0"] - SNAP <= x <= e["x1"] + SNAP for e in horizontal)


def open_ends(page) -> list[dict]:
    """Rules closing side rules that stop at no rule: a row cut by a page break.

    Side rules of 004's 分工表 run to y=764 at the foot of the page with no rule there;
    a rule is drawn at that height across all side rules that end there, open or not
    (the merged cell's left rule ends on the rule closing the rows beside it).
    """
    horizontal, vertical = _rules(page)
    sides = _side_rules(vertical)
    added = []
    for end in ("top", "bottom"):
        points = [(getattr(side, end), side.x, not _touches(horizontal, getattr(side, end), side.x)) for side in sides]
        for y, group in _group(points):
            xs = [x for x, _ in group]
            if any(is_open for _, is_open in group) and len(xs) >= 2:
                added.append({"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y,
                              "width": max(xs) - min(xs), "height": 0.0})
    return added


def _group(points: list[tuple[float, float, bool]]) -> list[tuple[float, list[tuple[float, bool]]]]:
    """(y, [(x, open)…]) of points whose y lie within SNAP of each other."""
    groups: list[tuple[float, list[tuple[float, bool]]]] = []
    for y, x, is_open in sorted(points):
        if groups and y - groups[-1][0] <= SNAP:
            groups[-1][1].append((x, is_open))
        else:
            groups.append((y, [(x, is_open)]))
    return groups


def _inside(g: Glyph, bbox) -> bool:
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
    return x0 <= mid_x < x1 and top <= mid_y < bottom


def _cell(glyphs: list[Glyph], bbox, reach, horizontal: list[dict]) -> Cell:
    lines = glyph_lines([g for g in glyphs if _inside(g, reach)])
    x0, top, x1, bottom = bbox
    return Cell(cell_text([line.text for line in lines]), bbox,
                open_top=not _ruled(horizontal, top, x0, x1), open_bottom=not _ruled(horizontal, bottom, x0, x1),
                last=lines[-1] if lines else None, head=lines[0].head if lines else 0.0)


def _reach(bbox, page_box) -> tuple[float, float, float, float]:
    """A cell at the page's side reaches beyond it: LibreOffice lets a table too wide for
    the page run off the edge and draws its rules only up to it, the text beyond."""
    x0, top, x1, bottom = bbox
    if x0 <= page_box[0] + SNAP:
        x0 = -math.inf
    if x1 >= page_box[2] - SNAP:
        x1 = math.inf
    return x0, top, x1, bottom


def _within(xs: list[float], ys: list[float]) -> bool:
    """Every y lies within SNAP of some x."""
    return all(any(abs(x - y) <= SNAP for x in xs) for y in ys)


def _sections(table) -> list[list[list[tuple]]]:
    """The found table's rows (cell boxes starting in each) in runs on one set of columns.

    Two tables printed one right under the other touch, and pdfplumber finds one table
    on the columns of both (001's 重大项目清单 printed twice, 9 columns each, 16 found).
    A row whose column lefts (of its cells and the merged cells over it) neither hold
    nor are held by those of the run so far starts a new run; a row spanning columns
    (`（一）养老托育重大项目清单` over all nine) is held by any run.
    """
    sections: list[list[list[tuple]]] = []
    lefts: list[float] = []
    for row in table.rows:
        boxes = [box for box in row.cells if box is not None]
        top, bottom = boxes[0][1], min(box[3] for box in boxes)
        xs = sorted({c[0] for c in table.cells if c[1] < bottom - SNAP / 2 and c[3] > top + SNAP / 2})
        if sections and (_within(lefts, xs) or _within(xs, lefts)):
            sections[-1].append(boxes)
            lefts = sorted(set(lefts) | {x for x in xs if not _within(lefts, [x])})
        else:
            sections.append([boxes])
            lefts = xs
    return sections


def _fragment(section: list[list[tuple]], page, glyphs: list[Glyph], horizontal: list[dict],
              index: int) -> TableFragment:
    """The section's rows on its own column grid, each cell read from the glyphs in it."""
    columns: list[float] = []
    for x in sorted(box[0] for boxes in section for box in boxes):
        if not columns or x - columns[-1] > SNAP:
            columns.append(x)
    bbox = _reach((min(box[0] for boxes in section for box in boxes), min(box[1] for box in section[0]),
                   max(box[2] for boxes in section for box in boxes), max(box[3] for boxes in section for box in boxes)),
                  page.bbox)
    inside = [g for g in glyphs if _inside(g, bbox)]
    rows: list[list[Cell | None]] = []
    for boxes in section:
        cells: list[Cell | None] = [None] * len(columns)
        band = (-math.inf, min(box[1] for box in boxes), math.inf, max(box[3] for box in boxes))
        in_band = [g for g in inside if _inside(g, band)]       # each cell looks only at its row's glyphs
        for box in boxes:
            column = min(range(len(columns)), key=lambda c: abs(columns[c] - box[0]))
            cells[column] = _cell(in_band, box, _reach(box, page.bbox), horizontal)
        rows.append(cells)
    return TableFragment(bbox, rows, tuple(columns), index)


def page_tables(page, glyphs: list[Glyph], page_index: int = 0) -> list[TableFragment]:
    """Ruled tables of a page, cut rows closed; a small one keeps its text as lines too, to
    be read as text unless it carries on a table."""
    horizontal, _ = _rules(page)
    settings = {"explicit_horizontal_lines": open_ends(page)}
    fragments = []
    for table in page.find_tables(table_settings=settings):
        for section in _sections(table):
            fragment = _fragment(section, page, glyphs, horizontal, page_index)
            if fragment.small:
                fragment.lines = tuple(glyph_lines([g for g in glyphs if _inside(g, fragment.bbox)], page_index))
            fragments.append(fragment)
    return fragments


def inside_any(g: Glyph, fragments: list[TableFragment]) -> bool:
    """The glyph is drawn inside one of the tables."""
    return any(_inside(g, fragment.bbox) for fragment in fragments)
