"""Derived steps computed aside (extract.storage.aside): the same rows, and nothing left behind.

A full build with a core to spare computes the similar tasks and targets in a
spawned process while it runs the other steps; these tests check that the
aside path is the one taken, that its rows are those of the step run in place,
and that a failure in the aside process fails the build like any other step:
the published database untouched, no temporary file left.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import corpus_of
from extract.builder import run_build
from extract.analysis.rows import ComputedTables
from extract.storage.aside import AsideFailed
from extract.storage.derived import DERIVED_STEPS

DOCUMENTS = ["002_019ae4dc2b2b33f6.txt", "003_4f30a381c0252c0e.txt",
             "p09_anhui_suzhou_property_market_measures_2023.html"]
QUIET = {"echo": lambda line: None}
ASIDE_TIMING = "derived: similarity (computed aside)"


def similar_rows(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"select * from [{t}] order by 1, 3").fetchall()
                for t in ("similar_tasks", "similar_targets")}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".building", "-journal", "-wal")))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return corpus_of(tmp_path_factory.mktemp("aside") / "corpus", DOCUMENTS)


def test_a_parallel_full_build_computes_similarity_aside_with_the_same_rows(corpus, tmp_path):
    serial = run_build(corpus, tmp_path / "serial.db", jobs=1, **QUIET)
    parallel = run_build(corpus, tmp_path / "parallel.db", jobs=2, **QUIET)
    assert ASIDE_TIMING not in serial.timings and ASIDE_TIMING in parallel.timings
    rows = similar_rows(tmp_path / "parallel.db")
    assert rows["similar_tasks"], "the corpus should have similar tasks across its plans"
    assert rows == similar_rows(tmp_path / "serial.db")
    assert leftovers(tmp_path) == []


def test_an_incremental_build_updates_in_place(tmp_path):
    """An update touches a few plans' neighbours: there is nothing to overlap it with."""
    corpus = corpus_of(tmp_path / "corpus", DOCUMENTS)
    db = tmp_path / "kb.db"
    run_build(corpus, db, jobs=2, **QUIET)
    changed = corpus / DOCUMENTS[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n（已修改）\n", encoding="utf-8")
    report = run_build(corpus, db, jobs=2, **QUIET)
    assert report.incremental and report.extracted == 1 and ASIDE_TIMING not in report.timings


def failing_compute(db):
    """Importable by the spawned process (a test's closure would not be)."""
    raise RuntimeError("simulated failure in the aside process")


FAILING_STEP = ("failing", ComputedTables({"similar_tasks": ("task_id",)}, failing_compute))


def test_a_failure_aside_fails_the_build_and_leaves_the_published_database(corpus, tmp_path):
    db = tmp_path / "kb.db"
    run_build(corpus, db, jobs=2, **QUIET)
    before = digest(db)
    with pytest.raises(RuntimeError, match="simulated failure in the aside process"):
        run_build(corpus, db, jobs=2, full=True, steps=[*DERIVED_STEPS, FAILING_STEP], **QUIET)
    assert digest(db) == before
    assert leftovers(tmp_path) == []


def test_computed_tables_in_place_replace_the_rows(tmp_path):
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("create table t (a, b)")
    conn.execute("insert into t values ('old', 0)")
    import sqlite_utils

    ComputedTables({"t": ("a", "b")}, lambda db: {"t": [("new", 1), ("newer", 2)]})(sqlite_utils.Database(conn))
    assert conn.execute("select * from t order by b").fetchall() == [("new", 1), ("newer", 2)]


def killed_compute(db):
    os.kill(os.getpid(), signal.SIGKILL)


def test_an_aside_process_that_dies_fails_the_build_with_its_exit_code(corpus, tmp_path):
    db = tmp_path / "kb.db"
    run_build(corpus, db, jobs=2, **QUIET)
    before = digest(db)
    killed = ("killed", ComputedTables({"similar_tasks": ("task_id",)}, killed_compute))
    with pytest.raises(AsideFailed, match="exit code -9"):
        run_build(corpus, db, jobs=2, full=True, steps=[*DERIVED_STEPS, killed], **QUIET)
    assert digest(db) == before and leftovers(tmp_path) == []


SLOW_MARK = "PLAN_KB_TEST_ASIDE_MARK"


def slow_compute(db):
    """Would mark a file after a while: a build that failed meanwhile must not wait for it."""
    time.sleep(20)
    Path(os.environ[SLOW_MARK]).write_text("finished")
    return {"similar_tasks": []}


def failing_save(db):
    raise RuntimeError("simulated crash in a step run by the build")


def test_a_build_that_fails_meanwhile_kills_the_aside_process(corpus, tmp_path, monkeypatch):
    mark = tmp_path / "finished"
    monkeypatch.setenv(SLOW_MARK, str(mark))
    steps = [("crash", failing_save), ("slow", ComputedTables({"similar_tasks": ("task_id",)}, slow_compute))]
    with pytest.raises(RuntimeError, match="simulated crash in a step run by the build"):
        run_build(corpus, tmp_path / "kb.db", jobs=2, full=True, steps=steps, **QUIET)
    assert multiprocessing.active_children() == []
    assert not mark.exists() and leftovers(tmp_path) == []
