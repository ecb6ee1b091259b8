"""Pages across plans (plugins/analysis_pages.py), fetched in-process, and their pure helpers."""
from __future__ import annotations

import html
import importlib.util
import re
import shutil
import sqlite3

import pytest

from conftest import ROOT
from test_datasette import SCRIPT, datasette, get, run

SPEC = importlib.util.spec_from_file_location("analysis_pages", ROOT / "plugins" / "analysis_pages.py")
pages = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(pages)


@pytest.fixture(scope="module")
def ds(kb_db):
    return datasette(kb_db)


def one(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchone()


def chongming(db) -> tuple[str, str]:
    """(2021 plan, 2022 plan): the two Chongming elderly-care plans, corpus files 001 and 000."""
    with sqlite3.connect(db) as conn:
        ids = dict(conn.execute("select substr(d.file_name, 1, 3), p.plan_id from plans p "
                                "join documents d on d.doc_id = p.doc_id where d.file_name glob '00[01]_*'"))
    return ids["001"], ids["000"]


# --- pure helpers ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, jurisdiction, expected", [
    ("崇明区民政局", "崇明区", "民政局"), ("浦发集团", "浦东新区", "浦发集团"), ("各区", None, "各区"), ("崇明区", "崇明区", "崇明区"),
])
def test_short_name(name, jurisdiction, expected):
    assert pages.short_name(name, jurisdiction) == expected


def test_network_svg_escapes_and_draws_every_unit():
    nodes = [pages.Node("u1", SCRIPT, SCRIPT, 5, 2, 1, 0.5), pages.Node("u2", "财政局", "区财政局", 2, 0, 1, 0.0),
             pages.Node("u3", "卫健委", "区卫健委", 1, 0, 2, 0.0)]
    edges = [pages.Edge("u1", "u2", 2, 2, 0, 0), pages.Edge("u2", "u3", 1, 0, 0, 0)]
    svg = pages.network_svg(nodes, edges, SCRIPT)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count('class="node"') == 3 and svg.count("<line ") == 2
    assert svg.count('marker-end="url(#lead-arrow)"') == 1  # only the led edge has an arrow


def test_layout_is_deterministic_and_labels_do_not_overlap():
    nodes = [pages.Node(f"u{i:02d}", f"单位{i}号局", f"单位{i}号局", 10 - i % 7, 0, 1 + i % 3, 0.0) for i in range(20)]
    edges = [pages.Edge(f"u{i:02d}", f"u{j:02d}", 1 + (i + j) % 4, 0, 0, 0)
             for i in range(20) for j in range(i + 1, 20) if (i * j) % 5 == 1]
    first, second = pages.network_svg(nodes, edges, "t"), pages.network_svg(nodes, edges, "t")
    assert first == second
    texts = [(float(x), float(y), label) for x, y, label in re.findall(r'<text x="([\d.]+)" y="([\d.]+)">([^<]+)', first)]
    boxes = [(x, y - 10, x + pages.text_width(label), y + 2) for x, y, label in texts]
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert not overlapping


def test_similar_block_escapes():
    rows = [{"title": SCRIPT, "text": SCRIPT, "plan_id": "p", "plan_label": SCRIPT, "anchor": "task",
             "other_id": "t", "score": 0.5, "same_metric": 0}]
    block = pages.similar_block("tasks", rows)
    assert "<script>" not in block and block.count("&lt;script&gt;") == 3


# --- pages -------------------------------------------------------------------------------------

def test_unit_page_lists_every_task_and_partner(ds, kb_db):
    unit, tasks, partners = one(kb_db, """
        select s.unit_id, (select count(distinct task_id) from task_units tu where tu.unit_id = s.unit_id),
               (select count(*) from unit_partners p where p.unit_id = s.unit_id and p.plan_id is null)
        from unit_stats s where s.plan_id is null order by s.weighted_degree desc limit 1""")
    response = get(ds, f"/-/units/{unit}")
    assert response.status_code == 200
    assert response.text.count('<tr class="task">') == tasks
    assert response.text.count('<tr class="partner">') == partners
    assert get(ds, "/-/units/nope").status_code == 404
    index = get(ds, "/-/units").text
    assert f'href="/-/units/{unit}"' in index


def test_network_page_draws_every_unit_of_the_plan(ds, kb_db):
    plan = chongming(kb_db)[1]
    units, links = one(kb_db, "select (select count(*) from unit_stats where plan_id = ?), "
                              "(select count(*) from unit_network where plan_id = ?)", (plan, plan))
    response = get(ds, f"/-/network/{plan}")
    assert response.status_code == 200
    assert response.text.count('<a href="/-/units/') >= units
    assert response.text.count('class="node"') == units
    assert len(re.findall(r'<line [^>]*class="edge', response.text)) == links
    assert "崇明区民政局" in response.text
    assert get(ds, "/-/network/nope").status_code == 404
    assert f'href="/-/network/{plan}"' in get(ds, "/-/network").text


def test_network_page_of_a_plan_without_units(ds, kb_db):
    plan = one(kb_db, "select plan_id from plans p where not exists (select 1 from unit_stats s "
                      "where s.plan_id = p.plan_id)")[0]
    response = get(ds, f"/-/network/{plan}")
    assert response.status_code == 200 and "name no responsible unit" in response.text


def test_chongming_diff(ds, kb_db):
    earlier, later = chongming(kb_db)
    response = get(ds, f"/-/diff/{earlier}/{later}")
    assert response.status_code == 200
    page = response.text
    tasks_a = one(kb_db, "select count(*) from tasks where plan_id = ? and kind = 'task'", (earlier,))[0]
    tasks_b = one(kb_db, "select count(*) from tasks where plan_id = ? and kind = 'task'", (later,))[0]
    body = page.split('class="figures task-diff"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr class="status-(\w+)">', body)
    # every task of B is one row; every A task is paired with one of them or dropped
    assert len(rows) - rows.count("dropped") == tasks_b
    assert rows.count("dropped") + rows.count("kept") + rows.count("changed") == tasks_a
    assert {"kept", "changed", "new", "dropped"} <= set(rows)
    # the nursing-bed share is stated in both: side by side, each side linking to its sentence
    targets = page.split('class="figures target-diff"', 1)[1]
    row = next(r for r in targets.split("<tr ") if "nursing_bed_share" in r)
    assert row.count('href="/-/plan/') == 2
    # the dementia-care beds target changed nothing; the total of elderly beds changed its value and year
    assert 'class="differs"' in targets


def test_diff_index_lists_plans_of_the_same_place(ds, kb_db):
    earlier, later = chongming(kb_db)
    page = get(ds, "/-/diff").text
    assert f'href="/-/diff/{earlier}/{later}"' in page
    redirect = run(ds.client.get("/-/diff", params={"a": earlier, "b": later}))
    assert redirect.status_code == 302 and redirect.headers["location"] == f"/-/diff/{earlier}/{later}"
    assert get(ds, f"/-/diff/{earlier}/nope").status_code == 404


def test_same_place_plans_query(ds, kb_db):
    earlier, later = chongming(kb_db)
    rows = get(ds, "/kb/same_place_plans.json", params={"_shape": "objects", "_size": "max"}).json()["rows"]
    pairs = {(r["plan_id_a"], r["plan_id_b"]) for r in rows}
    assert (earlier, later) in pairs and (later, earlier) not in pairs
    page = get(ds, "/kb/same_place_plans").text
    assert f'<a href="/-/diff/{earlier}/{later}">对比 / diff</a>' in page


def test_task_row_page_shows_similar_elsewhere(ds, kb_db):
    task, other, plan = one(kb_db, "select task_id, similar_id, similar_plan_id from similar_tasks where rank = 1 "
                                   "order by score desc limit 1")
    page = get(ds, f"/kb/tasks/{task}").text
    assert "其他地区的类似任务 / similar tasks elsewhere" in page
    assert f'href="/-/plan/{plan}?focus=task-{other}#task-{other}"' in page


def test_target_row_page_marks_same_metric(ds, kb_db):
    target = one(kb_db, "select indicator_id from similar_targets where same_metric = 1 limit 1")[0]
    page = get(ds, f"/kb/indicators/{target}").text
    assert "same metric" in page and "similar targets elsewhere" in page


def test_reading_page_lists_the_focused_task_neighbours(ds, kb_db):
    task, plan, other = one(kb_db, "select task_id, plan_id, similar_id from similar_tasks where rank = 1 limit 1")
    page = get(ds, f"/-/plan/{plan}", params={"focus": f"task-{task}"}).text
    assert 'class="similar-focus"' in page and f"#task-{other}" in page
    assert f'href="/-/similar/{plan}"' in page
    similar = get(ds, f"/-/similar/{plan}").text
    assert f"#task-{other}" in similar


def test_home_page_says_how_far_to_trust_each_column(ds, kb_db):
    page = get(ds, "/").text
    with sqlite3.connect(kb_db) as conn:
        measures = [r[0] for r in conn.execute("select measure from accuracy order by ordinal")]
    assert re.findall(r'<li data-measure="([^"]+)">', page) == measures
    assert "量化指标：F1" in page and 'href="/kb/accuracy"' in page
    for link in ("/-/units", "/-/network", "/-/diff", "/kb/same_place_plans", "/kb/similar_across_plans"):
        assert f'href="{link}"' in page, link


def test_pages_escape_document_text(kb_db, tmp_path):
    db = tmp_path / "kb.db"
    shutil.copy(kb_db, db)
    earlier, later = chongming(kb_db)
    with sqlite3.connect(db) as conn:
        conn.execute("update tasks set title = ?, text = ? || text", [SCRIPT, SCRIPT])
        conn.execute("update indicators set metric = ?, quote = ?", [SCRIPT, SCRIPT])
        conn.execute("update units set name = ?", [SCRIPT])
        conn.execute("update plans set title = ?, label = ?", [SCRIPT, SCRIPT])
        unit = conn.execute("select unit_id from unit_stats where plan_id = ? limit 1", [later]).fetchone()[0]
        task = conn.execute("select task_id from similar_tasks limit 1").fetchone()[0]
    ds = datasette(db)
    for path in (f"/-/units/{unit}", "/-/units", f"/-/network/{later}", "/-/network", f"/-/diff/{earlier}/{later}",
                 "/-/diff", f"/-/similar/{later}", f"/kb/tasks/{task}", f"/-/plan/{later}?focus=task-{task}"):
        response = get(ds, path)
        assert response.status_code == 200, path
        assert SCRIPT not in response.text, path
        assert html.escape(SCRIPT) in response.text, path
