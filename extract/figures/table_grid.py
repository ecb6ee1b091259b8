"""A mostly numeric table read as a grid of values: row keys × column headers.

Plans print yearly schedules and allocations as tables of bare numbers:

    表1 达标评估推进计划表                       任务量分解表        面积单位：亩
    年份 | 达标区域 | 面积（平方公里）| 占比       街镇 | …存量… | 2024-2026年任务量 | 2024年30% | 2025年40% | 2026年30%
    2024年 | 远香湖南 | 4.73 | 40.39 | 40%      青村镇 | 1145.10 … | 574 | 172 | 230 | 172

A value's year comes from its row key (`2024年`), its column header (`2025年计划`,
`2024年30%`) or, for the column that totals a run of year columns, the last of
those years. Its unit comes from the cell (`40%`), the header's brackets
(`（平方公里）`) or the caption (`面积单位：亩`). Columns that describe the stock
(`存量`, `现状`) beside year columns are no targets, nor are rows dated before
the plan starts (`2020年-2023年`, the baseline).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extract.figures.cell_values import CellValue, parse_value_cell
from extract.structure.tables import Cell, Row, Table
from extract.text.dates import YEAR_SPAN
from extract.text.textnorm import fold

# `2024年` `2024年30%` `目标值（2025年）` `2025年计划`: one year in a header or key cell.
ONE_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*年?(?![\d-])")
# `（平方公里）` `(%)` `（万元）`: the unit a header gives its column.
HEADER_UNIT = re.compile(r"[(（]([^()（）\d]{1,6})[)）]")
# `面积单位：亩` `单位：万元` printed above or below a table.
CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*([^\s,，;；、]{1,6})")
# A grid is mostly values: this share of filled data cells at least.
MIN_VALUE_SHARE = 0.4


@dataclass
class GridValue:
    cell: Cell
    value: CellValue
    unit: str | None
    year: int | None
    metric: str
    row: Row


def _value(cell: Cell) -> CellValue | None:
    return parse_value_cell(cell.text) if cell.text else None


def _year_of_key(text: str) -> int | None:
    """`2024年` -> 2024; `2020年-2023年` -> 2023 (the span's end)."""
    span = YEAR_SPAN.search(fold(text))
    if span:
        return int(span.group(2))
    m = re.fullmatch(r"\s*(20\d{2})\s*年?\s*", fold(text))
    return int(m.group(1)) if m else None


def _single_year(text: str) -> int | None:
    found = {int(y) for y in ONE_YEAR.findall(fold(text))}
    return found.pop() if len(found) == 1 and not YEAR_SPAN.search(fold(text)) else None


def caption_unit(text_around: str) -> str | None:
    """`面积单位：亩` -> '亩'."""
    m = CAPTION_UNIT.search(fold(text_around))
    return m.group(1) if m else None


def _header_rows(table: Table) -> tuple[list[Row], list[Row]]:
    """The header and the rows below it that print no value (a header over several rows)."""
    rows = [r for r in table.rows if not r.label]
    k = 0
    while k < len(rows) and not any(_value(c) for c in rows[k].cells):
        k += 1
    return [table.header] + rows[:k], rows[k:]


def _is_grid(data: list[Row]) -> bool:
    filled = [c for r in data for c in r.cells if c.text]
    values = [c for c in filled if _value(c)]
    return len(data) >= 2 and bool(filled) and len(values) / len(filled) >= MIN_VALUE_SHARE


def _year_columns(headers: list[Row], n_values: int) -> dict[int, tuple[int, Cell]]:
    """Value-column index (from the right, -1 = last) -> (year, header cell), from the longest
    run of one-year cells that ends a header row: `2024年30% | 2025年40% | 2026年30%`."""
    best: dict[int, tuple[int, Cell]] = {}
    for row in headers:
        run: dict[int, tuple[int, Cell]] = {}
        cells = list(row.cells)
        while cells and not cells[-1].text:   # a page's grid pads the header rows with covered cells
            cells.pop()
        for k, cell in enumerate(reversed(cells), start=1):
            year = _single_year(cell.text)
            if year is None or k > n_values:
                break
            run[-k] = (year, cell)
        if len(run) > len(best):
            best = run
    return best


def _header_unit(headers: list[Row]) -> str | None:
    """The one bracketed unit of the header rows, for the columns printing bare numbers."""
    units = {m.group(1) for row in headers for c in row.cells for m in HEADER_UNIT.finditer(fold(c.text))}
    units = {u for u in units if not re.search(r"年|月|含|注", u)}
    return units.pop() if len(units) == 1 else None


def read_value_grid(table: Table, caption: str = "", first_year: int | None = None) -> list[GridValue]:
    """Every committed value of a numeric table; [] when the table is no grid or dates nothing."""
    headers, data = _header_rows(table)
    if not _is_grid(data):
        return []
    value_counts = Counter(sum(1 for c in r.cells if _value(c)) for r in data)
    n_values = value_counts.most_common(1)[0][0]
    year_cols = _year_columns(headers, n_values)
    unit_default = _header_unit(headers) or caption_unit(caption)
    out: list[GridValue] = []
    row_year: int | None = None
    label = ""
    for row in data:
        keys = [c for c in row.cells if c.text and not _value(c)]
        years = [y for y in (_year_of_key(c.text) for c in keys) if y]
        if years:
            row_year = years[-1]
        names = [c.text for c in keys if _year_of_key(c.text) is None]
        if names:
            label = "".join(names)
        values = [c for c in row.cells if _value(c)]
        if year_cols:
            out.extend(_allocation(row, values, year_cols, n_values, unit_default, label))
        elif row_year is not None and (first_year is None or row_year >= first_year):
            for cell in values:
                v = _value(cell)
                if not v.bracketed and v.value:
                    out.append(GridValue(cell, v, v.unit or unit_default, row_year, label, row))
    if year_cols:
        out.extend(_header_values(year_cols))
    return out


def _allocation(row: Row, values: list[Cell], year_cols, n_values: int, unit: str | None,
                label: str) -> list[GridValue]:
    """Year columns, and the column before them when it totals them (`574 = 172 + 230 + 172`)."""
    if len(values) != n_values:
        return []
    out = []
    by_year = []
    for k, (year, header) in sorted(year_cols.items()):
        cell = values[n_values + k]
        v = _value(cell)
        by_year.append(v.value)
        if v.value and not v.bracketed:
            out.append(GridValue(cell, v, v.unit or unit, year, f"{label}{fold(header.text)}", row))
    total_at = n_values - len(year_cols) - 1
    if total_at >= 0:
        cell = values[total_at]
        v = _value(cell)
        if v.value and abs(v.value - sum(by_year)) <= 0.01 * max(1.0, v.value):
            last = max(year for year, _ in year_cols.values())
            out.append(GridValue(cell, v, v.unit or unit, last, f"{label}合计", row))
    return out


def _header_values(year_cols) -> list[GridValue]:
    """`2024年30%`: a share the header itself assigns to its year."""
    out = []
    for _, (year, header) in sorted(year_cols.items()):
        rest = re.sub(r"20\d{2}\s*年", "", header.text)
        v = parse_value_cell(rest) if rest.strip() else None
        if v is not None and v.unit:
            out.append(GridValue(header, v, v.unit, year, fold(header.text), Row([header], header.start, header.end)))
    return out
