"""Where a build's CPU goes, outside the pool: one worker's stages and the parent's writing.

    python scripts/write_costs.py CORPUS_DIR [--limit 1000]

Extracts the documents of CORPUS_DIR in this one process (as one worker does, after
`warm_up`), then writes their rows into a fresh database file as the parent of a
build does, and prints CPU seconds (time.process_time): per worker stage, the cost
of receiving the rows (unpickling them, as the pool does), per table of rows, and
for the search rows with their every-character column and without it (the second
only to measure it: the build always writes it). Figures are printed, not asserted.
"""
from __future__ import annotations

import argparse
import pickle
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.corpus import corpus_files  # noqa: E402
from extract.one_file import process_file, warm_up  # noqa: E402
from extract.storage.load import (SHARED_TABLES, RowIds, ensure_db_shape, insert_rows,  # noqa: E402
                                  prepare_build_file, save_vocabularies)
from extract.storage.rows import DOCUMENT_TABLES  # noqa: E402
from extract.storage.search_index import SEARCH_COLUMNS, bulk_writes, insert_search_rows  # noqa: E402


def extract_all(folder: Path, limit: int) -> tuple[list, Counter, float]:
    """Outcomes of the first `limit` documents, worker stage seconds, and the unpickling CPU."""
    warm_up()
    stages: Counter = Counter()
    outcomes = []
    unpickle = 0.0
    for path in corpus_files(folder)[:limit]:
        outcome = process_file(path, f"bench:{path.name}")
        stages.update(outcome.seconds)
        blob = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        started = time.process_time()
        outcomes.append(pickle.loads(blob))
        unpickle += time.process_time() - started
    return [o for o in outcomes if o.rows is not None], stages, unpickle


def write_all(outcomes: list, chars_column: bool = True) -> tuple[Counter, float]:
    """CPU seconds per table of rows, and for all search rows, writing as a full build does."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "kb.db", isolation_level=None)
        prepare_build_file(conn)
        ensure_db_shape(conn, indexes=False)
        conn.execute("BEGIN")
        save_vocabularies(conn)
        rowids = RowIds(conn)
        tables: Counter = Counter()
        search = 0.0
        with bulk_writes(conn):
            for outcome in outcomes:
                for table in DOCUMENT_TABLES:
                    rows = outcome.rows.tables.get(table, [])
                    ids = rowids.take(table, len(rows)) if table in SEARCH_COLUMNS else None
                    started = time.process_time()
                    insert_rows(conn, table, rows, "OR IGNORE" if table in SHARED_TABLES else "", ids)
                    tables[table] += time.process_time() - started
                    if ids:
                        values = outcome.rows.search[table]
                        if not chars_column:
                            values = [row[:-1] + ("",) for row in values]
                        started = time.process_time()
                        insert_search_rows(conn, table, ids, values)
                        search += time.process_time() - started
        started = time.process_time()
        conn.execute("COMMIT")
        search += time.process_time() - started   # FTS5 flushes what it holds at the commit
        conn.close()
    return tables, search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=1000, help="Documents to read, in name order.")
    args = parser.parse_args()
    outcomes, stages, unpickle = extract_all(args.corpus, args.limit)
    n = len(outcomes)
    print(f"{n} documents extracted in this process")
    for stage, seconds in stages.items():
        print(f"worker  {stage:<52} {seconds:7.2f} s  ({1000 * seconds / max(n, 1):.1f} ms a document)")
    print(f"parent  {'receiving the rows (unpickling)':<52} {unpickle:7.2f} s")
    tables, search = write_all(outcomes)
    for table, seconds in tables.most_common():
        print(f"parent  rows of {table:<44} {seconds:7.2f} s")
    print(f"parent  {'all rows':<52} {sum(tables.values()):7.2f} s")
    print(f"parent  {'search rows':<52} {search:7.2f} s")
    _, without_chars = write_all(outcomes, chars_column=False)
    print(f"parent  {'search rows without the every-character column':<52} {without_chars:7.2f} s")


if __name__ == "__main__":
    main()
