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
needs itself, at the same time as the parent's own work, inside the file's
budget.
"""
from __future__ import annotations

import ctypes
import signal
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
    from extract.one_file import process_file

    return process_file(Path(path), cache_key)


def warm_up() -> None:
    from extract.one_file import warm_up as load_models

    load_models()


def extract_local(files: list[CorpusFile], jobs: int, budget: float = FILE_BUDGET_SECONDS) -> Iterator[Outcome]:
    """Outcomes of `files` in order, extracted by `jobs` worker processes (fewer for fewer files),
    which are at work when this returns."""
    outcomes = _outcomes(files, jobs, budget)
    next(outcomes)   # up to the first yield: the workers forked and their first files handed out
    return outcomes


def _outcomes(files: list[CorpusFile], jobs: int, budget: float) -> Iterator[Outcome | None]:
    if not files:
        yield None
        return
    workers = min(max(1, jobs), len(files))
    if len(files) > workers:
        warm_up()   # before the fork: every worker inherits the loaded dictionaries and pipeline
    # The first `schedule` forks the workers in this thread, before the caller goes on (and imports).
    with ProcessPool(max_workers=workers, initializer=die_with_parent) as pool:
        pending: deque = deque()
        queued = iter(files)
        try:
            started = False
            while True:
                # a bounded window: results wait for the writer in memory only this far ahead
                while len(pending) < WINDOW_PER_WORKER * workers and (f := next(queued, None)) is not None:
                    pending.append((f, pool.schedule(_process, (str(f.path), f.cache_key), timeout=budget)))
                if not started:
                    started = True
                    yield None
                if not pending:
                    break
                f, future = pending.popleft()
                yield _outcome(f, future, budget)
        finally:
            pool.stop()


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
