"""Extraction in worker processes on this machine, each file under a wall-clock budget.

A pebble process pool: a file that runs past FILE_BUDGET_SECONDS is reported
and its worker killed and replaced, so one crafted file cannot hang the build.
Workers are forked after the models are loaded (they share them), ask the
kernel to kill them when the build process dies (a `kill -9` of the build
leaves no workers behind), and are given one file at a time so results come
back in file order.
"""
from __future__ import annotations

import ctypes
import signal
from collections import deque
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Iterator

from pebble import ProcessExpired, ProcessPool

from extract.corpus import CorpusFile, Outcome, process_file, warm_up
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
    return process_file(Path(path), cache_key)


def extract_local(files: list[CorpusFile], jobs: int, budget: float = FILE_BUDGET_SECONDS) -> Iterator[Outcome]:
    """Outcomes of `files` in order, extracted by `jobs` worker processes."""
    if not files:
        return
    warm_up()   # before the fork: every worker inherits the loaded dictionaries and pipeline
    with ProcessPool(max_workers=max(1, jobs), initializer=die_with_parent) as pool:
        pending: deque = deque()
        queued = iter(files)
        try:
            while True:
                # a bounded window: results wait for the writer in memory only this far ahead
                while len(pending) < WINDOW_PER_WORKER * max(1, jobs) and (f := next(queued, None)) is not None:
                    pending.append((f, pool.schedule(_process, (str(f.path), f.cache_key), timeout=budget)))
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
