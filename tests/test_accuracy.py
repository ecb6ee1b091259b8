"""The evaluator's figures published with the data (extract/analysis/accuracy.py, build.py --accuracy)."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from conftest import ROOT, build
from extract.analysis import accuracy

GOOD_SEED = ROOT / "corpus" / "002_019ae4dc2b2b33f6.txt"

FIGURES = {
    "measured_on": "2026-01-31", "corpus": "shared/devset/corpus (14 plans)", "documents": 14,
    "overall": {
        "targets": {"precision": 0.91, "recall": 0.88, "f1": 0.89, "tp": 610, "fp": 60, "fn": 83},
        "target_year": {"accuracy": 0.61, "n": 500},
        "target_canonical": {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 0, "fp": 0, "fn": 0},
        "a_new_measure": {"accuracy": 0.5, "n": 2},
        "plan_fields": {"title": 1.0, "period_start": 0.64},
    },
}


def test_rows_name_the_column_each_measure_describes():
    rows = {r["measure"]: r for r in accuracy.accuracy_rows(FIGURES)}
    assert (rows["targets"]["describes"], rows["targets"]["kind"], rows["targets"]["f1"], rows["targets"]["n"]) == \
        ("indicators", "prf", 0.89, 693)
    assert (rows["target_year"]["describes"], rows["target_year"]["accuracy"]) == ("indicators.year", 0.61)
    assert rows["plan_fields.period_start"]["describes"] == "plans.period_start"
    assert rows["a_new_measure"]["field_en"] == "a_new_measure"   # unknown measures keep their name
    assert {r["measured_on"] for r in rows.values()} == {"2026-01-31"}


@pytest.mark.parametrize("measure, expected", [
    ("targets", "量化指标：F1 0.89（精确率 0.91，召回率 0.88，n=693） / numeric targets: F1 0.89 "
                "(precision 0.91, recall 0.88, n=693)"),
    ("target_year", "指标目标年份：正确率 61%（n=500） / target years: 61% correct (n=500)"),
    # the dev set's gold states no canonical metric: say so rather than print a perfect score
    ("target_canonical", "规范指标：未测量（标注中没有） / canonical metric of targets: not measured (none in the annotations)"),
    ("plan_fields.period_start", "规划期起始年：正确率 64% / first years of plan periods: 64% correct"),
])
def test_sentences(measure, expected):
    row = next(r for r in accuracy.accuracy_rows(FIGURES) if r["measure"] == measure)
    assert accuracy.sentence(row) == expected


@pytest.mark.parametrize("content, reason", [
    (None, "cannot be read"),
    ("{not json", "not JSON"),
    ("[1, 2]", "expected a JSON object"),
    ('{"measured_on": "2026-01-01"}', "missing corpus, overall"),
])
def test_bad_files_are_named_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "figures.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(accuracy.AccuracyFileError, match=reason) as error:
        accuracy.read_accuracy(path)
    assert str(path) in str(error.value)


def test_the_published_file_covers_every_measure():
    data = accuracy.read_accuracy()
    assert set(accuracy.MEASURES) <= set(data["overall"]), "refresh with scripts/refresh_accuracy.py"
    assert set(accuracy.PLAN_FIELDS) <= set(data["overall"]["plan_fields"])
    assert data["documents"] > 0 and data["measured_on"][:2] == "20"


def test_every_build_publishes_the_file(seed_db):
    with sqlite3.connect(seed_db) as conn:
        rows = conn.execute("select measure, measured_on from accuracy").fetchall()
    expected = accuracy.accuracy_rows(accuracy.read_accuracy())
    assert [r[0] for r in rows] == [r["measure"] for r in expected]


def test_build_loads_another_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD_SEED, corpus)
    figures = tmp_path / "figures.json"
    figures.write_text(json.dumps(FIGURES), encoding="utf-8")
    result = build(corpus, tmp_path / "kb.db", "--accuracy", str(figures))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        assert conn.execute("select f1 from accuracy where measure = 'targets'").fetchone() == (0.89,)
        assert conn.execute("select count(*) from accuracy").fetchone()[0] == len(accuracy.accuracy_rows(FIGURES))


def test_build_refuses_a_bad_file_before_reading_the_corpus(tmp_path):
    figures = tmp_path / "figures.json"
    figures.write_text("{}", encoding="utf-8")
    result = build(ROOT / "corpus", tmp_path / "kb.db", "--accuracy", str(figures))
    assert result.returncode == 1
    assert str(figures) in result.stderr and "missing measured_on" in result.stderr
    assert not (tmp_path / "kb.db").exists()
