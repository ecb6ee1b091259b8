"""scripts/fuzz.py, briefly: mangled plans in every format come back as rows or as a reason, never as a bug."""
from __future__ import annotations

import importlib.util

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("fuzz", ROOT / "scripts" / "fuzz.py")
fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz)

# Documents per run in the suite; `python scripts/fuzz.py --n 2000` runs the full set on demand.
SUITE_DOCUMENTS = 60


def test_fuzzed_documents_give_rows_or_reasons(tmp_path):
    result = fuzz.run(SUITE_DOCUMENTS, seed=7, folder=tmp_path)
    assert result["findings"] == []
    assert result["built"] > 0 and result["built"] < SUITE_DOCUMENTS   # both paths were exercised
