"""The extraction scores may not fall below the issues' bars.

Builds each scored corpus with the real entry point, runs
../shared/tools/evaluate.py --json on it and checks every floor. Skips
(saying why) where ../shared is absent, as in a user's clone.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED, build

EVALUATE = SHARED / "tools" / "evaluate.py"
needs_shared = pytest.mark.skipif(not EVALUATE.exists(), reason="../shared/tools/evaluate.py is not beside this clone")

# (corpus, gold): the seeds, the dev set of other provinces, the saved web pages.
CORPORA = {
    "seeds": (ROOT / "corpus", SHARED / "gold"),
    "devset": (SHARED / "devset" / "corpus", SHARED / "devset" / "gold"),
    "html": (SHARED / "devset" / "html" / "corpus", SHARED / "devset" / "html" / "gold"),
}
# F1 floors per corpus: the issue bars (issues 2, 3, 4, 7, 8; issue 11 for the grown dev set and pages).
F1_FLOORS = {
    "seeds": {"tasks": 0.97, "task_units": 0.90, "targets": 0.92, "subtasks": 0.95, "subtask_units": 0.95,
              "target_canonical": 0.85},
    "devset": {"tasks": 0.97, "task_units": 0.95, "task_lead_units": 0.90, "subtasks": 0.90, "subtask_units": 0.85,
               "targets": 0.90},
    "html": {"tasks": 0.95, "task_units": 0.90, "targets": 0.85},
}
ACCURACY_FLOORS = {
    "seeds": {"target_comparator": 0.90, "target_year": 0.85, "subtask_deadline": 0.95, "subtask_parent": 0.95,
              "task_deadline": 0.95, "target_baseline": 0.90},
    "devset": {"target_year": 0.90, "target_task": 0.90},
    "html": {"target_year": 0.85},
}
# html: six pages now; p08 (a gold period_start with no end, a known gap) and one more page miss period_start: 4/6.
PLAN_FIELD_FLOORS = {"seeds": 0.8, "devset": 0.85, "html": 0.66}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    """Overall scores of a fresh build of each corpus, built once."""
    out = {}
    for name, (corpus, gold) in CORPORA.items():
        if not corpus.is_dir():
            continue
        db = tmp_path_factory.mktemp(name) / "kb.db"
        result = build(corpus, db)
        assert result.returncode == 0, result.stderr
        raw = subprocess.run([sys.executable, str(EVALUATE), str(db), "--gold", str(gold), "--json"],
                             capture_output=True, text=True, check=True).stdout
        out[name] = json.loads(raw)["overall"]
    return out


@needs_shared
@pytest.mark.parametrize("corpus", list(CORPORA))
def test_floors(scores, corpus):
    if corpus not in scores:
        pytest.skip(f"{CORPORA[corpus][0]} is not here")
    overall = scores[corpus]
    print(corpus, json.dumps(overall, ensure_ascii=False))
    low = []
    for measure, floor in F1_FLOORS[corpus].items():
        if overall[measure]["f1"] < floor:
            low.append(f"{measure} F1 {overall[measure]['f1']} < {floor}")
    for measure, floor in ACCURACY_FLOORS[corpus].items():
        if (overall[measure]["accuracy"] or 0) < floor:
            low.append(f"{measure} {overall[measure]['accuracy']} < {floor}")
    for field, value in overall["plan_fields"].items():
        if value < PLAN_FIELD_FLOORS[corpus]:
            low.append(f"plan field {field} {value} < {PLAN_FIELD_FLOORS[corpus]}")
    assert not low, "; ".join(low)
