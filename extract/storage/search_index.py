"""Chinese full-text search: jieba-segmented FTS5 indexes for Datasette.

FTS5's own tokenizers cannot split Chinese into words, and a custom
tokenizer cannot be registered from Python's sqlite3. So each searchable
table gets an FTS5 table `<table>_fts` whose columns hold the text already
segmented with jieba's search mode (tokens joined by spaces), keyed by the
table's rowid, plus a `chars` column (see CHARS_COLUMN); the query is
segmented the same way (`fts_query`) before it reaches MATCH — by the
`jieba_search` plugin for Datasette's search box.

The indexes are contentless (`content=''`): they hold the index only, not a
second and third copy of the text, so the database stays a few times the size
of the corpus. Searches read the rows through `rowid` (bm25 works without the
content); removing a document's rows re-segments them for FTS5's `delete`.
The segmentation happens in the worker that extracted the document
(`search_row`), not in the parent.

    >>> segment_for_search("全区护理型养老床位占比不低于60%")
    '全区 护理 护理型 养老 床位 占比 不 低于 60'
"""
from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from functools import lru_cache

from extract.text.nlp import tokenizer

# Which columns of which tables are searchable; `<table>_fts` has the same
# column names, so `?_search_<column>=` works too.
SEARCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "plans": ("title",),
    "sections": ("heading",),
    "tasks": ("title", "text", "path"),
    "indicators": ("quote", "metric"),
}

# A token worth indexing has a letter or digit: drops "，" "、" "（" and spaces.
WORD_CHAR = re.compile(r"\w")
NOT_WORD_CHARS = re.compile(r"\W+")
# Double quotes would end an FTS5 string; they never matter to a search.
FTS_QUOTE = '"'
# The extra FTS column holding every character as a token. jieba cuts a text
# by its context, so a word can lose its edges to a neighbour: 居家养老 in
# 引进2—3家居家养老 is cut 家居|家|养老, 长者食堂 broken over a page as
# 社\n\n区长者食堂 is cut 区长|者|食堂. A phrase of single characters finds
# exactly what a LIKE '%q%' scan finds, so the query asks for the jieba words
# OR that phrase.
CHARS_COLUMN = "chars"
# FTS5 keeps new index entries in memory and writes them out as a segment, to be merged
# later, whenever this many bytes are pending (FTS5's own default: 1 MiB). A build writes
# hundreds of thousands of search rows in one transaction: larger flushes write fewer
# segments and merge less (scripts/benchmark.py: the search rows of 1,000 plans take
# 3.1 s of CPU instead of 4.2 s). What the index answers does not change.
WRITE_HASH_BYTES = 16 << 20


# Blocks whose search words are remembered per process (400 synthetic plans hold about 7,000
# distinct blocks; the bound keeps a worker's memory flat on corpora of real plans).
SEARCH_BLOCK_CACHE_SIZE = 1 << 16


def segment_tokens(text: str | None) -> list[str]:
    """'护理型床位' -> ['护理', '护理型', '床位'] (jieba search mode, our dictionary).

    Cut block by block (jieba cuts each block on its own, and search mode adds each word's
    parts after it): the blocks of a plan's sentences repeat in its headings, paths and
    quotes and across plans, so each block's search words are found once."""
    if not text:
        return []
    words: list[str] = []
    for block in tokenizer().blocks(text):
        words.extend(_block_search_words(block))
    return words


@lru_cache(maxsize=SEARCH_BLOCK_CACHE_SIZE)
def _block_search_words(block: str) -> tuple[str, ...]:
    return tuple(t for t in tokenizer().cut_for_search(block, HMM=False) if WORD_CHAR.search(t))


@lru_cache(maxsize=65536)
def segment_for_search(text: str | None) -> str:
    """'区民政局牵头' -> '民政 区民政局 牵头': the indexed form of a text.

    Cached: headings and paths repeat on every task below them."""
    return " ".join(segment_tokens(text))


def query_tokens(query: str) -> list[str]:
    """The words a query must contain: '护理型床位' -> ['护理型', '床位'].

    The query is cut in precise mode: every precise-mode word of a text is
    among its search-mode tokens, so a text containing the query's words in
    the same context contains these tokens.
    """
    words = [w for w in tokenizer().cut(query, HMM=False) if WORD_CHAR.search(w)]
    return [w.replace(FTS_QUOTE, "") for w in words if w.replace(FTS_QUOTE, "")]


def char_tokens(text: str | None) -> str:
    """'护理型床位60%' -> '护 理 型 床 位 6 0': the indexed form for CHARS_COLUMN, every WORD_CHAR.

    (Removing the rest and joining what is left is faster than finding each character.)"""
    return " ".join(NOT_WORD_CHARS.sub("", text or ""))


def fts_query(query: str) -> str:
    """An FTS5 MATCH expression for a user's query.

    '护理型床位' -> '("护理" AND "型" AND "床位") OR chars : "护 理 型 床 位"'
    """
    words = list(dict.fromkeys(query_tokens(query)))  # a word twice asks nothing more of AND, and costs FTS5 twice
    if not words:
        return '""'
    jieba_part = " AND ".join(f'"{w}"' for w in words)
    return f'({jieba_part}) OR {CHARS_COLUMN} : "{char_tokens(query)}"'


def search_row(row: dict, columns: tuple[str, ...]) -> tuple[str, ...]:
    """What `<table>_fts` indexes for one row: each column segmented, then every character.

    `search_row({'heading': '一、总体要求'}, ('heading',))` -> ('总体 要求', '一 总 体 要 求')"""
    values = [row[c] for c in columns]
    return (*(segment_for_search(v) for v in values), char_tokens(" ".join(v or "" for v in values)))


def create_search_tables(conn: sqlite3.Connection) -> None:
    """An empty contentless `<table>_fts` for every table of SEARCH_COLUMNS (idempotent)."""
    for table, columns in SEARCH_COLUMNS.items():
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS [{table}_fts] "
                     f"USING fts5({', '.join((*columns, CHARS_COLUMN))}, content='')")


@contextmanager
def bulk_writes(conn: sqlite3.Connection):
    """Write many search rows with WRITE_HASH_BYTES of pending entries, then forget the setting:
    it lives in each index's `_config` table, and a published database keeps FTS5's default."""
    for table in SEARCH_COLUMNS:
        conn.execute(f"INSERT INTO [{table}_fts] ([{table}_fts], rank) VALUES ('hashsize', ?)", (WRITE_HASH_BYTES,))
    try:
        yield
    finally:
        for table in SEARCH_COLUMNS:
            conn.execute(f"DELETE FROM [{table}_fts_config] WHERE k = 'hashsize'")


def _insert_sql(table: str, delete: bool = False) -> str:
    columns = (*SEARCH_COLUMNS[table], CHARS_COLUMN)
    if delete:
        return (f"INSERT INTO [{table}_fts] ([{table}_fts], rowid, {', '.join(columns)}) "
                f"VALUES ('delete', {', '.join('?' * (len(columns) + 1))})")
    return f"INSERT INTO [{table}_fts] (rowid, {', '.join(columns)}) VALUES ({', '.join('?' * (len(columns) + 1))})"


def insert_search_rows(conn: sqlite3.Connection, table: str, rowids: list[int], rows: list[tuple[str, ...]]) -> None:
    conn.executemany(_insert_sql(table), [(rowid, *row) for rowid, row in zip(rowids, rows)])


def delete_search_rows(conn: sqlite3.Connection, table: str, where: str, params: tuple) -> None:
    """Remove rows of `table` matching `where` from its index: a contentless index is told
    the values it indexed, so they are segmented again, exactly as `search_row` did."""
    columns = SEARCH_COLUMNS[table]
    select = ", ".join(f"[{c}]" for c in columns)
    found = conn.execute(f"SELECT rowid, {select} FROM [{table}] WHERE {where}", params).fetchall()
    conn.executemany(_insert_sql(table, delete=True),
                     [(r[0], *search_row(dict(zip(columns, r[1:])), columns)) for r in found])


def build_search_index(conn: sqlite3.Connection) -> None:
    """Rebuild every `<table>_fts` from its table (a database built before the indexes were
    filled by the workers; the build itself inserts each document's rows as it writes them)."""
    for table, columns in SEARCH_COLUMNS.items():
        conn.execute(f"DROP TABLE IF EXISTS [{table}_fts]")
    create_search_tables(conn)
    for table, columns in SEARCH_COLUMNS.items():
        select = ", ".join(f"[{c}]" for c in columns)
        found = conn.execute(f"SELECT rowid, {select} FROM [{table}] ORDER BY rowid").fetchall()
        insert_search_rows(conn, table, [r[0] for r in found],
                           [search_row(dict(zip(columns, r[1:])), columns) for r in found])
