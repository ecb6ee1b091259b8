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

import os
import sys
from pathlib import Path

import click

from extract.builder import NothingToPublish, run_build
from extract.corpus import corpus_files  # noqa: F401  (tests count the corpus with it)
from extract.storage.publish import BuildLocked


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
@click.option("--timings", is_flag=True, help="Print seconds per stage (workers' stages summed over documents).")
@click.option("--serve", is_flag=True, help="Serve the database with Datasette after building.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port for --serve.")
def main(corpus_dir: Path, db_path: Path, jobs: int, full: bool, engine: str, scheduler: str | None, timings: bool,
         serve: bool, port: int) -> None:
    """Build the plan knowledge base from CORPUS into DB."""
    if engine == "dask":
        from extract.engines.dask_engine import dask_engine

        chosen = dask_engine(scheduler, db_path)
    else:
        from extract.builder import local_engine as chosen
    try:
        report = run_build(corpus_dir, db_path, jobs=jobs, full=full, engine=chosen,
                           echo=lambda line: click.echo(line, err=True))
    except (FileNotFoundError, NothingToPublish, BuildLocked) as error:
        raise click.ClickException(str(error)) from None
    total = sum(v for k, v in report.timings.items() if not k.startswith(("worker:", "derived:", "write rows")))
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
    if serve:
        serve_db(db_path.resolve(), port)
    if report.failed:
        sys.exit(1)


def serve_db(db_path: Path, port: int) -> None:
    """Datasette with the project's metadata and plugins."""
    root = Path(__file__).resolve().parent
    args = ["datasette", "serve", str(db_path), "--port", str(port), "--metadata", str(root / "metadata.yml")]
    if (root / "plugins").is_dir():
        args += ["--plugins-dir", str(root / "plugins")]
    if (root / "templates").is_dir():
        args += ["--template-dir", str(root / "templates")]
    os.execvp(args[0], args)


if __name__ == "__main__":
    main()
