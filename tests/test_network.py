"""The co-responsibility network of units (extract/analysis/network.py)."""
from __future__ import annotations

import shutil
import sqlite3

import networkx as nx
import numpy as np
import pytest
import sqlite_utils
from hypothesis import given, settings, strategies as st

from extract.analysis import network, network_update

# (plan, task, unit, leads) rows -> expected unit_network rows of the plan: (a, b, weight, a_leads, b_leads, joint)
EDGE_CASES = [
    # 区民政局（牵头）、区财政局、区卫健委: the lead leads both others; the two co-owners share the task, no lead.
    ([("p", "t1", "mz", 1), ("p", "t1", "cz", 0), ("p", "t1", "wj", 0)],
     [("cz", "mz", 1, 0, 1, 0), ("cz", "wj", 1, 0, 0, 0), ("mz", "wj", 1, 1, 0, 0)]),
    # two tasks shared: weight 2; 财政 leads one, 民政 the other
    ([("p", "t1", "mz", 1), ("p", "t1", "cz", 0), ("p", "t2", "mz", 0), ("p", "t2", "cz", 1)],
     [("cz", "mz", 2, 1, 1, 0)]),
    # joint leads (两个牵头单位)
    ([("p", "t1", "mz", 1), ("p", "t1", "cz", 1)], [("cz", "mz", 1, 0, 0, 1)]),
    # one unit named twice in a task (区民政局 and 民政局 resolve alike): one member, lead if either mention leads
    ([("p", "t1", "mz", 0), ("p", "t1", "mz", 1), ("p", "t1", "cz", 0)], [("cz", "mz", 1, 0, 1, 0)]),
    # a task with a single unit adds no edge
    ([("p", "t1", "mz", 1)], []),
]


def plan_rows(rows, plan="p"):
    m = network.memberships(rows)
    scopes = network.scope_networks(m)
    scope = next(s for s in scopes if s.plan_id == plan)
    return as_dicts(*network.scope_rows(m, scope))


def as_dicts(edges, stats):
    return ([dict(zip(network.NETWORK_COLUMNS, e)) for e in edges],
            [dict(zip(network.STATS_COLUMNS, s)) for s in stats])


@pytest.mark.parametrize("rows, expected", EDGE_CASES)
def test_edges_keep_weight_and_lead_direction(rows, expected):
    edges, _ = plan_rows(rows)
    assert [(e["unit_a"], e["unit_b"], e["weight"], e["a_leads"], e["b_leads"], e["joint_leads"])
            for e in edges] == expected


def test_unit_loads_and_lead_load():
    rows = [("p", "t1", "mz", 1), ("p", "t1", "cz", 0), ("p", "t2", "mz", 1), ("p", "t3", "cz", 1),
            ("p", "t4", "wj", 0)]
    _, stats = plan_rows(rows)
    by_unit = {s["unit_id"]: s for s in stats}
    # three tasks have a lead; 民政 leads two of them
    assert (by_unit["mz"]["tasks"], by_unit["mz"]["tasks_led"], by_unit["mz"]["lead_load"]) == (2, 2, round(2 / 3, 6))
    assert (by_unit["cz"]["tasks"], by_unit["cz"]["tasks_co"]) == (2, 1)
    # 卫健 works alone: no partner, its own community
    assert (by_unit["wj"]["degree"], by_unit["wj"]["weighted_degree"]) == (0, 0)
    assert by_unit["wj"]["community"] != by_unit["mz"]["community"]


def test_corpus_scope_sums_the_plans():
    rows = [("p1", "t1", "mz", 1), ("p1", "t1", "cz", 0), ("p2", "t2", "mz", 0), ("p2", "t2", "cz", 1),
            ("p2", "t3", "mz", 1), ("p2", "t3", "wj", 0)]
    m = network.memberships(rows)
    corpus = network.scope_networks(m)[-1]
    assert corpus.plan_id is None
    edges, stats = as_dicts(*network.scope_rows(m, corpus))
    assert [(e["unit_a"], e["unit_b"], e["weight"], e["a_leads"], e["b_leads"]) for e in edges] == [
        ("cz", "mz", 2, 1, 1), ("mz", "wj", 1, 1, 0)]
    by_unit = {s["unit_id"]: s for s in stats}
    assert (by_unit["mz"]["plans"], by_unit["mz"]["tasks"], by_unit["wj"]["plans"]) == (2, 3, 1)
    # 民政 lies on the one path between 财政 and 卫健
    assert by_unit["mz"]["betweenness"] == 1.0


@st.composite
def graphs(draw):
    n = draw(st.integers(0, 30))
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=80)) if pairs else []
    return n, sorted(edges)


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_betweenness_is_networkx_betweenness(graph):
    n, edges = graph
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    expected = nx.betweenness_centrality(g)
    assert network.betweenness(n, a, b) == pytest.approx([expected[i] for i in range(n)], abs=1e-6)


def test_large_component_falls_back_to_networkx(monkeypatch):
    monkeypatch.setattr(network, "MATRIX_BETWEENNESS_MAX", 3)
    # a path of four and, apart, a path of three: scaled by all seven nodes, as networkx does
    a, b = np.array([0, 1, 2, 4, 5]), np.array([1, 2, 3, 5, 6])
    assert network.betweenness(7, a, b) == pytest.approx(np.array([0, 2, 2, 0, 0, 1, 0]) / 15)


@pytest.mark.parametrize("n, edges, expected", [
    (5, [(0, 1), (3, 4)], [0, 0, 2, 3, 3]),
    (6, [(4, 5), (3, 4), (0, 3), (1, 2)], [0, 1, 1, 0, 0, 0]),
    (3, [], [0, 1, 2]),
])
def test_components(n, edges, expected):
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    assert network.components(n, a, b).tolist() == expected


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_communities_partition_every_unit(graph):
    n, edges = graph
    a = np.array([e[0] for e in edges], dtype=np.int64)
    b = np.array([e[1] for e in edges], dtype=np.int64)
    numbers = network.communities(n, a, b, np.ones(len(edges), dtype=np.int64))
    assert len(numbers) == n and (n == 0 or set(numbers.tolist()) == set(range(1, numbers.max() + 1)))
    sizes = np.bincount(numbers)[1:]
    assert list(sizes) == sorted(sizes, reverse=True)  # 1 is the largest
    linked = {x for e in edges for x in e}
    for unit in set(range(n)) - linked:  # a unit that shares no task is a community of its own
        assert sizes[numbers[unit] - 1] == 1


def test_seed_database_tables(seed_db):
    db = sqlite_utils.Database(seed_db)
    plans_with_units = {r[0] for r in db.execute(
        "select distinct t.plan_id from task_units tu join tasks t on t.task_id = tu.task_id")}
    assert {r[0] for r in db.execute("select distinct plan_id from unit_stats where plan_id is not null")} \
        == plans_with_units
    # across the corpus, every responsible unit is a node, and edge weights count shared tasks
    assert db.execute("select count(*) from unit_stats where plan_id is null").fetchone()[0] == \
        db.execute("select count(distinct unit_id) from task_units").fetchone()[0]
    shared = db.execute("""
        with members as (select distinct task_id, unit_id from task_units)
        select count(*) from members x join members y on x.task_id = y.task_id and x.unit_id < y.unit_id
        """).fetchone()[0]
    assert db.execute("select sum(weight) from unit_network where plan_id is null").fetchone()[0] == shared
    assert db.execute("select sum(weight) from unit_network where plan_id is not null").fetchone()[0] == shared


def test_chongming_civil_affairs_bureau_is_the_hub(seed_db):
    """In the Chongming 2022–2024 elderly-care plan (000) 区民政局 shares the most tasks and bridges the most units."""
    db = sqlite_utils.Database(seed_db)
    plan_id = db.execute("select p.plan_id from plans p join documents d on d.doc_id = p.doc_id "
                         "where d.file_name like '000_%'").fetchone()[0]
    rows = list(db.query("select u.name, s.* from unit_stats s join units u on u.unit_id = s.unit_id "
                         "where s.plan_id = ? order by s.weighted_degree desc", [plan_id]))
    assert rows[0]["name"] == "崇明区民政局"
    assert max(rows, key=lambda r: r["betweenness"])["name"] == "崇明区民政局"


def test_update_network_leaves_the_rows_of_a_full_run(seed_db, tmp_path):
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    removed, edited = [r[0] for r in db.execute(
        "select distinct t.plan_id from task_units tu join tasks t on t.task_id = tu.task_id order by 1 limit 2")]
    with db.conn:
        db.execute("delete from task_units where task_id in (select task_id from tasks where plan_id = ?)", [removed])
        db.execute("delete from task_units where rowid in (select tu.rowid from task_units tu join tasks t "
                   "on t.task_id = tu.task_id where t.plan_id = ? limit 5)", [edited])
        network_update.update_network(db, [removed, edited])
    incremental = {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr)
                   for t in ("unit_network", "unit_stats")}
    with db.conn:
        network.save_unit_network(db)
    for table, rows in incremental.items():
        assert rows == sorted(db.execute(f"select * from {table}").fetchall(), key=repr), table
    with sqlite3.connect(path) as conn:
        assert not conn.execute("select count(*) from unit_stats where plan_id = ?", [removed]).fetchone()[0]


def test_plans_that_name_no_units_give_no_network(tmp_path):
    # a corpus of plans without responsibility notes (broken PDFs, measures) still builds
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text("某区养老服务行动方案\n一、主要任务\n1.完善养老服务。新增床位100张。\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(root / "build.py"), "--corpus", str(corpus), "--db",
                             str(tmp_path / "kb.db")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sqlite3.connect(tmp_path / "kb.db").execute("select count(*) from unit_network").fetchone() == (0,)
