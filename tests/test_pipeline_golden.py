"""Whole-document golden tests: every document of corpus/ extracted and compared with tests/golden/.

Each golden file `tests/golden/<name>.json` is a summary of
`extract_document(read_source(path))`: the plan's fields, every task and
subtask (number, title, deadline, units with their roles) and every
indicator (value, unit, comparator, year, canonical id, kind). A change in
any extractor that changes what a document yields shows up here as a diff
to review.

When a change is intended, rewrite the goldens and review them with git diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pipeline_golden.py -q
    git diff tests/golden/
"""
from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from extract.corpus import corpus_files
from extract.pipeline import extract_document
from extract.readers import SUPPORTED_SUFFIXES, read_source

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

DOCUMENTS = [p for p in corpus_files(CORPUS) if p.suffix.lower() in SUPPORTED_SUFFIXES]
PLAN_FIELDS = ("title", "notice_title", "plan_type", "province", "prefecture", "county", "admin_code", "issuer",
               "doc_number", "issued_date", "period_start", "period_end")


def summary(records) -> dict:
    """What a reader of the knowledge base sees of one document, as plain JSON."""
    plan = records.plan
    return {
        "file": records.document.file_name,
        "plan": {field: getattr(plan, field) for field in PLAN_FIELDS},
        "tasks": [
            {"kind": t.kind, "number": t.number, "title": t.title, "deadline": t.deadline,
             "units": [[u.mention, u.role] for u in t.units]}
            for t in records.tasks
        ],
        "indicators": [
            {"value_text": i.value_text, "value": i.value, "value_max": i.value_max, "unit": i.unit,
             "comparator": i.comparator, "year": i.year, "baseline": i.baseline_value, "canonical": i.canonical,
             "kind": i.kind}
            for i in records.indicators
        ],
    }


def golden_path(path: Path) -> Path:
    return GOLDEN / f"{path.stem}.json"


def dump(data: dict) -> str:
    """JSON with one task or indicator per line, so a diff names the records that changed."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = [f' "file": {one(data["file"])}', f' "plan": {one(data["plan"])}']
    for key in ("tasks", "indicators"):
        items = ",\n".join(f"  {one(item)}" for item in data[key])
        parts.append(f' "{key}": [\n{items}\n ]' if items else f' "{key}": []')
    return "{\n" + ",\n".join(parts) + "\n}\n"


@pytest.fixture(scope="module")
def extracted():
    cache: dict[Path, object] = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = extract_document(read_source(path))
        return cache[path]
    return get


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name[:3] for p in DOCUMENTS])
def test_document_matches_its_golden(extracted, path):
    actual = json.loads(json.dumps(summary(extracted(path)), ensure_ascii=False))
    target = golden_path(path)
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        target.write_text(dump(actual), encoding="utf-8")
    assert target.exists(), f"no golden for {path.name}: run UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    expected = json.loads(target.read_text(encoding="utf-8"))
    assert actual["plan"] == expected["plan"]
    assert actual["tasks"] == expected["tasks"]
    assert actual["indicators"] == expected["indicators"]


def test_every_golden_has_its_document():
    stems = {p.stem for p in DOCUMENTS}
    assert sorted(p.stem for p in GOLDEN.glob("*.json") if p.stem not in stems) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name[:3] for p in DOCUMENTS])
def test_extraction_is_deterministic(extracted, path):
    again = extract_document(read_source(path))
    assert dataclasses.asdict(again) == dataclasses.asdict(extracted(path))
