"""Derived steps computed aside: in another process, while the build runs the other steps.

After the documents are written, a full build derives its tables across plans
one step after another, on one core; with `--jobs 2` or more the second core
sits idle for those seconds. A step whose rows are a function of the base
tables alone (the similar tasks and targets: items loaded, neighbours found)
can be computed beside the others: its save is a `ComputedTables`, and
`Aside` runs its `compute` in a spawned process that reads the committed
build file and writes the rows into a temporary file of its own, which the
build attaches at the step's turn and copies in, one `INSERT … SELECT` a table. The
rows are those the step's save would write; the build file stays the only
file published, and the temporary file goes with the build, however it ends.

Spawned, not forked: the build holds threads (the extraction pool stopping in
the background) that a fork would copy in an unknown state.
"""
from __future__ import annotations

import multiprocessing
import sqlite3
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from extract.analysis.rows import ComputedTables
from extract.storage.publish import new_temp_file

# The schema name the aside file is attached under while its rows are copied in.
ATTACHED_AS = "aside"


class Aside:
    """The ComputedTables steps of a build, computed in one spawned process.

    Start it once the base rows are committed, with the build's connection:
    until the rows are copied in, that connection keeps what it writes in
    memory (`cache_spill` off), since writing pages to the file would need the
    lock the process's reading holds. `write`, at a step's turn, waits for
    its rows, commits what the build wrote so far and attaches the file
    (SQLite attaches only outside a transaction; and attached earlier, the
    build's transaction would hold a read lock on the file that the process
    must write), then copies the rows in a new transaction. `close` stops the
    process, detaches and removes the file, whatever happened.
    """

    def __init__(self, conn: sqlite3.Connection, build_file: Path, steps: list, target: Path):
        conn.execute("PRAGMA cache_spill = OFF")
        self.computed = {name: save for name, save, *_ in steps if isinstance(save, ComputedTables)}
        self.file = new_temp_file(target)
        self.futures: dict[str, Future] = {}
        self.executor: ProcessPoolExecutor | None = None
        self.attached = False
        if self.computed:
            from extract.engines.local import die_with_parent

            self.executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=die_with_parent)
            for name, save in self.computed.items():
                self.futures[name] = self.executor.submit(compute_into, save, str(build_file), str(self.file))

    def __contains__(self, name: str) -> bool:
        return name in self.futures

    def write(self, conn: sqlite3.Connection, name: str, timings: dict[str, float] | None = None) -> None:
        """The rows the step `name` computed aside, in place of its tables' rows (raises what the process raised)."""
        seconds = self.futures[name].result()
        if timings is not None:
            timings[f"derived: {name} (computed aside)"] = seconds
        if not self.attached:
            conn.execute("COMMIT")
            conn.execute("PRAGMA cache_spill = ON")
            conn.execute(f"ATTACH DATABASE ? AS {ATTACHED_AS}", (str(self.file),))
            self.attached = True
            conn.execute("BEGIN")
        for table, columns in self.computed[name].tables.items():
            names = ", ".join(f"[{c}]" for c in columns)
            conn.execute(f"DELETE FROM main.[{table}]")
            conn.execute(f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM {ATTACHED_AS}.[{table}]")

    def close(self, conn: sqlite3.Connection | None = None) -> None:
        """Stop the process (cancelling what it has not begun), detach (after the build's commit) and remove the file."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
        if conn is not None and self.attached:
            try:
                conn.execute(f"DETACH DATABASE {ATTACHED_AS}")
            except sqlite3.OperationalError:   # a failed build's transaction still open: the connection closes next
                pass
        self.file.unlink(missing_ok=True)


def compute_into(save: ComputedTables, build_file: str, out_file: str) -> float:
    """In the aside process: `save.compute` over the build file, read in one snapshot, its rows
    written into `out_file`'s tables; returns the seconds it took."""
    import sqlite_utils

    started = time.perf_counter()
    source = sqlite3.connect(f"file:{build_file}?mode=ro", uri=True, isolation_level=None)
    try:
        source.execute("BEGIN")   # one snapshot: every read of the step sees the same rows
        rows = save.compute(sqlite_utils.Database(source))
    finally:
        source.close()
    out = sqlite3.connect(out_file, isolation_level=None)
    try:
        out.execute("PRAGMA journal_mode = OFF")
        out.execute("PRAGMA synchronous = OFF")
        out.execute("BEGIN")
        for table, columns in save.tables.items():
            out.execute(f"CREATE TABLE [{table}] ({', '.join(f'[{c}]' for c in columns)})")
            out.executemany(f"INSERT INTO [{table}] VALUES ({', '.join('?' * len(columns))})", rows[table])
        out.execute("COMMIT")
    finally:
        out.close()
    return time.perf_counter() - started
