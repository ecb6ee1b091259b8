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
import traceback
from pathlib import Path

from extract.analysis.rows import ComputedTables
from extract.storage.publish import new_temp_file

# The schema name the aside file is attached under while its rows are copied in.
ATTACHED_AS = "aside"


class AsideFailed(RuntimeError):
    """The aside process ended without a step's rows (killed, out of memory)."""


class Aside:
    """The ComputedTables steps of a build, computed one after another in one spawned process.

    Start it once the base rows are committed, with the build's connection:
    until the rows are copied in, that connection keeps what it writes in
    memory (`cache_spill` off), since writing pages to the file would need the
    lock the process's reading holds. `write`, at a step's turn, waits for
    its rows, commits what the build wrote so far and attaches the file
    (SQLite attaches only outside a transaction; and attached earlier, the
    build's transaction would hold a read lock on the file that the process
    must write), then copies the rows in a new transaction. `close` ends the
    process (at once, if the build failed), detaches and removes the file.
    """

    def __init__(self, conn: sqlite3.Connection, build_file: Path, steps: list, target: Path):
        self.computed = {name: save for name, save, *_ in steps if isinstance(save, ComputedTables)}
        self.file = new_temp_file(target)
        self.done: dict[str, tuple[str, object]] = {}
        self.process = None
        self.attached = False
        if self.computed:
            conn.execute("PRAGMA cache_spill = OFF")
            context = multiprocessing.get_context("spawn")
            self.results, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=compute_aside, name="aside",
                                           args=(list(self.computed.items()), str(build_file), str(self.file), sender))
            self.process.start()
            sender.close()

    def __contains__(self, name: str) -> bool:
        return name in self.computed

    def write(self, conn: sqlite3.Connection, name: str, timings: dict[str, float] | None = None) -> None:
        """The rows the step `name` computed aside, in place of its tables' rows (raises what the process raised)."""
        outcome, value = self._result(name)
        if outcome == "error":
            raise value
        if timings is not None:
            timings[f"derived: {name} (computed aside)"] = value
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

    def _result(self, name: str) -> tuple[str, object]:
        while name not in self.done:
            try:
                step, outcome, value = self.results.recv()
            except EOFError:
                self.process.join()
                raise AsideFailed(f"the process computing {name} aside ended without its rows "
                                  f"(exit code {self.process.exitcode})") from None
            self.done[step] = (outcome, value)
        return self.done[name]

    def close(self, conn: sqlite3.Connection | None = None) -> None:
        """End the process (killed if it is still at work: the build failed), detach and remove the file."""
        if self.process is not None:
            if self.process.is_alive() and len(self.done) < len(self.computed):
                self.process.kill()
            self.process.join()
            self.results.close()
        if conn is not None and self.attached:
            try:
                conn.execute(f"DETACH DATABASE {ATTACHED_AS}")
            except sqlite3.OperationalError:   # a failed build's transaction still open: the connection closes next
                pass
        self.file.unlink(missing_ok=True)


def compute_aside(steps: list[tuple[str, ComputedTables]], build_file: str, out_file: str, results) -> None:
    """The aside process: each step computed in turn, its rows written into `out_file`, and
    (step, "ok", seconds) or (step, "error", the exception) sent back."""
    from extract.engines.local import die_with_parent

    die_with_parent()
    for name, save in steps:
        try:
            results.send((name, "ok", compute_into(save, build_file, out_file)))
        except Exception as exc:
            try:
                results.send((name, "error", exc))
            except Exception:   # an exception that cannot be pickled: its text then
                results.send((name, "error", RuntimeError("".join(traceback.format_exception(exc)))))
            return
    results.close()


def compute_into(save: ComputedTables, build_file: str, out_file: str) -> float:
    """`save.compute` over the build file, read in one snapshot, its rows written into
    `out_file`'s tables; returns the seconds it took."""
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
