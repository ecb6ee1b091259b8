"""Shared fixtures: the seed corpus built once per test session."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def build(corpus: Path, db: Path) -> subprocess.CompletedProcess:
    """Run the real entry point, as a user would."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db)],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "kb.db"
    result = build(ROOT / "corpus", db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="session")
def kb_db(seed_db) -> Path:
    """The seed database, with the jieba full-text indexes the build writes (extract/search_index.py).

    Read-only for tests: the determinism tests compare it with fresh builds."""
    return seed_db
