"""build.py --export-graph: GraphML and GEXF that networkx (and Gephi) read back whole."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import networkx as nx
import pytest
import sqlite_utils

from conftest import ROOT
from extract.analysis.graph_export import export_graphs

GOOD_SEED = ROOT / "corpus" / "002_019ae4dc2b2b33f6.txt"


@pytest.fixture(scope="module")
def exported(seed_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("graphs")
    return folder, export_graphs(sqlite_utils.Database(seed_db), folder)


def table_counts(db, where="", params=()):
    with sqlite3.connect(db) as conn:
        return (conn.execute(f"select count(*) from nodes {where}", params).fetchone()[0],
                conn.execute("select count(*) from edges").fetchone()[0])


@pytest.mark.parametrize("suffix, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_whole_graph_reads_back_with_every_node_and_edge(exported, seed_db, suffix, read):
    folder, _ = exported
    g = read(folder / f"kb.{suffix}")
    assert (g.number_of_nodes(), g.number_of_edges()) == table_counts(seed_db)
    with sqlite3.connect(seed_db) as conn:
        node_id, label = conn.execute("select node_id, label from nodes where type = 'task' limit 1").fetchone()
    assert g.nodes[node_id]["label"] == label
    assert {g.nodes[node_id]["type_zh"], g.nodes[node_id]["type_en"]} == {"任务", "task"}
    relations = {d["relation_zh"] for _, _, d in g.edges(data=True)}
    assert {"包含", "负责"} <= relations


def test_each_plan_has_its_files_with_its_units(exported, seed_db):
    folder, written = exported
    with sqlite3.connect(seed_db) as conn:
        plans = [r[0] for r in conn.execute("select plan_id from plans")]
        plan = conn.execute("select t.plan_id from task_units tu join tasks t on t.task_id = tu.task_id "
                            "limit 1").fetchone()[0]
        own = conn.execute("select count(*) from nodes where plan_id = ?", [plan]).fetchone()[0]
        units = conn.execute("select count(distinct e.target) from edges e join nodes n on n.node_id = e.source "
                             "where n.plan_id = ? and e.relation = 'responsible'", [plan]).fetchone()[0]
        edges = conn.execute("select count(*) from edges e join nodes n on n.node_id = e.source "
                             "where n.plan_id = ?", [plan]).fetchone()[0]
    assert {p.stem for p in written if p.parent.name == "plans"} == set(plans)
    g = nx.read_graphml(folder / "plans" / f"{plan}.graphml")
    assert (g.number_of_nodes(), g.number_of_edges()) == (own + units, edges)
    assert any(d.get("function_zh") for _, d in g.nodes(data=True) if d["type"] == "unit")


def test_unit_network_carries_the_figures(exported, seed_db):
    folder, _ = exported
    g = nx.read_graphml(folder / "unit_network.graphml")
    with sqlite3.connect(seed_db) as conn:
        assert g.number_of_edges() == conn.execute(
            "select count(*) from unit_network where plan_id is null").fetchone()[0]
        unit, weighted = conn.execute("select unit_id, weighted_degree from unit_stats where plan_id is null "
                                      "order by weighted_degree desc limit 1").fetchone()
    assert g.nodes[unit]["weighted_degree"] == weighted
    assert sum(d["weight"] for _, _, d in g.edges(unit, data=True)) == weighted


def test_build_option_writes_the_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD_SEED, corpus)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db",
                             str(tmp_path / "kb.db"), "--export-graph", str(tmp_path / "graphs")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    g = nx.read_graphml(tmp_path / "graphs" / "kb.graphml")
    assert (g.number_of_nodes(), g.number_of_edges()) == table_counts(tmp_path / "kb.db")
    assert "graph files" in result.stderr
