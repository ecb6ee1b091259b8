"""One build: what to extract, extracting it, writing it, publishing it.

A build starts from the published database when it was made by the same
extractor version (an incremental build) and from an empty file otherwise or
with `full=True`. Documents are keyed by `cache_key` (their bytes' sha256,
their sidecar's, the extractor version): a document whose key is in the
database keeps its rows; one whose key is gone has its rows removed; a new key
is extracted. Files that failed before with the same key fail again without
being re-read. Then every derived step runs (extract.storage.derived), and
the file is renamed over the published one.

What the build and its workers both need (the row-making modules, jieba's
dictionary) is loaded once before they fork. When each worker has at most one
document (an incremental build of a few changes), the workers start then and
load the extraction modules and spaCy themselves, while the build loads its
own modules, removes what left and reads what the derived steps can read
before the new rows come (extract.storage.build_file); the published database
is copied in a thread meanwhile. With more documents, the workers start once
the build has loaded the extraction modules too, and inherit them.

    report = run_build(Path("corpus"), Path("kb.db"), jobs=2)
    report.plans, report.extracted, report.reused, report.failed
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from extract.corpus import CorpusFile, Outcome, scan_corpus
from extract.storage.publish import (CopyInBackground, Kept, build_lock, publish, read_info, read_kept,
                                     remove_stale_temp_files, sibling_paths)
from extract.version import extractor_version

# Engine: (files to extract, jobs) -> outcomes in file order.
Engine = Callable[[list[CorpusFile], int], Iterator[Outcome]]


class NothingToPublish(RuntimeError):
    """No document could be read: the previous database is left as it was."""


@dataclass
class BuildReport:
    plans: int = 0
    extracted: int = 0
    reused: int = 0
    removed: int = 0
    failed: int = 0
    incremental: bool = False
    errors: list[str] = field(default_factory=list)
    changed_plan_ids: list[str] = field(default_factory=list)   # added, replaced or removed (a plan's id is its doc_id)
    timings: dict[str, float] = field(default_factory=dict)
    # (stage, start, end) in seconds since the build began; workers' files too ("worker: NAME")
    timeline: list[tuple[str, float, float]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    counts: dict[str, int] = field(default_factory=dict)


def local_engine(files: list[CorpusFile], jobs: int) -> Iterator[Outcome]:
    from extract.engines.local import extract_local

    return extract_local(files, jobs)


def run_build(corpus_dir: Path, db_path: Path, jobs: int = 1, full: bool = False, engine: Engine = local_engine,
              echo: Callable[[str], None] = print, progress: bool | None = None,
              steps: list | None = None) -> BuildReport:
    """Build (or update) `db_path` from `corpus_dir` and publish it atomically; `steps` replaces
    the registered derived steps (extract.storage.derived: another accuracy file, say)."""
    db_path = db_path.resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    clock = _Clock(report)
    with build_lock(db_path):
        remove_stale_temp_files(db_path)
        version = extractor_version()
        with clock("scan"):
            corpus = scan_corpus(corpus_dir, version, exclude=sibling_paths(db_path))
        if not corpus.files and not corpus.problems:
            raise FileNotFoundError(f"{corpus_dir}: no documents found")
        report.incremental = not full and db_path.exists() and read_info(db_path).get("extractor_version") == version
        kept = read_kept(db_path) if report.incremental else Kept()
        todo = [f for f in corpus.files if f.cache_key not in kept.documents and f.cache_key not in kept.failed]
        gone = set(kept.documents) - {f.cache_key for f in corpus.files}
        # With at most one document a worker, the workers load the extraction modules themselves:
        # they start once what they share with the build is loaded, and load the rest while the
        # build loads its own modules, removes what left and reads ahead. With more, they start
        # after the build's modules are loaded, and inherit the extraction modules too (local.py).
        few = len(todo) <= max(1, jobs)
        outcomes = None
        copying = None
        try:
            if report.incremental:
                copying = CopyInBackground(db_path)   # a thread, waiting on the disk beside what follows
            with clock("load shared modules"):
                load_shared(dictionary=bool(todo or gone))
            if few:
                with clock("start workers"):
                    outcomes = engine(todo, jobs)
            with clock("load build modules"):
                from extract.storage.build_file import write_build_file
            if not few:
                with clock("start workers"):
                    outcomes = engine(todo, jobs)
            tmp = write_build_file(db_path, version, corpus, kept, todo, outcomes, report, clock, echo,
                                   _show_progress(progress), steps, copying, compute_aside=jobs > 1)
        except BaseException:
            if copying is not None:
                copying.discard()
            raise
        finally:
            # the workers have exited before the lock is released (they hold its file too), and
            # stop at once if the build failed before their end
            getattr(outcomes, "close", lambda: None)()
        if tmp is None:
            raise NothingToPublish(f"{corpus_dir}: none of the {len(corpus.files) + len(corpus.problems)} "
                                   f"documents could be read; {db_path.name} is left as it was")
        try:
            with clock("publish"):
                publish(tmp, db_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return report


def load_shared(dictionary: bool) -> None:
    """What the build and its workers both need, loaded before the workers fork so that they inherit
    it: the modules that turn a document into rows (numpy, jieba, the search index) and, with
    `dictionary`, jieba's dictionary with our vocabulary (the workers cut text with it; a removed
    document's search rows are cut again to be taken out of the index)."""
    import extract.storage.rows  # noqa: F401  (imported for the workers)
    from extract.text.nlp import tokenizer

    if dictionary:
        tokenizer()


def _show_progress(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


class _Clock:
    """Seconds per stage, added into the report's timings, and each stage's place on its timeline:
    `with clock("scan"): …`."""

    def __init__(self, report: BuildReport):
        self.report = report

    def __call__(self, name: str):
        report = self.report

        class _Stage:
            def __enter__(self):
                self.started = time.monotonic()

            def __exit__(self, *exc):
                ended = time.monotonic()
                report.timings[name] = report.timings.get(name, 0.0) + ended - self.started
                report.timeline.append((name, self.started - report.started, ended - report.started))

        return _Stage()
