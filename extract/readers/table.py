"""Tables as text: one line per row, cells joined by a TAB.

HTML and Word tables are rendered alike so that one table module downstream
reads both. A cell covered by a merge (`rowspan`/`colspan` in HTML,
`vMerge`/`gridSpan` in Word) is rendered EMPTY; the table module fills it down.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.limits import MAX_TABLE_CELLS, OverLimit

CELL_SEPARATOR = "\t"

# Any run of whitespace inside a cell, including the TAB that would break the row
# and the full-width indent `　　` Word exports put before cell text.
CELL_WHITESPACE = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class SpanCell:
    """A cell as written in the source, before merges are laid out."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def cell_text(text: str) -> str:
    """Collapse a cell's whitespace: '  市发展改革委\\n  市财政局 ' -> '市发展改革委 市财政局'."""
    return CELL_WHITESPACE.sub(" ", text).strip()


def grid_from_spans(rows: list[list[SpanCell]]) -> list[list[str]]:
    """Lay out cells with spans on a grid; covered positions stay empty.

    [[SpanCell('序号', rowspan=2), SpanCell('任务')], [SpanCell('推进改革')]]
    -> [['序号', '任务'], ['', '推进改革']]
    """
    grid: list[dict[int, str]] = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        placed: dict[int, str] = {}
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            placed[c] = cell_text(cell.text)
            if len(covered) + max(cell.rowspan, 1) * max(cell.colspan, 1) > MAX_TABLE_CELLS:
                raise OverLimit(f"a table of more than {MAX_TABLE_CELLS:,} cells")
            for dr in range(max(cell.rowspan, 1)):
                for dc in range(max(cell.colspan, 1)):
                    if dr or dc:
                        covered.add((r + dr, c + dc))
            c += max(cell.colspan, 1)
        grid.append(placed)
    width = max([c + 1 for row in grid for c in row] + [c + 1 for _, c in covered] or [0])
    return [[row.get(c, "") for c in range(width)] for row in grid]


def table_lines(grid: list[list[str]]) -> list[str]:
    """One TAB-joined line per row, rows with no text dropped: [['序号', '任务']] -> ['序号\\t任务']."""
    return [CELL_SEPARATOR.join(row) for row in grid if any(row)]
