"""Issue 15 through the real command line: crafted files reported, never published; one builder
per target; dead builds leave nothing behind; a file over its time budget is skipped."""
from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, build, corpus_of, table_rows
from extract.corpus import CorpusFile, Outcome
from extract.engines import local
from extract.storage.publish import lock_path

_spec = importlib.util.spec_from_file_location("crafted_files", ROOT / "scripts" / "crafted_files.py")
crafted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crafted)

REAL = ["001_7766aa58f5f172dd.txt", "002_019ae4dc2b2b33f6.txt", "p08_qinghai_xining_housing_demand_measures_2022.html"]
WITH_BAD_SIDECAR = REAL[1]   # crafted_files writes a malformed sidecar for the second real plan
# What a crafted corpus may add to a clean one: the problems it reports, the build's own record.
SKIP = ("build_problems", "build_info")


@pytest.fixture(scope="module")
def crafted_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crafted")
    real = corpus_of(folder / "real", REAL)
    corpus = folder / "corpus"
    expected = crafted.crafted_files(corpus, real, bomb_mib=64)
    clean = build(real, folder / "clean.db")
    assert clean.returncode == 0, clean.stderr
    return build(corpus, folder / "kb.db", "--jobs", "2"), folder, expected


def test_crafted_files_fail_the_build_with_status_1(crafted_build):
    result, _, _ = crafted_build
    assert result.returncode == 1, result.stderr


def test_every_crafted_file_reported_with_its_reason(crafted_build):
    result, folder, expected = crafted_build
    with sqlite3.connect(folder / "kb.db") as conn:
        problems = dict(conn.execute("select file_name, message from build_problems where severity = 'error'"))
    from extract.corpus import printable_name
    for name, words in expected.items():
        shown = printable_name(name)
        assert words in problems.get(shown, ""), (shown, problems.get(shown))
        assert "Error" not in problems[shown] and "\n" not in problems[shown]
    assert len([line for line in result.stderr.splitlines() if line.startswith("error: ")]) == len(expected)


def test_no_crafted_file_published_and_real_plans_unchanged(crafted_build):
    _, folder, _ = crafted_build
    assert table_rows(folder / "kb.db", SKIP) == table_rows(folder / "clean.db", SKIP)


def test_a_bad_sidecar_is_a_warning_and_its_plan_builds(crafted_build):
    _, folder, _ = crafted_build
    with sqlite3.connect(folder / "kb.db") as conn:
        warnings = conn.execute("select file_name, message from build_problems where severity = 'warning'").fetchall()
        assert conn.execute("select count(*) from documents where file_name = ?", [REAL[1]]).fetchone()[0] == 1
    assert any(name == REAL[1] and "sidecar" in message for name, message in warnings), warnings


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / REAL[0], corpus)
    return corpus


def test_a_second_build_of_one_target_fails_with_a_clear_message(small_corpus, tmp_path):
    db = tmp_path / "kb.db"
    fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = build(small_corpus, db)
    finally:
        os.close(fd)
    assert result.returncode == 1 and "another build" in result.stderr and not db.exists()


def test_stale_temporary_files_are_removed_and_permissions_follow_the_umask(small_corpus, tmp_path):
    db = tmp_path / "kb.db"
    stale = tmp_path / ".kb.db.dead1234.building"
    stale.write_bytes(b"left by a build killed with -9")
    result = build(small_corpus, db, preexec_fn=lambda: os.umask(0o027))
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert db.stat().st_mode & 0o777 == 0o640


def test_db_inside_the_corpus_is_not_read_as_a_document(small_corpus):
    for _ in range(2):
        result = build(small_corpus, small_corpus / "kb.db")
        assert result.returncode == 0, result.stderr


def test_a_newline_in_a_file_name_stays_on_one_log_line(small_corpus, tmp_path):
    (small_corpus / "坏\n文件.txt").write_bytes(b"\0" * 64)
    result = build(small_corpus, tmp_path / "kb.db")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "文件.txt" in line]
    assert lines == ["error: 坏\\n文件.txt: binary data, not text: 100% control characters"]


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    if int(f.read().rsplit(b")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def test_workers_die_with_a_killed_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:12]:
        shutil.copy(path, corpus)
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db",
                                str(tmp_path / "kb.db"), "--jobs", "2"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(workers) < 2 and process.poll() is None:
        workers = children(process.pid)
        time.sleep(0.05)
    if process.poll() is not None:
        pytest.skip("the build finished before its workers were seen")
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    assert workers and not any(alive(w) for w in workers)


def slow_or_quick(path: str, cache_key: str) -> Outcome:
    if "slow" in path:
        time.sleep(30)
    return Outcome(Path(path).name, None, f"{Path(path).name}: quick", cache_key)


def test_a_file_over_its_budget_is_skipped_and_its_worker_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(local, "_process", slow_or_quick)
    monkeypatch.setattr(local, "warm_up", lambda: None)
    files = [CorpusFile(tmp_path / name, name, name, name) for name in ("slow.txt", "a.txt", "b.txt")]
    started = time.monotonic()
    outcomes = list(local.extract_local(files, jobs=1, budget=1.0))
    assert time.monotonic() - started < 20
    assert "over the time budget" in outcomes[0].error
    assert [o.error for o in outcomes[1:]] == ["a.txt: quick", "b.txt: quick"]


def test_a_few_files_are_given_to_workers_that_load_the_models_themselves(tmp_path, monkeypatch):
    """An incremental build of a changed document or two: no loading before the fork (the
    worker loads what it needs, inside the file's budget), and the budget still holds."""
    monkeypatch.setattr(local, "_process", slow_or_quick)
    monkeypatch.setattr(local, "warm_up", lambda: pytest.fail("models loaded before the fork"))
    files = [CorpusFile(tmp_path / name, name, name, name) for name in ("slow.txt", "a.txt")]
    started = time.monotonic()
    extraction = local.extract_local(files, jobs=2, budget=1.0)
    outcomes = list(extraction)
    extraction.close()
    assert time.monotonic() - started < 20
    assert "over the time budget" in outcomes[0].error and outcomes[1].error == "a.txt: quick"
