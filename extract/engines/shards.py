"""A document's rows as a Parquet shard, keyed by the sha256 of its bytes.

One shard holds everything one document gives (extract.storage.rows): a row
per table, `table` naming it and `rows` holding its rows as a JSON array (the
tables differ in columns; JSON keeps each value exact, floats included), with
the file name, warnings and any error in the file's metadata. Shards are
what a Dask cluster hands back; merging them into SQLite is the one step
that runs on a single machine.
"""
from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract.corpus import Outcome
from extract.storage.rows import DOCUMENT_TABLES, DocumentRows
from extract.storage.search_index import SEARCH_COLUMNS

SCHEMA = pa.schema([("table", pa.string()), ("rows", pa.string())])
# A bytes value (similarity_words' blobs) in a shard's JSON: {"$bytes": "<base64>"}.
BYTES_KEY = "$bytes"


def _encode(value):
    if isinstance(value, bytes):
        return {BYTES_KEY: base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot store {type(value).__name__} in a shard")


def _decode(obj: dict):
    return base64.b64decode(obj[BYTES_KEY]) if len(obj) == 1 and BYTES_KEY in obj else obj


def shard_bytes(outcome: Outcome) -> bytes:
    """`Outcome` -> Parquet bytes."""
    tables, rows = [], []
    if outcome.rows is not None:
        for table, table_rows in outcome.rows.tables.items():
            tables.append(table)
            rows.append(json.dumps(table_rows, ensure_ascii=False, default=_encode))
        for table, search_rows in outcome.rows.search.items():
            tables.append(f"search:{table}")
            rows.append(json.dumps(search_rows, ensure_ascii=False))
    meta = {"file_name": outcome.file_name, "error": outcome.error, "cache_key": outcome.cache_key,
            "doc_id": outcome.rows.doc_id if outcome.rows else None,
            "warnings": outcome.rows.warnings if outcome.rows else []}
    table = pa.table({"table": tables, "rows": rows}, schema=SCHEMA.with_metadata(
        {"plan_kb": json.dumps(meta, ensure_ascii=False)}))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def read_shard(source: Path | bytes) -> Outcome:
    """Parquet shard (a path or its bytes) -> `Outcome`."""
    table = pq.ParquetFile(io.BytesIO(source) if isinstance(source, bytes) else source).read(use_threads=False)
    meta = json.loads(table.schema.metadata[b"plan_kb"])
    if meta["error"]:
        return Outcome(meta["file_name"], None, meta["error"], meta["cache_key"])
    tables: dict[str, list] = {t: [] for t in DOCUMENT_TABLES}
    search: dict[str, list] = {t: [] for t in SEARCH_COLUMNS}
    for name, rows in zip(table.column("table").to_pylist(), table.column("rows").to_pylist()):
        if name.startswith("search:"):
            search[name[len("search:"):]] = [tuple(r) for r in json.loads(rows)]
        else:
            tables[name] = json.loads(rows, object_hook=_decode)
    rows = DocumentRows(meta["file_name"], meta["doc_id"], tables, search, meta["warnings"])
    return Outcome(meta["file_name"], rows, None, meta["cache_key"])
