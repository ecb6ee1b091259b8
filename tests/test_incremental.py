"""Incremental builds (issue 16): unchanged documents are not extracted again, and a build that
adds, changes, renames or removes documents gives the same rows as a full build of the result."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import CORPUS, corpus_of, table_rows
from extract.builder import run_build
from extract.storage.derived import DERIVED_STEPS

# Three small plans (with a task table, an indicator table and a web page between them).
SEEDS = ["002_019ae4dc2b2b33f6.txt", "003_4f30a381c0252c0e.txt", "p08_qinghai_xining_housing_demand_measures_2022.html"]
ADDED = "004_06819636498526cc.txt"
# The graph views compare too: they are what a researcher reads.
GRAPH_VIEWS = ("nodes", "edges")


def search(db: Path, table: str, query: str) -> list:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(f"select t.task_id from [{table}_fts] f join [{table}] t on t.rowid = f.rowid "
                                   f"where [{table}_fts] match ?", [query]).fetchall())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental")
    corpus = corpus_of(folder / "corpus", SEEDS)
    db = folder / "kb.db"
    first = run_build(corpus, db, jobs=1, echo=lambda line: None)
    return folder, corpus, db, first


def silent(*args, **kwargs):
    return run_build(*args, echo=lambda line: None, **kwargs)


def test_a_second_build_extracts_nothing(built):
    folder, corpus, db, first = built
    assert first.extracted == len(SEEDS) and not first.incremental
    again = silent(corpus, db)
    assert again.incremental and again.extracted == 0 and again.reused == len(SEEDS)


@pytest.mark.parametrize("jobs", [1, 2], ids=["models loaded before the fork", "workers load them"])
def test_add_change_rename_remove_equal_a_full_build(built, tmp_path, jobs):
    """With two documents to extract, one worker inherits the models; two workers (one document
    each) start first and load them while the build copies the database and loads items ahead."""
    folder, corpus, db, _ = built
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    incremental = tmp_path / "kb.db"
    shutil.copy(db, incremental)
    shutil.copy(CORPUS / ADDED, work)                                             # added
    changed = work / SEEDS[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("养老", "养老服务", 3), encoding="utf-8")
    (work / SEEDS[1]).rename(work / ("改名_" + SEEDS[1]))                          # renamed
    (work / SEEDS[2]).unlink()                                                      # removed
    report = silent(work, incremental, jobs=jobs)
    assert report.incremental and report.extracted == 2 and report.reused == 1 and report.removed == 2
    assert "derived: similarity (prepared)" in report.timings
    full = tmp_path / "full.db"
    assert not silent(work, full, full=True).incremental
    assert table_rows(incremental, views=GRAPH_VIEWS) == table_rows(full, views=GRAPH_VIEWS)
    # the search index follows: the changed words are found, the removed plan's are not
    for db_path in (incremental, full):
        assert search(db_path, "tasks", "养老服务") == search(full, "tasks", "养老服务")


def test_a_changed_extractor_version_rebuilds_everything(built, tmp_path, monkeypatch):
    folder, corpus, db, _ = built
    copy = tmp_path / "kb.db"
    shutil.copy(db, copy)
    monkeypatch.setattr("extract.builder.extractor_version", lambda: "another-version")
    report = silent(corpus, copy)
    assert not report.incremental and report.extracted == len(SEEDS)


def test_a_failed_file_is_not_read_again_until_it_changes(built, tmp_path):
    folder, corpus, db, _ = built
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    (work / "坏.txt").write_bytes(b"\0" * 100)
    copy = tmp_path / "kb.db"
    shutil.copy(db, copy)
    first = silent(work, copy)
    assert first.failed == 1 and first.extracted == 0
    second = silent(work, copy)
    assert second.failed == 1 and second.extracted == 0 and "binary data" in second.errors[0]
    with sqlite3.connect(copy) as conn:
        assert conn.execute("select count(*) from build_problems where severity = 'error'").fetchone()[0] == 1


def test_derived_steps_are_registered_in_one_list():
    assert [name for name, *_ in DERIVED_STEPS] == ["units", "summaries", "unit_network", "similarity", "accuracy"]
    assert all(callable(step) for _, *functions in DERIVED_STEPS for step in functions)


def test_the_progress_bar_shows_on_a_terminal_only(monkeypatch):
    from extract import builder

    monkeypatch.setattr(builder.sys.stderr, "isatty", lambda: False, raising=False)
    assert builder._show_progress(None) is False
    monkeypatch.setattr(builder.sys.stderr, "isatty", lambda: True, raising=False)
    assert builder._show_progress(None) is True
    assert builder._show_progress(False) is False


def count_plans(db) -> None:
    """A derived step as another engineer would write one, with sqlite-utils."""
    db["plan_count"].insert({"id": 1, "n": db.execute("select count(*) from plans").fetchone()[0]}, pk="id",
                            replace=True)


def test_a_registered_derived_step_runs_after_every_build(built, tmp_path, monkeypatch):
    from extract.storage import derived

    folder, corpus, db, _ = built
    monkeypatch.setattr(derived, "DERIVED_STEPS", [*derived.DERIVED_STEPS, ("plan_count", count_plans)])
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    out = tmp_path / "kb.db"
    silent(work, out)
    (work / SEEDS[0]).unlink()
    report = silent(work, out)
    assert report.incremental and report.timings["derived: plan_count"] >= 0
    with sqlite3.connect(out) as conn:
        assert conn.execute("select n from plan_count").fetchone()[0] == len(SEEDS) - 1


def test_a_step_with_an_update_is_told_which_plans_changed(built, tmp_path, monkeypatch):
    from extract.storage import derived

    folder, corpus, db, _ = built
    told: list = []
    monkeypatch.setattr(derived, "DERIVED_STEPS", [*derived.DERIVED_STEPS,
                                                   ("told", lambda db: told.append("save"),
                                                    lambda db, changed: told.append(changed))])
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    out = tmp_path / "kb.db"
    silent(work, out)
    with sqlite3.connect(out) as conn:
        removed = conn.execute("select doc_id from documents where file_name = ?", [SEEDS[0]]).fetchone()[0]
    (work / SEEDS[0]).unlink()
    silent(work, out)
    assert told == ["save", [removed]]


@pytest.mark.parametrize("indexes", [False, True])
def test_units_no_plan_names_are_pruned_alike_with_and_without_the_indexes(indexes):
    import sqlite_utils

    from extract.storage.derived import prune_units, prune_units_by_index
    from extract.storage.load import ensure_db_shape

    kept = []
    for prune in (prune_units, lambda db: prune_units_by_index(db, ["removed-plan"])):
        conn = sqlite3.connect(":memory:")
        ensure_db_shape(conn, indexes=indexes)
        conn.executemany("INSERT INTO units (unit_id, name, kind) VALUES (?, ?, 'government_body')",
                         [("u1", "区民政局"), ("u2", "区财政局"), ("u3", "区卫生健康委")])
        conn.execute("INSERT INTO task_units (task_id, unit_id, mention, role, ordinal) VALUES ('t', 'u1', '区民政局', 'lead', 0)")
        conn.execute("INSERT INTO indicator_units (indicator_id, unit_id, mention, role) VALUES ('i', 'u2', '区财政局', 'co')")
        prune(sqlite_utils.Database(conn))
        kept.append([r[0] for r in conn.execute("SELECT unit_id FROM units ORDER BY 1")])
    assert kept == [["u1", "u2"], ["u1", "u2"]]


def building_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".building"))


@pytest.mark.parametrize("where", ["copy", "after the copy began"])
def test_a_failure_beside_the_background_copy_leaves_the_published_database(built, tmp_path, monkeypatch, where):
    """The copy fails (a full disk), or the build fails while the copy runs: the error comes out,
    the published database is as it was, and no temporary file is left."""
    folder, corpus, db, _ = built
    work = tmp_path / "corpus"
    shutil.copytree(corpus, work)
    changed = work / SEEDS[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n（已修改）\n", encoding="utf-8")
    copy = tmp_path / "kb.db"
    shutil.copy(db, copy)
    before = copy.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "copy":
        monkeypatch.setattr("extract.storage.publish.shutil.copyfile", fail)
    else:
        monkeypatch.setattr("extract.builder.load_shared", fail)
    with pytest.raises(OSError, match="No space left"):
        silent(work, copy, jobs=2)
    assert copy.read_bytes() == before and building_files(tmp_path) == []
