"""Extraction in worker processes on this machine, each file under a wall-clock budget.

A pebble process pool: a file that runs past FILE_BUDGET_SECONDS is reported
and its worker killed and replaced, so one crafted file cannot hang the build.
Workers ask the kernel to kill them when the build process dies (a `kill -9`
of the build leaves no workers behind) and are given one file at a time so
results come back in file order.

The pool starts before `extract_local` returns, so the workers read and
extract while the build copies the database and removes old rows. Where a
worker has several files, the models (jieba's dictionary, the spaCy pipeline,
the vocabularies) are loaded once before the fork and shared; where each
worker has at most one file (an incremental build of a few changed
documents), the parent does not wait for them: each worker loads what it
needs and the parent has not loaded (the extraction modules, spaCy) itself,
at the same time as the parent's own work, inside the file's budget.
"""
from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections import deque
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Iterator

from pebble import ProcessExpired, ProcessPool

from extract.corpus import CorpusFile, Outcome
from extract.limits import FILE_BUDGET_SECONDS

PR_SET_PDEATHSIG = 1
# Files handed out ahead of the one being written, per worker.
WINDOW_PER_WORKER = 4


def die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):   # not Linux: workers end when the pool's pipe closes
        pass


def _process(path: str, cache_key: str) -> Outcome:
    started = time.monotonic()
    loaded = time.perf_counter()
    from extract.one_file import process_file   # in the worker, unless warm_up loaded it before the fork

    loaded = time.perf_counter() - loaded
    outcome = process_file(Path(path), cache_key)
    if loaded > 0.01:   # the first file of a worker that loads the extraction modules itself
        outcome.seconds = {"load extraction modules": loaded, **outcome.seconds}
    outcome.span = (started, time.monotonic())
    return outcome


def warm_up() -> None:
    from extract.one_file import warm_up as load_models

    load_models()


def extract_local(files: list[CorpusFile], jobs: int, budget: float = FILE_BUDGET_SECONDS) -> Extraction:
    """Outcomes of `files` in order, extracted by `jobs` worker processes (fewer for fewer files),
    which are at work when this returns."""
    return Extraction(files, jobs, budget)


class Extraction:
    """A running pool's outcomes, in file order. After the last one the pool stops in the
    background; `close()` (the builder's, before it releases the database's lock, which
    the workers inherited) stops it if need be and waits until its workers have exited."""

    def __init__(self, files: list[CorpusFile], jobs: int, budget: float):
        self.files, self.budget = files, budget
        self.pending: deque = deque()
        self.pool: ProcessPool | None = None
        self.stopping: threading.Thread | None = None
        if not files:
            return
        self.workers = min(max(1, jobs), len(files))
        if len(files) > self.workers:
            warm_up()   # before the fork: every worker inherits the loaded dictionaries and pipeline
        self.pool = ProcessPool(max_workers=self.workers, initializer=die_with_parent)
        self.queued = iter(files)
        self._hand_out()   # the first `schedule` forks the workers, in this thread, before the caller goes on

    def _hand_out(self) -> None:
        # a bounded window: results wait for the writer in memory only this far ahead
        while len(self.pending) < WINDOW_PER_WORKER * self.workers and (f := next(self.queued, None)) is not None:
            self.pending.append((f, self.pool.schedule(_process, (str(f.path), f.cache_key), timeout=self.budget)))

    def __iter__(self) -> Iterator[Outcome]:
        return self

    def __next__(self) -> Outcome:
        if not self.pending:
            self._stop()
            raise StopIteration
        f, future = self.pending.popleft()
        outcome = _outcome(f, future, self.budget)
        self._hand_out()
        return outcome

    def _stop(self) -> None:
        """Stop the pool; joining waits for its manager thread to wake (it sleeps 0.1 s at a time)
        before the workers are stopped, so it runs beside the build."""
        if self.pool is not None and self.stopping is None:
            self.pool.stop()
            self.stopping = threading.Thread(target=self.pool.join, daemon=True)
            self.stopping.start()

    def close(self) -> None:
        self._stop()
        if self.stopping is not None:
            self.stopping.join()


def _outcome(f: CorpusFile, future, budget: float) -> Outcome:
    try:
        return future.result()
    except FutureTimeout:
        return Outcome(f.name, None, f"{f.name}: over the time budget: not read within {budget:.0f} s "
                                     f"(a crafted or pathological file); skipped", f.cache_key)
    except ProcessExpired as exc:
        return Outcome(f.name, None, f"{f.name}: the worker reading it died (exit code {exc.exitcode}: "
                                     f"out of memory or a crash in a library)", f.cache_key)
    except Exception as exc:   # an Outcome that could not be sent back, or the like
        return Outcome(f.name, None, f"{f.name}: extraction failed in its worker ({exc})", f.cache_key)
