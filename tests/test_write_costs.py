"""scripts/write_costs.py, briefly: it extracts and writes a few real plans and prints each cost.

The figures are read, not asserted (`python scripts/write_costs.py DIR` on a corpus of 1,000 plans)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_write_costs_prints_every_stage_and_table():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "write_costs.py"), str(ROOT / "corpus"),
                             "--limit", "3"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("3 documents extracted")
    for words in ("worker  extract", "receiving the rows", "rows of tasks", "all rows", "search rows ",
                  "without the every-character column"):
        assert words in result.stdout, words
