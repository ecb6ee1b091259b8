"""Rows of a table put back under their columns.

A merged cell is printed only in the first row it covers, so the later rows
of a group have fewer cells, missing on either side:

    任务分类 | 主要方向 | 重点任务 | 2024年 | 2025年 | 2026年 | 牵头 | 配合 | 实施主体
    （一）提升… | 1、改善城市道路环境 | （1）建设精品道路300条。 | … | 设施养护处 | …
    （4）建设慢行交通精品区域50个。 | …17个。 | …17个。 | …16个。

Each short row is aligned to the columns in order, every cell to the
column whose kind it fits best (a sequence number to 序号, a list of bodies
to a unit column, text numbered like a column's cells to that column); the
columns it skips are its merged cells. Group labels spanning the table
(`行动一：…`) are kept apart as the label of the rows below them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extract.structure.table_columns import Columns, cell_kind, numbering_style
from extract.structure.tables import Cell, Row, Table

# `行动一：…` `专项二、…` `（三）…` `四、…` `第一部分`: a row that only names a group.
LABEL_TEXT = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}?[一二三四五六七八九十]{1,3}\s*[:：、.]|[（(][一二三四五六七八九十]{1,3}[)）]"
                        r"|[一二三四五六七八九十]{1,3}\s*[、.]|第[一二三四五六七八九十\d]{1,3}[部分类章篇])")
# How much a cell of one kind fits a column of one role.
FIT = {
    ("seq", "number"): 3.0, ("date", "deadline"): 3.0, ("date", "year_plan"): 1.0,
    ("orgs", "lead"): 3.0, ("orgs", "co"): 3.0, ("orgs", "office"): 3.0,
}
MISFIT = -3.0
TEXT_ROLES = ("item", "task", "year_plan", "reference", "duties", "other")


@dataclass
class AlignedRow:
    row: Row
    cells: list[Cell | None]     # one per column; None where the row printed nothing (a merged cell)
    label: Row | None            # the group label the row sits under, if the table has them


def _fit(cell: Cell, role: str, columns: Columns, j: int) -> float:
    kind = cell_kind(cell.text)
    profile = columns.profiles[j]
    if kind == "empty":
        return 0.5
    if kind == "text":
        score = 1.0 if role in TEXT_ROLES else MISFIT
    elif kind == "seq" and role in ("item", "task") and profile.share("seq") >= 0.5:
        score = 1.0
    else:
        score = FIT.get((kind, role), 1.0 if profile.share(kind) >= 0.5 else -2.0)
    style = numbering_style(cell.text)
    if profile.numbering:
        score += 2.0 if style == profile.numbering else -1.0 if style else -0.5
    if profile.mean_chars and kind == "text":
        score -= 0.3 * abs(math.log((len(cell.text) + 1) / (profile.mean_chars + 1)))
    return score


# How much better the cells must fit elsewhere before a full row's layout is doubted.
RELAYOUT_MARGIN = 2.0


def align(row: Row, columns: Columns) -> list[Cell | None]:
    """The row's cells under the columns: in printed order, skipped columns left None.

    A row printed at full width with empty (merged) cells is taken as laid out,
    unless its filled cells fit the columns clearly better elsewhere: a page
    or a print that placed a merged cell's gap on the wrong side
    (`2、改善农村道路 | （2）推进… | (empty) | …` under 分类 | 方向 | 重点任务)."""
    width = len(columns.roles)
    cells = row.cells
    if len(cells) >= width:
        laid_out = list(cells[:width])
        filled = [c for c in laid_out if c.text]
        if len(filled) == width:
            return laid_out
        placed = _best_placement(filled, columns)
        if placed is not None and placed[0] > RELAYOUT_MARGIN + sum(
                _fit(c, columns.roles[j], columns, j) for j, c in enumerate(laid_out) if c.text):
            return placed[1]
        return laid_out
    placed = _best_placement(list(cells), columns)
    return placed[1] if placed else [None] * width


def _best_placement(cells: list[Cell], columns: Columns) -> tuple[float, list[Cell | None]] | None:
    """The monotone placement of `cells` in the columns that fits best, with its score."""
    width = len(columns.roles)
    n = len(cells)
    if n > width:
        return None
    neg = float("-inf")
    # best[i][j]: the best score placing the first i cells within the first j columns
    best = [[neg] * (width + 1) for _ in range(n + 1)]
    took = [[False] * (width + 1) for _ in range(n + 1)]
    for j in range(width + 1):
        best[0][j] = 0.0
    for i in range(1, n + 1):
        for j in range(i, width + 1):
            skip = best[i][j - 1]
            take = best[i - 1][j - 1] + _fit(cells[i - 1], columns.roles[j - 1], columns, j - 1)
            best[i][j], took[i][j] = (take, True) if take >= skip else (skip, False)
    out: list[Cell | None] = [None] * width
    i, j = n, width
    while i > 0:
        if took[i][j]:
            out[j - 1] = cells[i - 1]
            i -= 1
        j -= 1
    return best[n][width], out


def is_label(row: Row, width: int) -> bool:
    """A row naming a group: a line of its own inside the table, or one filled cell
    opening like a heading (`行动二：重塑美丽新居行动`) in a table of three or more columns."""
    if row.label:
        return True
    filled = [c for c in row.cells if c.text]
    return width >= 3 and len(filled) == 1 and bool(LABEL_TEXT.match(filled[0].text)) \
        and cell_kind(filled[0].text) == "text"


def aligned_rows(table: Table, columns: Columns) -> list[AlignedRow]:
    """Every data row aligned, each with the label above it."""
    width = len(columns.roles)
    out: list[AlignedRow] = []
    label: Row | None = None
    for row in table.rows:
        if is_label(row, width):
            label = row
            continue
        out.append(AlignedRow(row, align(row, columns), label))
    return out
