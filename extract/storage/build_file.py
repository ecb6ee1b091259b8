"""The temporary database of one build: copied or new, old documents out, new ones in, derived tables up to date.

An incremental build copies the published database (and has it written to
disk while the workers extract, so that publishing syncs only what changed);
a full one starts from an empty file with the schema. Documents that left
the corpus are removed, the workers' outcomes written as they come back,
every problem recorded, then the derived steps run (extract.storage.derived),
all in one transaction. extract.builder publishes the file.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from extract.corpus import Corpus, CorpusFile, Outcome
from extract.storage.aside import Aside
from extract.storage.derived import prepare_derived_steps, registered_steps, run_derived_steps
from extract.storage.load import (RowIds, create_indexes, delete_document, ensure_db_shape, prepare_build_file,
                                  save_build_info, save_document, save_problem, save_vocabularies)
from extract.storage.publish import CopyInBackground, Kept, new_temp_file
from extract.storage.search_index import bulk_writes

if TYPE_CHECKING:
    from extract.builder import BuildReport


def write_build_file(db_path: Path, version: str, corpus: Corpus, kept: Kept, todo: list[CorpusFile],
                     outcomes: Iterator[Outcome], report: BuildReport, clock, echo: Callable[[str], None],
                     progress: bool, steps: list | None, copying: CopyInBackground | None = None,
                     compute_aside: bool = False) -> Path | None:
    """The new database in a temporary file beside `db_path`, or None (and no file) when no document
    could be read; the file is removed again if anything fails. An incremental build starts from
    `copying`, the published database's copy (made here if not given). With `compute_aside` (a core
    to spare), a full build computes the steps that can be computed aside in another process
    (extract.storage.aside) while it runs the others."""
    reuse = report.incremental
    if reuse:
        copying = copying or CopyInBackground(db_path)
        with clock("wait for the copy"):
            tmp = copying.result()
        report.timings["copy published database"] = copying.seconds
        report.timeline.append(("copy published database (a thread)", copying.started - report.started,
                                copying.started + copying.seconds - report.started))
    else:
        with clock("new database"):
            tmp = new_temp_file(db_path)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            prepare_build_file(conn)
            if not reuse:
                ensure_db_shape(conn, indexes=False)   # (executescript commits: before the transaction)
            conn.execute("BEGIN")
            if not reuse:
                save_vocabularies(conn)
            _remove(conn, corpus, kept, report, clock, echo)
            prepared = {}
            if reuse and todo:   # what the derived steps can read before the new rows, read while the workers extract
                with clock("prepare derived steps"):
                    prepared = prepare_derived_steps(conn, steps, report.timings)
            _write(conn, corpus, todo, outcomes, report, clock, echo, progress)
            if not conn.execute("SELECT count(*) FROM plans").fetchone()[0]:
                conn.close()
                tmp.unlink(missing_ok=True)
                return None
            steps = registered_steps(steps)
            aside = None
            if compute_aside and not reuse:
                conn.execute("COMMIT")   # the aside process reads the committed rows
                aside = Aside(conn, tmp, steps, db_path)
                conn.execute("BEGIN")
            try:
                with clock("derived steps"):
                    run_derived_steps(conn, report.timings, report.changed_plan_ids if reuse else None, steps, aside,
                                      prepared)
                if not reuse:
                    with clock("indexes"):
                        create_indexes(conn)
                save_build_info(conn, {"extractor_version": version})
                conn.execute("COMMIT")
            finally:
                if aside is not None:
                    aside.close(conn)
            if not reuse:
                with clock("analyze"):
                    conn.execute("ANALYZE")
            report.counts = {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                             for t in ("plans", "tasks", "indicators", "units")}
            report.plans = report.counts["plans"]
        finally:
            conn.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _remove(conn: sqlite3.Connection, corpus: Corpus, kept: Kept, report: BuildReport, clock,
            echo: Callable[[str], None]) -> None:
    """Remove what left the corpus (a changed document's old rows too); fail again what failed before."""
    have, failed_before = kept.documents, kept.failed
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
    for f in corpus.files:
        if f.cache_key in failed_before:
            message = failed_before[f.cache_key][1].replace(failed_before[f.cache_key][0], f.name, 1)
            _fail(conn, report, echo, f.name, message, f.cache_key)


def _write(conn: sqlite3.Connection, corpus: Corpus, todo: list[CorpusFile], outcomes: Iterator[Outcome],
           report: BuildReport, clock, echo: Callable[[str], None], progress: bool) -> None:
    """Write what the workers extracted, record every problem."""
    rowids = RowIds(conn)
    if progress and todo:
        from tqdm import tqdm

        outcomes = tqdm(outcomes, total=len(todo), unit="doc", desc="extracting", file=sys.stderr, leave=False)
    with clock("extract and write (wall)"), bulk_writes(conn):
        for outcome in outcomes:
            if outcome.error:
                _fail(conn, report, echo, outcome.file_name, outcome.error, outcome.cache_key)
                continue
            with clock("write rows"):
                save_document(conn, outcome.rows, rowids)
            if outcome.span:
                report.timeline.append((f"worker: {outcome.file_name}", outcome.span[0] - report.started,
                                        outcome.span[1] - report.started))
            for stage, seconds in outcome.seconds.items():
                report.timings[f"worker: {stage}"] = report.timings.get(f"worker: {stage}", 0.0) + seconds
            for warning in outcome.rows.warnings:
                save_problem(conn, outcome.file_name, "warning", warning, outcome.cache_key)
            report.extracted += 1
            report.changed_plan_ids.append(outcome.rows.doc_id)
    for name, reason in corpus.problems:
        _fail(conn, report, echo, name, f"{name}: {reason}", None)


def _fail(conn: sqlite3.Connection, report: BuildReport, echo: Callable[[str], None], name: str, message: str,
          cache_key: str | None) -> None:
    report.failed += 1
    report.errors.append(message)
    echo(f"error: {message}")
    save_problem(conn, name, "error", message, cache_key)
