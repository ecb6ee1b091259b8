"""Derived tables for serving: `schema/summaries.sql` run on a finished database.

    >>> build_summaries(db)   # metric_statements, function_plan_tasks, plan_year_due, unit_mentions

Each table is a function of the database alone (no document is read), so a
build runs this once after every plan's rows are written, and a build that
changes only some plans runs it again to bring the summaries up to date.
"""
from __future__ import annotations

import sqlite3

import sqlite_utils

from extract.paths import SCHEMA_DIR

SUMMARIES_SQL = SCHEMA_DIR / "summaries.sql"


def statements(script: str) -> list[str]:
    """The statements of a script, each complete: `executescript` would commit the build's
    transaction first, so the statements run one by one inside it."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and line.lstrip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return [s for s in out if s.strip(" ;\n")]


def build_summaries(db: sqlite_utils.Database) -> None:
    """Drop and recreate every derived table of SUMMARIES_SQL."""
    for statement in statements(SUMMARIES_SQL.read_text(encoding="utf-8")):
        db.conn.execute(statement)
