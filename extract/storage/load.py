"""Writing rows into SQLite: bulk inserts per table, one document at a time.

`ensure_db_shape` applies `schema/tables.sql` (tables first; indexes, which a
full build creates once at the end, by `create_indexes`) and `schema/views.sql`.
`save_document` writes one document's rows (made in the worker, see
extract.storage.rows) with one `executemany` per table, and its search rows
under the same rowids; `delete_document` takes them out again for an
incremental build. Rows go in in corpus order, so two builds of one corpus
give identical databases.
"""
from __future__ import annotations

import csv
import re
import sqlite3
from operator import itemgetter

from extract.figures.metrics import load_metrics
from extract.paths import SCHEMA_DIR
from extract.storage.rows import DOCUMENT_TABLES, DocumentRows
from extract.storage.search_index import SEARCH_COLUMNS, create_search_tables, delete_search_rows, insert_search_rows

# Rows that may repeat across documents: the first one written stays (units are shared by plans).
SHARED_TABLES = ("units",)
CREATE_INDEX = re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX", re.IGNORECASE)


def prepare_build_file(conn: sqlite3.Connection) -> None:
    """Fast writes for a database that is built in a temporary file and moved
    into place only when complete: a crash loses the temporary file, never
    the published database, so per-row durability buys nothing."""
    conn.execute("PRAGMA journal_mode = MEMORY")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -65536")


def _statements(path) -> list[str]:
    """The SQL statements of a schema file, comments and all (sqlite3 says where one ends)."""
    out, buffer = [], ""
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if _code(buffer).strip():
                out.append(buffer.strip())
            buffer = ""
    return out


def ensure_db_shape(conn: sqlite3.Connection, indexes: bool = True) -> None:
    """Tables, views and search tables from `schema/` (idempotent); indexes unless told to wait."""
    for statement in _statements(SCHEMA_DIR / "tables.sql"):
        if indexes or not CREATE_INDEX.match(_code(statement)):
            conn.execute(statement)
    conn.executescript((SCHEMA_DIR / "views.sql").read_text(encoding="utf-8"))
    create_search_tables(conn)


def _code(statement: str) -> str:
    return "\n".join(line for line in statement.splitlines() if not line.strip().startswith("--"))


def create_indexes(conn: sqlite3.Connection) -> None:
    """The indexes of `schema/tables.sql`, built once after the rows are in."""
    for statement in _statements(SCHEMA_DIR / "tables.sql"):
        if CREATE_INDEX.match(_code(statement)):
            conn.execute(statement)


def _rows(f) -> list[dict]:
    """CSV rows with only the named columns."""
    return [{k: v for k, v in row.items() if k} for row in csv.DictReader(f)]


def save_vocabularies(conn: sqlite3.Connection) -> None:
    """Function codes, canonical metrics and places: the same for every build of one extractor version."""
    with (SCHEMA_DIR / "unit_functions.csv").open(encoding="utf-8") as f:
        insert_rows(conn, "unit_functions", _rows(f), "OR REPLACE")
    insert_rows(conn, "canonical_metrics", [
        {"id": m.id, "name_zh": m.name_zh, "name_en": m.name_en, "definition": m.definition, "unit": m.unit}
        for m in load_metrics()], "OR REPLACE")
    with (SCHEMA_DIR / "places.csv").open(encoding="utf-8") as f:
        insert_rows(conn, "places", _rows(f), "OR REPLACE")


def insert_rows(conn: sqlite3.Connection, table: str, rows: list[dict], conflict: str = "",
                rowids: list[int] | None = None) -> None:
    """One `executemany` for rows that share the first row's columns."""
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f"[{c}]" for c in (["rowid"] if rowids else []) + columns)
    marks = ", ".join("?" * (len(columns) + (1 if rowids else 0)))
    values = list(map(_getter(columns), rows))   # itemgetter: 4x faster than a tuple per row from a generator
    if rowids:
        values = [(rowid, *row) for rowid, row in zip(rowids, values)]
    conn.executemany(f"INSERT {conflict} INTO [{table}] ({names}) VALUES ({marks})", values)


def _getter(columns: list[str]):
    """A row's values in `columns`' order, always as a tuple."""
    if len(columns) == 1:
        return lambda row: (row[columns[0]],)
    return itemgetter(*columns)


class RowIds:
    """The next rowid of each searchable table, so a row and its search row share one."""

    def __init__(self, conn: sqlite3.Connection):
        self.next = {t: (conn.execute(f"SELECT max(rowid) FROM [{t}]").fetchone()[0] or 0) + 1 for t in SEARCH_COLUMNS}

    def take(self, table: str, n: int) -> list[int]:
        first = self.next[table]
        self.next[table] += n
        return list(range(first, first + n))


def save_document(conn: sqlite3.Connection, doc: DocumentRows, rowids: RowIds) -> None:
    """One document's rows, one batch per table, and its search rows under the same rowids."""
    for table in DOCUMENT_TABLES:
        rows = doc.tables.get(table, [])
        ids = rowids.take(table, len(rows)) if table in SEARCH_COLUMNS else None
        insert_rows(conn, table, rows, "OR IGNORE" if table in SHARED_TABLES else "", ids)
        if ids:
            insert_search_rows(conn, table, ids, doc.search[table])


def delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Every row of one document (its plan's id is its doc_id), search rows included.

    The search rows are segmented again to be removed (a contentless index is told
    what it indexed), so the first removal loads jieba's dictionary."""
    plan = (doc_id,)
    for table, where in (("plans", "plan_id = ?"), ("sections", "plan_id = ?"), ("tasks", "plan_id = ?"),
                         ("indicators", "plan_id = ?")):
        delete_search_rows(conn, table, where, plan)
    conn.execute("DELETE FROM task_units WHERE task_id IN (SELECT task_id FROM tasks WHERE plan_id = ?)", plan)
    conn.execute("DELETE FROM indicator_units WHERE indicator_id IN "
                 "(SELECT indicator_id FROM indicators WHERE plan_id = ?)", plan)
    for table in ("indicators", "projects", "tasks", "sections", "plans"):
        conn.execute(f"DELETE FROM [{table}] WHERE plan_id = ?", plan)
    conn.execute("DELETE FROM similarity_words WHERE plan_id = ?", plan)
    conn.execute("DELETE FROM documents WHERE doc_id = ?", plan)


def save_problem(conn: sqlite3.Connection, file_name: str, severity: str, message: str,
                 cache_key: str | None = None) -> None:
    conn.execute("INSERT INTO build_problems (file_name, severity, message, cache_key) VALUES (?, ?, ?, ?)",
                 (file_name, severity, message, cache_key))


def save_build_info(conn: sqlite3.Connection, info: dict[str, str]) -> None:
    conn.executemany("INSERT OR REPLACE INTO build_info (key, value) VALUES (?, ?)", sorted(info.items()))
