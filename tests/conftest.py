"""Shared fixtures: the seed corpus built once per test session."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


# No test build of the corpora here takes more; a hung build fails instead of hanging CI.
BUILD_TIMEOUT = 600


def build(corpus: Path, db: Path, *options: str, **kwargs) -> subprocess.CompletedProcess:
    """Run the real entry point, as a user would."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db), *options],
                          capture_output=True, text=True, cwd=ROOT, timeout=BUILD_TIMEOUT, **kwargs)


def corpus_of(folder: Path, names) -> Path:
    """A new corpus folder holding copies of some of the project's documents (by file name)."""
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(CORPUS / name, folder)
    return folder


def table_rows(db: Path, skip_tables: tuple[str, ...] = (), views: tuple[str, ...] = ()) -> dict[str, list]:
    """Every table's (and the named views') rows, sorted, for comparing two builds: rowids depend on
    the order documents came in, and a cache key also hashes a document's sidecar."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' "
                                            "and name not like 'sqlite_%' and name not like '%_fts%'")
                 if r[0] not in skip_tables] + list(views)
        out = {}
        for name in names:
            columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])") if r[1] != "cache_key"]
            out[name] = sorted(conn.execute(f"select {', '.join(f'[{c}]' for c in columns)} from [{name}]"), key=repr)
    return out


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "kb.db"
    result = build(ROOT / "corpus", db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="session")
def kb_db(seed_db) -> Path:
    """The seed database, with the jieba full-text indexes the build writes (extract/storage/search_index.py).

    Read-only for tests: the determinism tests compare it with fresh builds."""
    return seed_db
