"""Writing derived rows: one prepared statement run over every row.

The derived tables hold hundreds of thousands of rows on a large corpus;
sqlite-utils' `insert_all` builds a statement per chunk and checks columns,
several times slower than `executemany` over tuples.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Sequence

if TYPE_CHECKING:
    import sqlite_utils

# Ids bound in one `IN (…)` list: well under SQLite's limit of bound parameters (999 in old builds).
IDS_PER_QUERY = 500


def insert_tuples(db: sqlite_utils.Database, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert tuples whose values are in `columns` order into an existing table."""
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", rows)


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert dicts that all have the keys of the first into an existing table."""
    if rows:
        columns = list(rows[0])
        insert_tuples(db, table, columns, (tuple(r[c] for c in columns) for r in rows))


def id_chunks(ids: Sequence[str]) -> list[list[str]]:
    """`ids` in lists of at most IDS_PER_QUERY, for `IN (…)` queries over any number of plans or items."""
    ids = list(ids)
    return [ids[i:i + IDS_PER_QUERY] for i in range(0, len(ids), IDS_PER_QUERY)]


def marks(ids: Sequence[str]) -> str:
    """The placeholders of an `IN (…)` list: ['a', 'b'] -> '?, ?'."""
    return ", ".join("?" * len(ids))


# Rows of one step: table -> its rows, in the order of the table's columns in `ComputedTables.tables`.
TableRows = dict[str, list[tuple]]


class ComputedTables:
    """A derived step's save that computes the rows of `tables` (table -> its columns), reading
    only the base tables, then replaces those tables' rows with them: callable as the save
    itself, or computed aside (extract.storage.aside)."""

    def __init__(self, tables: dict[str, tuple[str, ...]], compute: Callable[[sqlite_utils.Database], TableRows]):
        self.tables, self.compute = tables, compute
        self.__doc__ = compute.__doc__

    def __call__(self, db: sqlite_utils.Database) -> None:
        rows = self.compute(db)
        for table, columns in self.tables.items():
            db.execute(f"DELETE FROM [{table}]")
            insert_tuples(db, table, columns, rows[table])
