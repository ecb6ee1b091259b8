"""Build the knowledge base from a folder of plans, and optionally serve it.

    python build.py --corpus corpus --db kb.db [--jobs 2] [--full] [--engine dask] [--serve]

The database is written to a temporary file beside the target and moved
into place only when the build has finished, so a failed build never
leaves a half-written database where the previous good one was. A build
reuses the rows of documents that have not changed since the last build
(same bytes, same extractor version) and re-extracts only the others;
`--full` re-extracts everything. A file that cannot be read is reported
with its name and the reason; the rest still builds, and the exit status is 1.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from extract.analysis.accuracy import ACCURACY_FILE, AccuracyFileError, read_accuracy
from extract.builder import NothingToPublish, run_build
from extract.storage.publish import BuildLocked

# Heavier modules (the derived steps, graph export, the server) are imported where they are
# used: a build's workers start before the build loads them (extract.builder).


@click.command()
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default="corpus",
              show_default=True, help="Folder of plans (.txt, .html, .docx, .pdf).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default="kb.db", show_default=True,
              help="SQLite database to write (replaced only when the build succeeds).")
@click.option("--jobs", type=int, default=1, show_default=True, help="Worker processes (or Dask workers) for extraction.")
@click.option("--full", is_flag=True, help="Re-extract every document instead of reusing unchanged ones.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where extraction runs: worker processes here, or a Dask cluster (needs the dask extra).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --engine dask; a LocalCluster when omitted.")
@click.option("--timings", is_flag=True,
              help="Print seconds per stage (workers' stages summed over documents), then when each stage and each "
                   "worker's file began and ended, in seconds since the build began.")
@click.option("--accuracy", "accuracy_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=ACCURACY_FILE, show_default=True,
              help="Evaluator figures (JSON of scripts/refresh_accuracy.py) to publish in the accuracy table.")
@click.option("--export-graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the graph as GraphML and GEXF (whole, per plan, unit network) into this folder.")
@click.option("--serve", is_flag=True, help="Serve the database with Datasette after building.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port for --serve.")
def main(corpus_dir: Path, db_path: Path, jobs: int, full: bool, engine: str, scheduler: str | None, timings: bool,
         accuracy_file: Path, graph_dir: Path | None, serve: bool, port: int) -> None:
    """Build the plan knowledge base from CORPUS into DB."""
    try:
        read_accuracy(accuracy_file)   # a bad file is refused before the corpus is read
    except AccuracyFileError as error:
        raise click.ClickException(str(error)) from error
    if engine == "dask":
        from extract.engines.dask_engine import dask_engine

        chosen = dask_engine(scheduler, db_path)
    else:
        from extract.builder import local_engine as chosen
    try:
        if accuracy_file == ACCURACY_FILE:
            steps = None   # the registry
        else:
            from extract.storage.derived import derived_steps

            steps = derived_steps(accuracy_file)
        report = run_build(corpus_dir, db_path, jobs=jobs, full=full, engine=chosen,
                           echo=lambda line: click.echo(line, err=True), steps=steps)
    except (FileNotFoundError, NothingToPublish, BuildLocked) as error:
        raise click.ClickException(str(error)) from None
    total = time.monotonic() - report.started
    how = "updated" if report.incremental else "built"
    click.echo(
        f"{how} {db_path.name}: {report.plans} plans, {report.counts['tasks']} tasks, "
        f"{report.counts['indicators']} indicators, {report.counts['units']} units; {report.extracted} extracted, "
        f"{report.reused} unchanged, {report.removed} removed, {report.failed} failed, in {total:.1f}s",
        err=True,
    )
    if timings:
        for stage, seconds in report.timings.items():
            click.echo(f"timing\t{stage}\t{seconds:.2f}", err=True)
        for stage, start, end in sorted(report.timeline, key=lambda t: (t[1], t[2])):
            click.echo(f"timeline\t{start:6.2f}\t{end:6.2f}\t{stage}", err=True)
    if graph_dir:
        import sqlite_utils

        from extract.analysis.graph_export import export_graphs

        written = export_graphs(sqlite_utils.Database(db_path), graph_dir)
        click.echo(f"wrote {len(written)} graph files to {graph_dir}", err=True)
    if serve:
        from serving.server import serve as serve_db

        serve_db(db_path.resolve(), port)
    if report.failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
