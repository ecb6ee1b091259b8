"""One build: what to extract, extracting it, writing it, publishing it.

A build starts from the published database when it was made by the same
extractor version (an incremental build) and from an empty file otherwise or
with `full=True`. Documents are keyed by `cache_key` (their bytes' sha256,
their sidecar's, the extractor version): a document whose key is in the
database keeps its rows; one whose key is gone has its rows removed; a new key
is extracted. Files that failed before with the same key fail again without
being re-read. Then every derived step runs (extract.storage.derived), and
the file is renamed over the published one.

    report = run_build(Path("corpus"), Path("kb.db"), jobs=2)
    report.plans, report.extracted, report.reused, report.failed
"""
from __future__ import annotations

import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from extract.corpus import CorpusFile, Outcome, scan_corpus
from extract.storage.derived import run_derived_steps
from extract.storage.load import (RowIds, create_indexes, delete_document, ensure_db_shape, prepare_build_file,
                                  read_build_info, save_build_info, save_document, save_problem, save_vocabularies)
from extract.storage.publish import (build_lock, new_temp_file, publish, remove_stale_temp_files, sibling_paths)
from extract.storage.search_index import bulk_writes
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
    clock = _Clock(report.timings)
    with build_lock(db_path):
        remove_stale_temp_files(db_path)
        version = extractor_version()
        with clock("scan"):
            corpus = scan_corpus(corpus_dir, version, exclude=sibling_paths(db_path))
        if not corpus.files and not corpus.problems:
            raise FileNotFoundError(f"{corpus_dir}: no documents found")
        reuse = not full and db_path.exists() and read_info(db_path).get("extractor_version") == version
        with clock("copy published database" if reuse else "new database"):
            tmp = new_temp_file(db_path, copy_of=db_path if reuse else None)
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                prepare_build_file(conn)
                if not reuse:
                    ensure_db_shape(conn, indexes=False)   # (executescript commits: before the transaction)
                conn.execute("BEGIN")
                if not reuse:
                    save_vocabularies(conn)
                report.incremental = reuse
                _update(conn, corpus, jobs, engine, report, clock, echo, progress)
                if not conn.execute("SELECT count(*) FROM plans").fetchone()[0]:
                    raise NothingToPublish(f"{corpus_dir}: none of the {len(corpus.files) + len(corpus.problems)} "
                                           f"documents could be read; {db_path.name} is left as it was")
                with clock("derived steps"):
                    run_derived_steps(conn, report.timings, report.changed_plan_ids if reuse else None, steps)
                if not reuse:
                    with clock("indexes"):
                        create_indexes(conn)
                save_build_info(conn, {"extractor_version": version})
                conn.execute("COMMIT")
                if not reuse:
                    with clock("analyze"):
                        conn.execute("ANALYZE")
                report.counts = {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                                 for t in ("plans", "tasks", "indicators", "units")}
                report.plans = report.counts["plans"]
            finally:
                conn.close()
            with clock("publish"):
                publish(tmp, db_path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return report


def read_info(db_path: Path) -> dict[str, str]:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return read_build_info(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}


def _update(conn, corpus, jobs, engine, report, clock, echo, progress) -> None:
    """Remove what left the corpus, extract what is new, record every problem."""
    have = dict(conn.execute("SELECT cache_key, doc_id FROM documents").fetchall())
    failed_before = {key: (name, message) for key, name, message in conn.execute(
        "SELECT cache_key, file_name, message FROM build_problems WHERE severity = 'error' AND cache_key IS NOT NULL")}
    keys = {f.cache_key: f for f in corpus.files}
    with clock("remove"):
        for key, doc_id in sorted(have.items(), key=lambda kv: kv[1]):
            if key not in keys:
                delete_document(conn, doc_id)
                report.removed += 1
                report.changed_plan_ids.append(doc_id)
        # a kept document keeps its warnings; errors and the corpus's own problems are found again
        conn.execute("DELETE FROM build_problems WHERE severity = 'error' OR cache_key IS NULL OR cache_key NOT IN "
                     "(SELECT cache_key FROM documents WHERE cache_key IS NOT NULL)")
        for key, f in keys.items():   # a renamed file keeps its rows under its new name
            if key in have:
                conn.execute("UPDATE documents SET file_name = ? WHERE cache_key = ? AND file_name != ?",
                             (f.name, key, f.name))
    report.reused = sum(1 for key in keys if key in have)
    todo = [f for f in corpus.files if f.cache_key not in have and f.cache_key not in failed_before]
    for f in corpus.files:
        if f.cache_key in failed_before:
            message = failed_before[f.cache_key][1].replace(failed_before[f.cache_key][0], f.name, 1)
            _fail(conn, report, echo, f.name, message, f.cache_key)
    rowids = RowIds(conn)
    outcomes = engine(todo, jobs)
    if _show_progress(progress) and todo:
        from tqdm import tqdm

        outcomes = tqdm(outcomes, total=len(todo), unit="doc", desc="extracting", file=sys.stderr, leave=False)
    with clock("extract and write (wall)"), bulk_writes(conn):
        for outcome in outcomes:
            if outcome.error:
                _fail(conn, report, echo, outcome.file_name, outcome.error, outcome.cache_key)
                continue
            with clock("write rows"):
                save_document(conn, outcome.rows, rowids)
            for stage, seconds in outcome.seconds.items():
                report.timings[f"worker: {stage}"] = report.timings.get(f"worker: {stage}", 0.0) + seconds
            for warning in outcome.rows.warnings:
                save_problem(conn, outcome.file_name, "warning", warning, outcome.cache_key)
            report.extracted += 1
            report.changed_plan_ids.append(outcome.rows.doc_id)
    for name, reason in corpus.problems:
        _fail(conn, report, echo, name, f"{name}: {reason}", None)


def _fail(conn, report, echo, name, message, cache_key) -> None:
    report.failed += 1
    report.errors.append(message)
    echo(f"error: {message}")
    save_problem(conn, name, "error", message, cache_key)


def _show_progress(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


class _Clock:
    """Seconds per stage, added into a dict: `with clock("scan"): …`."""

    def __init__(self, timings: dict[str, float]):
        self.timings = timings

    def __call__(self, name: str):
        clock = self

        class _Stage:
            def __enter__(self):
                self.started = time.perf_counter()

            def __exit__(self, *exc):
                clock.timings[name] = clock.timings.get(name, 0.0) + time.perf_counter() - self.started

        return _Stage()
