"""Datasette pages of the seed database, fetched in-process."""
from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

ROOT = Path(__file__).resolve().parents[1]
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["kb"]["queries"]
# Plans of the seed corpus that state a nursing-bed share (护理型床位占比), by county.
NURSING_BED_SHARE = {"崇明区": 60, "浦东新区": 60, "如皋市": 75}
SCRIPT = "<script>alert(1)</script>"


def run(coroutine):
    return asyncio.run(coroutine)


def get(ds: Datasette, path: str, params: dict | None = None):
    """One page fetched in-process (no pytest-asyncio needed)."""
    return run(ds.client.get(path, params=params))


def datasette(db: Path) -> Datasette:
    return Datasette([str(db)], metadata=METADATA, plugins_dir=str(ROOT / "plugins"))


@pytest.fixture(scope="module")
def ds(kb_db):
    return datasette(kb_db)


@pytest.fixture(scope="module")
def plan_id(kb_db) -> str:
    with sqlite3.connect(kb_db) as conn:
        return conn.execute("select plan_id from plans order by title limit 1").fetchone()[0]


def query_params(name: str, plan_id: str) -> dict:
    return {"plan_tree": {"plan_id": plan_id}, "unit_tasks": {"unit": "民政局"}, "due_in_year": {"year": "2025"},
            "targets_by_metric": {"word": "床位"}}.get(name, {})


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_returns_rows(ds, plan_id, name):
    response = get(ds, f"/kb/{name}.json", params={**query_params(name, plan_id), "_shape": "objects"})
    assert response.status_code == 200, response.text
    assert response.json()["rows"], f"{name} returned no rows"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_page_renders(ds, plan_id, name):
    response = get(ds, f"/kb/{name}", params=query_params(name, plan_id))
    assert response.status_code == 200


def test_every_table_and_view_renders(ds, kb_db):
    db = ds.get_database("kb")
    names = run(db.table_names()) + run(db.view_names())
    hidden = set(run(db.hidden_table_names()))
    for name in sorted(set(names) - hidden):
        response = get(ds, f"/kb/{name}")
        assert response.status_code == 200, name


def test_every_table_and_column_described(kb_db):
    tables = METADATA["databases"]["kb"]["tables"]
    with sqlite3.connect(kb_db) as conn:
        names = [r[0] for r in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' "
            "and name not like '%_fts%'")]
        for name in names:
            assert tables.get(name, {}).get("description"), name
            columns = [r[1] for r in conn.execute(f"pragma table_info([{name}])")]
            missing = [c for c in columns if not tables[name].get("columns", {}).get(c)]
            assert not missing, f"{name}: {missing}"
            for text in [tables[name]["description"], *tables[name]["columns"].values()]:
                assert "/ " in text, f"{name}: {text!r} needs Chinese / English"


@pytest.mark.parametrize("table, facet", [
    ("plans", "province"), ("plans", "county"), ("tasks", "plan_id"), ("tasks", "kind"), ("tasks", "deadline"),
    ("indicators", "plan_id"), ("indicators", "canonical"), ("indicators", "unit"), ("indicators", "year"),
    ("indicators", "kind"), ("task_units", "role"), ("task_units", "unit_id"),
])
def test_facets(ds, table, facet):
    response = get(ds, f"/kb/{table}.json", params={"_facet": facet})
    assert response.status_code == 200
    facet_results = response.json()["facet_results"]
    assert facet_results[facet]["results"], facet
    value = facet_results[facet]["results"][0]["value"]
    filtered = get(ds, f"/kb/{table}.json", params={facet: value, "_shape": "objects"})
    assert filtered.json()["rows"]


def test_tasks_show_plan_title(ds):
    response = get(ds, "/kb/tasks")
    assert "崇明区深化养老服务三年行动计划" in response.text


def test_nursing_bed_share_by_district(ds):
    response = get(ds, "/kb/metric_by_district.json",
                                   params={"metric": "nursing_bed_share", "_shape": "objects"})
    rows = response.json()["rows"]
    assert {r["canonical"] for r in rows} == {"nursing_bed_share"}
    found = {(r["county"], r["value"]) for r in rows}
    for county, value in NURSING_BED_SHARE.items():
        assert (county, value) in found, county
    every = get(ds, "/kb/metric_by_district.json", params={"_shape": "objects", "_size": "max"})
    assert len({r["canonical"] for r in every.json()["rows"]}) > 5


def test_rows_link_to_reading_page(ds):
    for path in ("/kb/tasks", "/kb/indicators", "/kb/kb_targets", "/kb/kb_tasks"):
        response = get(ds, path)
        assert 'class="source-link" href="/-/plan/' in response.text, path


def test_reading_page_anchors(ds, kb_db, plan_id):
    response = get(ds, f"/-/plan/{plan_id}")
    assert response.status_code == 200
    with sqlite3.connect(kb_db) as conn:
        tasks = [r[0] for r in conn.execute("select task_id from tasks where plan_id = ?", [plan_id])]
        targets = [r[0] for r in conn.execute("select indicator_id from indicators where plan_id = ?", [plan_id])]
    for task_id in tasks:
        assert f'id="task-{task_id}"' in response.text
    for target_id in targets:
        assert f'id="target-{target_id}"' in response.text


def test_reading_page_escapes_document_text(kb_db, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(kb_db, db)
    with sqlite3.connect(db) as conn:
        # Appended, so the offsets of the plan's tasks and targets still hold.
        conn.execute("update documents set text = text || ? where doc_id = (select doc_id from plans limit 1)",
                     ["\n" + SCRIPT])
        plan_id = conn.execute("select plan_id from plans limit 1").fetchone()[0]
    response = get(datasette(db), f"/-/plan/{plan_id}")
    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_unknown_plan_is_404(ds):
    response = get(ds, "/-/plan/nope")
    assert response.status_code == 404
