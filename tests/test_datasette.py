"""Datasette pages of the seed database, fetched in-process."""
from __future__ import annotations

import asyncio
import html
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

import serving.config
from datasette.plugins import pm

ROOT = Path(__file__).resolve().parents[1]
METADATA = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
QUERIES = METADATA["databases"]["kb"]["queries"]
# Plans of the seed corpus that state a nursing-bed share (护理型床位占比), by county.
NURSING_BED_SHARE = {"崇明区": 60, "浦东新区": 60, "如皋市": 75}
SCRIPT = "<script>alert(1)</script>"


def run(coroutine):
    return asyncio.run(coroutine)


def plugin(name: str):
    """The plugin module Datasette loaded from plugins/ (registered once per process, by file name)."""
    return pm.get_plugin(f"{name}.py")


def get(ds: Datasette, path: str, params: dict | None = None):
    """One page fetched in-process (no pytest-asyncio needed)."""
    return run(ds.client.get(path, params=params))


def datasette(db: Path) -> Datasette:
    """The knowledge base as it is served (serving.config): metadata, plugins, templates and settings."""
    return serving.config.datasette(db)


@pytest.fixture(scope="module")
def ds(kb_db):
    return datasette(kb_db)


@pytest.fixture(scope="module")
def plan_id(kb_db) -> str:
    with sqlite3.connect(kb_db) as conn:
        return conn.execute("select plan_id from plans order by title limit 1").fetchone()[0]


def query_params(name: str, plan_id: str) -> dict:
    return {"plan_tree": {"plan_id": plan_id}, "unit_tasks": {"unit": "民政局"}, "due_in_year": {"year": "2025"},
            "targets_by_metric": {"word": "床位"}, "partners_of_unit": {"unit": "民政局"},
            "similar_across_plans": {"word": "养老"}}.get(name, {})


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
    """Hidden tables too: hidden from the lists, never from their URLs."""
    db = ds.get_database("kb")
    names = run(db.table_names()) + run(db.view_names())
    for name in sorted(n for n in names if "_fts" not in n):
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


# --- Comparison pages (plugins/compare_pages.py) -------------------------------------------------

BAR = re.compile(r'<g class="bar" data-plan="([^"]+)" data-value="([^"]+)"><a href="([^"]+)">')


def nursing_bed_statements(db: Path) -> set[tuple[str, str, float]]:
    """(plan_id, county, value) of every nursing-bed-share target that is not a restatement."""
    with sqlite3.connect(db) as conn:
        return set(conn.execute(
            "select p.plan_id, p.county, i.value from indicators i join plans p on p.plan_id = i.plan_id "
            "where i.canonical = 'nursing_bed_share' and i.same_as is null"))


def test_metric_chart_has_a_bar_per_plan(ds, kb_db):
    response = get(ds, "/-/compare/nursing_bed_share")
    assert response.status_code == 200
    bars = BAR.findall(response.text)
    expected = nursing_bed_statements(kb_db)
    assert {(plan, float(value)) for plan, value, _ in bars} == {(plan, value) for plan, _, value in expected}
    counties = {plan: county for plan, county, _ in expected}
    found = {(counties[plan], float(value)) for plan, value, _ in bars}
    assert {(county, float(value)) for county, value in NURSING_BED_SHARE.items()} <= found
    assert sum(counties[plan] == "崇明区" for plan, _, _ in bars) == 2
    for plan, _, href in bars:
        assert href.startswith(f"/-/plan/{plan}?focus=target-")
        target = href.rsplit("#target-", 1)[1]
        assert f'id="target-{target}"' in get(ds, href.split("#")[0]).text


def test_metric_chart_names_the_silent_plans(ds, kb_db):
    response = get(ds, "/-/compare/nursing_bed_share")
    stating = {plan for plan, _, _ in nursing_bed_statements(kb_db)}
    with sqlite3.connect(kb_db) as conn:
        silent = [r for r in conn.execute("select plan_id, title from plans") if r[0] not in stating]
    assert silent, "the seed corpus has a plan without a nursing-bed share (Wanzhou)"
    section = response.text.split('<ul class="silent">', 1)[1]
    for _, title in silent:
        assert html.escape(title) in section


def test_metric_index_counts_plans(ds, kb_db):
    response = get(ds, "/-/compare")
    assert response.status_code == 200
    row = response.text.split('id="metric-nursing_bed_share"', 1)[1].split("</tr>", 1)[0]
    plans = {plan for plan, _, _ in nursing_bed_statements(kb_db)}
    assert f'<td class="count">{len(plans)}</td>' in row
    assert 'href="/-/compare/nursing_bed_share"' in row
    assert "#g.mark=bar&amp;" in row


@pytest.mark.parametrize("path", ["/-/compare/no_such_metric", "/-/compare/%3Cscript%3E"])
def test_unknown_metric_is_404(ds, path):
    # Datasette redirects a percent-encoded path to its ~-encoded form first.
    response = run(ds.client.get(path, follow_redirects=True))
    assert response.status_code == 404
    assert "metric <script>" not in response.text


def test_function_matrix(ds):
    rows = get(ds, "/kb/function_by_district.json", params={"_shape": "objects", "_size": "max"}).json()["rows"]
    response = get(ds, "/-/functions")
    assert response.status_code == 200
    page = response.text
    assert page.count('<tr class="function"') == len({r["function_code"] for r in rows})
    assert page.count('<th class="plan">') == len({r["plan_id"] for r in rows})
    assert "民政" in page and "Civil affairs" in page
    # A cell's number links to exactly the tasks it counts.
    cell = max(rows, key=lambda r: r["tasks_led"])
    link = (f'/kb/kb_task_units?plan_id={cell["plan_id"]}&amp;unit_function={cell["function_code"]}&amp;role=lead')
    assert f'<a href="{link}" title="牵头 / led">{cell["tasks_led"]}</a>' in page
    listed = get(ds, "/kb/kb_task_units.json", params={
        "plan_id": cell["plan_id"], "unit_function": cell["function_code"], "role": "lead",
        "_shape": "objects", "_size": "max"}).json()["rows"]
    assert len({r["task_id"] for r in listed}) == cell["tasks_led"]


def test_function_matrix_names_plans_without_units(ds, kb_db):
    with sqlite3.connect(kb_db) as conn:
        without = [r[0] for r in conn.execute(
            "select title from plans p where not exists (select 1 from tasks t join task_units tu "
            "on tu.task_id = t.task_id where t.plan_id = p.plan_id)")]
    page = get(ds, "/-/functions").text
    for title in without:
        assert html.escape(title) in page.split("无责任单位的规划", 1)[1]


def test_timeline(ds):
    rows = get(ds, "/kb/deadlines_timeline.json", params={"_shape": "objects", "_size": "max"}).json()["rows"]
    response = get(ds, "/-/timeline")
    assert response.status_code == 200
    page = response.text
    assert page.count('<tr class="plan"') == len({r["plan_id"] for r in rows})
    years = sorted({r["year"] for r in rows})
    assert f'<th class="year">{years[0]}</th>' in page and f'<th class="year">{years[-1]}</th>' in page
    busiest = max(rows, key=lambda r: r["targets_due"])
    link = (f'/kb/indicators?plan_id={busiest["plan_id"]}&amp;year={busiest["year"]}&amp;same_as__isnull=1')
    assert f'<a href="{link}">指标 {busiest["targets_due"]}</a>' in page
    listed = get(ds, "/kb/indicators.json", params={
        "plan_id": busiest["plan_id"], "year": busiest["year"], "same_as__isnull": "1", "_shape": "objects",
        "_size": "max"}).json()["rows"]
    assert len(listed) == busiest["targets_due"]


def test_comparison_pages_escape_text(kb_db, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(kb_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("update plans set title = ?, county = ?, plan_type = ?", [SCRIPT, SCRIPT, SCRIPT])
        conn.execute("update unit_functions set name_zh = ?, name_en = ?", [SCRIPT, SCRIPT])
        conn.execute("update canonical_metrics set name_zh = ?, name_en = ?, definition = ?", [SCRIPT] * 3)
        conn.execute("update indicators set quote = ?", [SCRIPT])
    escaped = html.escape(SCRIPT)
    ds = datasette(db)
    for path in ("/-/compare", "/-/compare/nursing_bed_share", "/-/functions", "/-/timeline",
                 "/kb/plans_map", "/kb/metric_by_district?metric=nursing_bed_share"):
        response = get(ds, path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.text, path
        assert escaped in response.text, path


def test_canned_query_columns_have_bilingual_labels(ds, plan_id):
    for name, query in QUERIES.items():
        response = get(ds, f"/kb/{name}.json", params={**query_params(name, plan_id), "_shape": "objects"})
        columns = list(response.json()["rows"][0])
        labels = query.get("columns", {})
        assert [c for c in columns if c not in labels] == [], name
        for column in columns:
            assert re.search(r"[\u4e00-\u9fff].*/ [A-Za-z]", labels[column]), f"{name}.{column}"
        page = get(ds, f"/kb/{name}", params=query_params(name, plan_id)).text
        assert json.dumps(labels[columns[0]], ensure_ascii=False) in page, name


@pytest.mark.parametrize("path", ["/kb/metric_by_district?metric=nursing_bed_share", "/kb/plans_map",
                                  "/-/compare/nursing_bed_share"])
def test_chart_and_map_assets_are_local(ds, path):
    page = get(ds, path).text
    assets = re.findall(r'<script[^>]+src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', page)
    assets = [script or css for script, css in assets]
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert get(ds, asset.split("?")[0]).status_code == 200, asset
    if path.startswith("/kb/plans_map"):
        for needed in ("/-/static-plugins/datasette-leaflet/leaflet-v1.7.1.js",
                       "/-/static-plugins/datasette-cluster-map/leaflet.markercluster.min.js"):
            assert needed in page
            assert get(ds, needed).status_code == 200


def test_home_page_links_the_comparisons(ds):
    page = get(ds, "/").text
    for link in ("/-/compare/nursing_bed_share", "/-/compare", "/-/functions", "/-/timeline", "/kb/plans_map",
                 "/kb/metric_by_district?metric=nursing_bed_share#g.mark=bar&amp;"):
        assert f'href="{link}' in page, link


# What the home page leads with, in order (issue 12): search, then plans, tasks, targets, units, then the
# comparisons; the graph tables and vocabularies are hidden.
HOME_ORDER = ['action="/-/search-zh"', 'href="/kb/plans"', 'href="/kb/tasks"', 'href="/kb/kb_targets"',
              'href="/kb/units"', 'href="/-/compare/nursing_bed_share"', 'href="/-/compare"', 'href="/-/functions"',
              'href="/-/timeline"', 'href="/kb/plans_map"']
HIDDEN = ["nodes", "edges", "places", "unit_functions", "canonical_metrics", "metric_statements",
          "function_plan_tasks", "plan_year_due", "unit_mentions"]


def test_home_page_leads_with_what_users_come_for(ds, kb_db):
    page = get(ds, "/").text
    positions = [page.find(marker) for marker in HOME_ORDER]
    assert -1 not in positions, [m for m, p in zip(HOME_ORDER, positions) if p < 0]
    assert positions == sorted(positions)
    for table in HIDDEN:
        assert f'href="/kb/{table}"' not in page, table
    with sqlite3.connect(kb_db) as conn:
        plans, targets = conn.execute(
            "select (select count(*) from plans), (select count(*) from indicators where same_as is null)").fetchone()
    assert f'<span class="count">{plans:,}</span>' in page and f'<span class="count">{targets:,}</span>' in page


def test_graph_tables_and_vocabularies_are_hidden(ds):
    hidden = set(run(ds.get_database("kb").hidden_table_names()))
    assert set(HIDDEN) <= hidden
    assert not {"plans", "tasks", "indicators", "units", "sections", "task_units", "build_problems"} & hidden


def test_pages_with_a_plan_per_column_or_row_paginate(ds, kb_db, monkeypatch):
    """10 plans a page: every plan on exactly one page, links between pages, and a province filter."""
    monkeypatch.setattr(plugin("compare_pages"), "PLANS_PER_PAGE", 10)
    with sqlite3.connect(kb_db) as conn:
        with_units = {r[0] for r in conn.execute("select distinct plan_id from function_plan_tasks")}
        shanghai = {r[0] for r in conn.execute(
            "select distinct plan_id from function_plan_tasks where plan_id in "
            "(select plan_id from plans where province = '上海市')")}
    seen, path = [], "/-/functions"
    while path:
        page = get(ds, path).text
        seen += re.findall(r'<th class="plan"><a href="/-/plan/([^"]+)"', page)
        following = re.search(r'<a class="next" href="([^"]+)"', page)
        path = html.unescape(following.group(1)) if following else None
    assert len(seen) == len(set(seen)) and set(seen) == with_units
    page = get(ds, "/-/functions", {"province": "上海市"}).text
    assert set(re.findall(r'<th class="plan"><a href="/-/plan/([^"]+)"', page)) <= shanghai
    assert f"/ {len(shanghai)}" in page
    with sqlite3.connect(kb_db) as conn:
        dated = conn.execute("select count(distinct plan_id) from plan_year_due").fetchone()[0]
    timeline = get(ds, "/-/timeline", {"page": "2"}).text
    assert timeline.count('<tr class="plan"') == min(10, dated - 10) and 'class="previous"' in timeline


def test_timeline_totals_cover_every_plan(ds, kb_db):
    page = get(ds, "/-/timeline").text
    with sqlite3.connect(kb_db) as conn:
        due_2025 = conn.execute("select count(*) from indicators where year = 2025 and same_as is null").fetchone()[0]
    footer = page.split('<tr class="total">', 1)[1]
    assert f"指标 {due_2025}<" in footer


def test_map_query_has_coordinates_for_every_plan(ds, kb_db):
    rows = get(ds, "/kb/plans_map.json", params={"_shape": "objects"}).json()["rows"]
    with sqlite3.connect(kb_db) as conn:
        assert len(rows) == conn.execute("select count(*) from plans").fetchone()[0]
    for row in rows:
        assert row["latitude"] and row["longitude"], row["plan_title"]
        assert json.loads(row["popup"])["link"] == row["source_link"]
