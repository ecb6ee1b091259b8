"""Build the knowledge base from a folder of plans, and optionally serve it.

    python build.py --corpus corpus --db kb.db [--serve] [--jobs 2]

The database is written to a temporary file beside the target and moved
into place only when the build has finished, so a failed build never
leaves a half-written database where the previous good one was. A file that
cannot be read is reported with its name and the reason; the rest still
builds, and the exit status is 1.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import click
import sqlite_utils

from extract.analysis import derive
from extract.analysis.accuracy import ACCURACY_FILE, AccuracyFileError, read_accuracy
from extract.analysis.graph_export import export_graphs
from extract.corpus import corpus_files, process_corpus
from extract.storage.load import ensure_db_shape, finish, prepare_build_file, save_plan, save_problem
from extract.storage.search_index import build_search_index
from extract.storage.summaries import build_summaries
from serving.server import serve as serve_db


@click.command()
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default="corpus",
              show_default=True, help="Folder of plans (.txt, .html, .docx, .pdf).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="kb.db", show_default=True,
              help="SQLite database to write (replaced only when the build succeeds).")
@click.option("--jobs", type=int, default=1, show_default=True, help="Worker processes for extraction.")
@click.option("--serve", is_flag=True, help="Serve the database with Datasette after building.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port for --serve.")
@click.option("--accuracy", "accuracy_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=ACCURACY_FILE, show_default=True,
              help="Evaluator figures (JSON of scripts/refresh_accuracy.py) to publish in the accuracy table.")
@click.option("--export-graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the graph as GraphML and GEXF (whole, per plan, unit network) into this folder.")
def main(corpus_dir: Path, db_path: Path, jobs: int, serve: bool, port: int, accuracy_file: Path,
         graph_dir: Path | None) -> None:
    """Build the plan knowledge base from CORPUS into DB."""
    started = time.perf_counter()
    try:
        read_accuracy(accuracy_file)
    except AccuracyFileError as error:
        raise click.ClickException(str(error)) from error
    files = corpus_files(corpus_dir)
    if not files:
        raise click.ClickException(f"{corpus_dir}: no documents found")
    db_path = db_path.resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".building", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    failed = 0
    try:
        db = sqlite_utils.Database(tmp)
        prepare_build_file(db)
        ensure_db_shape(db)
        units: dict[str, dict] = {}
        plans = 0
        with db.conn:
            for outcome in process_corpus(files, jobs):
                if outcome.error:
                    failed += 1
                    click.echo(f"error: {outcome.error}", err=True)
                    save_problem(db, outcome.file_name, "error", outcome.error)
                    continue
                save_plan(db, outcome.records, units)
                for warning in outcome.records.warnings:
                    save_problem(db, outcome.file_name, "warning", warning)
                plans += 1
            if not plans:  # nothing to publish: keep the previous database rather than an empty one
                raise click.ClickException(f"{corpus_dir}: none of the {len(files)} documents could be read; "
                                           f"{db_path.name} is left as it was")
            missing = finish(db, units)
            build_search_index(db)
            build_summaries(db)
            derive(db, accuracy_file)
        if missing:
            raise RuntimeError(f"{len(missing)} tasks/indicators not reachable from their plan: {missing[:5]}")
        db.conn.execute("ANALYZE")
        db.conn.close()
        with open(tmp, "rb+") as f:  # on disk before it takes the published name
            os.fsync(f.fileno())
        os.replace(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    counts = sqlite_utils.Database(db_path)
    if graph_dir:
        written = export_graphs(counts, graph_dir)
        click.echo(f"wrote {len(written)} graph files to {graph_dir}", err=True)
    click.echo(
        f"built {db_path.name}: {plans} plans, {counts['tasks'].count} tasks, {counts['indicators'].count} indicators, "
        f"{counts['units'].count} units, {failed} failed, in {time.perf_counter() - started:.1f}s",
        err=True,
    )
    if serve:
        serve_db(db_path, port)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
