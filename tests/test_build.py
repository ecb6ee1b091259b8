"""What build.py promises (issue 2), through the real command line.

- Bad files are reported by name and reason, the rest builds, the exit status is 1.
- A failed build never leaves a half-written database where the good one was.
- Building one corpus twice, or with --jobs 2, gives identical rows.
- Every task and indicator is reachable from its plan in `edges`.
- `build.py --help` documents every option.
"""
from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import build
from conftest import ROOT
from extract.storage import build_file
from extract.corpus import corpus_files
from extract.storage import rows

CORPUS = ROOT / "corpus"
GOOD_SEED = CORPUS / "002_019ae4dc2b2b33f6.txt"   # the smallest seed: quick to build
# A build of the whole corpus takes seconds; a hung one fails the test instead of the run.
BUILD_TIMEOUT = 600

_spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "tests" / "fixtures" / "readers" / "make_pdf.py")
make_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_pdf)


def run_build(corpus: Path, db: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db),
                           *options], capture_output=True, text=True, cwd=ROOT, timeout=BUILD_TIMEOUT)


def start_build(corpus: Path, db: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db),
                             *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def scanned_pdf() -> bytes:
    """Two pages that are only a picture (a 4×4 grey image), as a scanner writes them: no text layer."""
    pixels = "".join(chr(value) for value in [0, 255, 128, 64] * 4)
    page = f"q 300 0 0 400 90 300 cm BI /W 4 /H 4 /CS /G /BPC 8 ID {pixels} EI Q"
    return make_pdf.pdf_bytes([page, page])


# file name -> (bytes, words the reported reason must contain)
BAD_FILES = {
    "损坏的方案.docx": (b"PK\x03\x04 truncated by a failed download", "corrupt Word file"),
    "空白.txt": (b"", "empty"),
    "notes.xyz": ("一、总体要求\n".encode("utf-8"), "format .xyz"),
    "扫描件.pdf": (scanned_pdf(), "scanned PDF: no text layer"),
}


def write_bad_files(folder: Path) -> None:
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Temporary build files (`.kb.db.XXXX.building`) and journals left in a folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".building", "-journal", "-wal")))


# --- bad input ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bad_corpus_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    corpus = folder / "corpus"
    corpus.mkdir()
    write_bad_files(corpus)
    shutil.copy(GOOD_SEED, corpus)
    db = folder / "kb.db"
    return run_build(corpus, db), db


def test_bad_files_fail_the_build_with_status_1(bad_corpus_build):
    result, db = bad_corpus_build
    assert result.returncode == 1, result.stderr


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_reported_with_name_and_reason(bad_corpus_build, name):
    result, db = bad_corpus_build
    reason = BAD_FILES[name][1]
    lines = [line for line in result.stderr.splitlines() if name in line]
    assert lines and all(line.startswith("error: ") for line in lines), result.stderr
    assert any(reason in line for line in lines), lines
    with sqlite3.connect(db) as conn:
        problems = conn.execute("select severity, message from build_problems where file_name = ?", [name]).fetchall()
    assert [severity for severity, _ in problems] == ["error"]
    assert reason in problems[0][1]


def test_good_file_beside_bad_ones_is_built(bad_corpus_build):
    result, db = bad_corpus_build
    with sqlite3.connect(db) as conn:
        assert conn.execute("select file_name from documents").fetchall() == [(GOOD_SEED.name,)]
        assert conn.execute("select count(*) from tasks").fetchone()[0] > 0
        assert {row[0] for row in conn.execute("select file_name from build_problems where severity = 'error'")} \
            == set(BAD_FILES)
    assert "1 plans" in result.stderr and f"{len(BAD_FILES)} failed" in result.stderr


# --- failed builds --------------------------------------------------------------------------

@pytest.fixture
def good_db(tmp_path, seed_db) -> Path:
    """A previous good build, in a folder of its own."""
    db = tmp_path / "out" / "kb.db"
    db.parent.mkdir()
    shutil.copy(seed_db, db)
    return db


@pytest.mark.parametrize("content, message", [
    ({}, "no documents found"),
    ({"README.md": b"# notes\n"}, "no documents found"),
    # Every file unreadable: no plan to publish, so the previous database stays.
    ({name: data for name, (data, _) in BAD_FILES.items()}, "none of the 4 documents could be read"),
], ids=["empty-folder", "notes-only", "all-unreadable"])
def test_failed_build_leaves_previous_database(tmp_path, good_db, content, message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, data in content.items():
        (corpus / name).write_bytes(data)
    before = digest(good_db)
    result = run_build(corpus, good_db)
    assert result.returncode == 1
    assert message in result.stderr
    assert digest(good_db) == before
    assert leftovers(good_db.parent) == []


def test_missing_corpus_folder_is_a_usage_error(tmp_path, good_db):
    before = digest(good_db)
    result = run_build(tmp_path / "no-such-folder", good_db)
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert digest(good_db) == before and leftovers(good_db.parent) == []


def crash(error: BaseException):
    def step(*args, **kwargs):
        raise error
    return step


@pytest.mark.parametrize("module, step, replacement, exit_code", [
    # a bug in a derived step (units, graph), after every plan is in
    (build_file, "run_derived_steps", crash(RuntimeError("simulated crash in a derived step")), 1),
    # Ctrl-C while plans are being saved: the temporary file is half-written
    (build_file, "save_document", crash(KeyboardInterrupt()), 1),
    # the build's own check fails: a task not reachable from its plan (the document is refused)
    (rows, "unreachable", lambda g: ["task:0000000000000000"], 1),
], ids=["crash-in-derived-step", "interrupt-in-save", "unreachable-task"])
def test_crash_mid_build_leaves_previous_database(tmp_path, good_db, monkeypatch, module, step, replacement, exit_code):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD_SEED, corpus)
    before = digest(good_db)
    monkeypatch.setattr(module, step, replacement)
    result = CliRunner().invoke(build.main, ["--corpus", str(corpus), "--db", str(good_db), "--full"])
    assert result.exit_code == exit_code, result.output
    assert digest(good_db) == before
    assert leftovers(good_db.parent) == []


# --- determinism ----------------------------------------------------------------------------

def all_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows in stored order (rowid), or sorted where a table has no rowid."""
    with sqlite3.connect(db) as conn:
        names = [row[0] for row in conn.execute(
            "select name from sqlite_master where type = 'table' order by name")]
        out = {}
        for name in names:
            try:
                out[name] = conn.execute(f'select * from "{name}" order by rowid').fetchall()
            except sqlite3.OperationalError:             # WITHOUT ROWID
                out[name] = sorted(conn.execute(f'select * from "{name}"').fetchall(), key=repr)
    return out


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> dict[str, Path]:
    """The corpus built again with --jobs 1 and with --jobs 2, side by side."""
    folder = tmp_path_factory.mktemp("rebuilt")
    dbs = {jobs: folder / f"jobs{jobs}.db" for jobs in ("1", "2")}
    running = {jobs: start_build(CORPUS, db, "--jobs", jobs) for jobs, db in dbs.items()}
    for jobs, process in running.items():
        _, stderr = process.communicate(timeout=BUILD_TIMEOUT)
        assert process.returncode == 0, f"--jobs {jobs}:\n{stderr}"
    return dbs


def assert_same_rows(a: Path, b: Path) -> None:
    rows_a, rows_b = all_rows(a), all_rows(b)
    assert sorted(rows_a) == sorted(rows_b), "different tables"
    differing = [name for name in rows_a if rows_a[name] != rows_b[name]]
    assert differing == [], f"tables with different rows: {differing}"


def test_building_twice_gives_identical_rows(seed_db, rebuilt):
    assert_same_rows(seed_db, rebuilt["1"])
    with sqlite3.connect(seed_db) as conn:
        assert conn.execute("select count(*) from plans").fetchone()[0] == len(corpus_files(CORPUS))


def test_parallel_build_gives_identical_rows(seed_db, rebuilt):
    assert_same_rows(seed_db, rebuilt["2"])


# --- the graph ------------------------------------------------------------------------------

# Nodes reachable from each plan over the structural edges (not plan -> unit responsibility).
REACHABLE = """
with recursive reach(plan_id, node) as (
    select plan_id, node_id from nodes where type = 'plan'
    union
    select reach.plan_id, edges.target from reach join edges on edges.source = reach.node
    where edges.relation != 'responsible'
)
"""


@pytest.mark.parametrize("table, key, prefix", [("tasks", "task_id", "task:"),
                                                ("indicators", "indicator_id", "indicator:")])
def test_every_task_and_indicator_reachable_from_its_plan(seed_db, table, key, prefix):
    with sqlite3.connect(seed_db) as conn:
        assert conn.execute(f"select count(*) from {table}").fetchone()[0] > 0
        stranded = conn.execute(REACHABLE + f"""
            select t.{key} from {table} t
            where not exists (select 1 from reach r where r.plan_id = t.plan_id and r.node = '{prefix}' || t.{key})
        """).fetchall()
    assert stranded == []


# --- the command line -----------------------------------------------------------------------

def test_help_documents_every_option():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True,
                            cwd=ROOT, check=True)
    options = [p for p in build.main.params if isinstance(p, click.Option)]
    assert {name for p in options for name in p.opts} >= {"--corpus", "--db", "--jobs", "--full", "--engine", "--serve",
                                                          "--port"}
    for option in options:
        assert option.help, f"{option.opts} has no help"
        assert all(name in result.stdout for name in option.opts), option.opts
        assert " ".join(option.help.split())[:30] in " ".join(result.stdout.split()), option.opts
    assert build.main.help and build.main.help.split("\n")[0] in result.stdout
