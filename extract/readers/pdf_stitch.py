"""Tables continued over page breaks: one table, a cut row one row, a merged cell carried over.

A table ending one page and a table on the same columns starting the next are
one table. A row cut by the break comes as two parts: the cells of the part on
the next page that have no opening rule (`Cell.open_top`, as Chromium prints
them) continue the cells above them, so `建立行业标准` at the foot of one page and
`和服务规范` at the head of the next are one cell, and a row of nothing but such
cells is no row of its own. LibreOffice rules both parts; there the second part
is known by its text (`_ruled_continuation`). A merged cell continued on the next
page is covered there, as under a `rowspan`, so that the table module fills it
down into the rows it spans.
"""
from __future__ import annotations

from .pdf_paragraphs import wrap_gap
from .pdf_tables import Cell, TableFragment
from .table import cell_text as collapse

# Column lefts of two fragments within this many points are the same columns.
COLUMN_SLACK = 4.0


def same_columns(a: TableFragment, b: TableFragment) -> bool:
    """Both fragments lay their cells on the same column lefts."""
    return len(a.columns) == len(b.columns) and all(
        abs(x - y) <= COLUMN_SLACK for x, y in zip(a.columns, b.columns))


def _covering(rows: list[list[Cell | None]], column: int) -> Cell | None:
    """The cell that covers the last row in `column`: the lowest one that starts there."""
    for row in reversed(rows):
        if row[column] is not None:
            return row[column]
    return None


def _join(a: str, b: str) -> str:
    return a + wrap_gap(a, b) + b if a and b else a or b


def _texts(row: list[Cell | None]) -> list[str]:
    return [collapse(cell.text) if cell else "" for cell in row]


def _opens(row: list[Cell | None]) -> bool:
    return any(cell is not None and cell.open_top for cell in row)


def _ruled_continuation(rows: list[list[Cell | None]], first: list[Cell | None]) -> bool:
    """Is `first`, a fully ruled row heading the next page, the rest of the last row of `rows`?

    LibreOffice closes both parts of a cut row with rules. The second part shows by
    its text: where it goes on in a column, the cell above ended on a full line at
    its foot (its text wrapped onto the next page: `…重点推进：彭一住宅小区成套改造` +
    `项目，谈家桥路…`), and no column starts afresh under a cell that ended short or
    higher up (`2025年` above `2026年`, `77` at the top of a row of wrapped numbers).
    """
    going_on = False
    for column, cell in enumerate(first):
        above = _covering(rows, column) if cell is not None and cell.text else None
        if above is None or not above.text:
            continue
        if not above.wraps_into(cell):
            return False
        going_on = True
    return going_on


def _carry(rows: list[list[Cell | None]], first: list[Cell | None], only_open: bool) -> bool:
    """Append the cells of `first` to the cells above that they continue; True when all were."""
    for column, cell in enumerate(first):
        if cell is None or (only_open and not cell.open_top):
            continue
        above = _covering(rows, column)
        if above is None or (only_open and not above.open_bottom):
            continue
        above.text = _join(above.text, cell.text)
        above.open_bottom = cell.open_bottom
        first[column] = None
    return all(cell is None for cell in first)


def continue_table(rows: list[list[Cell | None]], header: list[str], fragment: TableFragment) -> None:
    """Append `fragment`, the next page's part of the table, to `rows` in place.

    A header row the printer repeated above the rest of a cut row is dropped; other
    repeats are kept, as a plan's own table may repeat its header mid-way (h03's 分解表).
    A cell the first row continues (open at the top, or the whole row where a ruled
    row goes on) joins the cell above; the row, if nothing of it is left, is dropped.
    """
    more = [list(row) for row in fragment.rows]
    if len(more) > 1 and header and _texts(more[0]) == header and _opens(more[1]):
        more = more[1:]
    if more and rows:
        if _opens(more[0]):
            if _carry(rows, more[0], only_open=True):
                more = more[1:]
        elif _ruled_continuation(rows, more[0]) and _carry(rows, more[0], only_open=False):
            more = more[1:]
    rows.extend(more)


def stitch(fragments: list[TableFragment]) -> list[list[str]]:
    """One table from its fragments on consecutive pages: its rows of cell texts."""
    rows = [list(row) for row in fragments[0].rows]
    header = _texts(rows[0]) if rows else []
    for fragment in fragments[1:]:
        continue_table(rows, header, fragment)
    return [_texts(row) for row in rows]
