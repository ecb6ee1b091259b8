"""The "similar elsewhere" links hold their measured quality (scripts/similarity_quality.py).

Precision@3 over the hand-checked pairs of tests/fixtures/similar_task_pairs.tsv
was 0.865 when MIN_SCORE was set (37 judged pairs, 19 of 30 queries shown a
neighbour); the floor is that figure, rounded down. A change of tokens,
weights or threshold that shows unjudged pairs must judge them (coverage).
"""
from __future__ import annotations

import importlib.util
import sqlite3
import sys

import pytest

from conftest import ROOT

SPEC = importlib.util.spec_from_file_location("similarity_quality", ROOT / "scripts" / "similarity_quality.py")
quality = importlib.util.module_from_spec(SPEC)
sys.modules[SPEC.name] = quality  # its dataclass looks its module up there
SPEC.loader.exec_module(quality)

PRECISION_FLOOR = 0.80   # issue 14 bar; measured 0.806 on 94 pairs after issue 11 changed which items are tasks
# Retrieved pairs the fixture must label: a new neighbour nobody judged is not evidence either way.
COVERAGE_FLOOR = 0.9
MIN_PAIRS = 60
# Queries that must be shown at least one neighbour: precision bought by showing nothing is not quality.
MIN_ANSWERED = 15


@pytest.fixture(scope="module")
def measured(kb_db):
    with sqlite3.connect(kb_db) as conn:
        pairs = quality.resolve_pairs(conn)
        return pairs, quality.score(pairs, quality.stored_neighbours(conn, {p.query for p in pairs}))


def test_fixture_is_large_and_explained():
    rows = quality.read_pairs(quality.PAIRS)
    assert len(rows) >= MIN_PAIRS
    assert {r["label"] for r in rows} == {"similar", "not_similar"}
    assert sum("hard negative" in r["reason"] for r in rows) >= 10
    assert all(r["query_file"] != r["other_file"] for r in rows), "pairs are across plans"
    assert len({(r["query_file"], r["query_task"], r["other_file"], r["other_task"]) for r in rows}) == len(rows)


def test_precision_at_3(measured):
    pairs, result = measured
    print(quality.report(result))
    assert result["coverage"] >= COVERAGE_FLOOR, f"unjudged pairs: {result['unjudged']}"
    assert result["answered"] >= MIN_ANSWERED
    assert result["precision"] >= PRECISION_FLOOR, quality.report(result)


def test_bad_fixture_rows_are_named(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("query_file\tquery_task\tother_file\tother_task\tlabel\treason\n"
                    "a.txt\t1.推进\tb.txt\t2.推进\tmaybe\tunsure\n", encoding="utf-8")
    with pytest.raises(ValueError, match="row 2: label 'maybe'"):
        quality.read_pairs(path)
