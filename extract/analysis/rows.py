"""Writing derived rows: one `executemany` per table.

The derived tables hold hundreds of thousands of rows on a large corpus;
sqlite-utils' `insert_all` builds a statement per chunk and checks columns,
several times slower than a prepared statement run over every row.
"""
from __future__ import annotations

import sqlite_utils


def insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """Insert dicts that all have the same keys (those of the first) into an existing table."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
                        [tuple(r[c] for c in columns) for r in rows])
