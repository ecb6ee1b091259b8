"""Time the derived steps (extract/analysis) on a built database; figures are printed, not asserted.

    python scripts/bench_analysis.py kb.db [--runs 3] [--changed 1]

For a large corpus, build it once first:
    python ../shared/bench/make_corpus.py /tmp/bench --n 1000
    python build.py --corpus /tmp/bench --db /tmp/bench.db

On a copy of DB, prints the median seconds of each step's full run
(`extract.analysis.derive`), of its incremental run after N plans were
replaced (`extract.analysis.update`: the plans' rows are deleted and the
step told they changed, as an incremental build would after re-extracting
them) and, as a yardstick, of rebuilding the search index, with the rows
each step writes.
"""
from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import click
import sqlite_utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.analysis import steps  # noqa: E402
from extract.storage.load import ensure_db_shape, prepare_build_file  # noqa: E402
from extract.storage.search_index import build_search_index, segment_for_search  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def remove_plans(db: sqlite_utils.Database, plan_ids: list[str]) -> None:
    """Delete some plans' tasks, targets, responsibilities and index rows, as a rebuild of them would first."""
    marks = ", ".join("?" * len(plan_ids))
    for table in ("tasks", "indicators"):
        rowids = db.execute(f"select rowid from {table} where plan_id in ({marks})", plan_ids).fetchall()
        if db[f"{table}_fts"].exists():
            db.conn.executemany(f"delete from {table}_fts where rowid = ?", rowids)
    db.execute(f"delete from task_units where task_id in (select task_id from tasks where plan_id in ({marks}))",
               plan_ids)
    db.execute(f"delete from indicators where plan_id in ({marks})", plan_ids)
    db.execute(f"delete from tasks where plan_id in ({marks})", plan_ids)


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--runs", type=int, default=3, show_default=True, help="Runs per figure (the median is printed).")
@click.option("--changed", type=int, default=1, show_default=True, help="Plans replaced for the incremental runs.")
def main(db_path: Path, runs: int, changed: int) -> None:
    """Seconds per derived step on a copy of DB_PATH, full and incremental."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kb.db"
        shutil.copy(db_path, copy)
        db = sqlite_utils.Database(copy)
        prepare_build_file(db)
        ensure_db_shape(db)
        plans = db.execute("select count(*) from plans").fetchone()[0]
        tasks = db.execute("select count(*) from tasks").fetchone()[0]
        click.echo(f"{db_path.name}: {plans} plans, {tasks} tasks; median of {runs} runs, seconds")
        click.echo(f"{'step':<16}{'full':>8}{'update':>8}   rows written")
        total_full = total_update = 0.0
        for step in steps():
            full = []
            for _ in range(runs):
                with db.conn:
                    full.append(timed(lambda: step.save(db)))
            rows = {table: db[table].count for table in step.writes}
            update = []
            if step.update is not None:
                victims = [r[0] for r in db.execute(
                    "select plan_id from plans order by plan_id limit ?", [changed]).fetchall()]
                for _ in range(runs):
                    trial = Path(tmp) / "trial.db"
                    shutil.copy(copy, trial)
                    other = sqlite_utils.Database(trial)
                    prepare_build_file(other)
                    with other.conn:
                        remove_plans(other, victims)
                        update.append(timed(lambda: step.update(other, victims)))
                    other.close()
                    trial.unlink()
            median_full = statistics.median(full)
            median_update = statistics.median(update) if update else median_full
            total_full += median_full
            total_update += median_update
            click.echo(f"{step.name:<16}{median_full:>8.2f}{median_update:>8.2f}   "
                       + ", ".join(f"{t} {n:,}" for t, n in rows.items()))
        click.echo(f"{'all derived':<16}{total_full:>8.2f}{total_update:>8.2f}")
        index = []
        for _ in range(runs):
            segment_for_search.cache_clear()  # as in a build, where each text is cut once
            with db.conn:
                index.append(timed(lambda: build_search_index(db)))
        click.echo(f"{'(search index)':<16}{statistics.median(index):>8.2f}   the existing step, for scale")


if __name__ == "__main__":
    main()
