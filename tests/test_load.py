"""scripts/load.py, briefly, on the seed corpus: under hostile clients no request gets a 5xx or fails (issue 15).

The full run (8 missing-page and 4 SQL clients for 20 s) is on demand:
`python scripts/load.py kb.db`; its times are figures to read, not asserted here.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_load_script_runs_without_server_errors(kb_db, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(kb_db, db)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "load.py"), str(db), "--seconds", "3",
                             "--missing", "2", "--sql", "1", "--search", "1"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    for kind in ("light", "missing", "sql", "search"):
        assert f"\n{kind} " in result.stdout, kind
    assert "5xx or failed: 0" in result.stdout
