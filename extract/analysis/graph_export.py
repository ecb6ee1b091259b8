"""The knowledge graph as files Gephi and networkx read: GraphML and GEXF.

    python build.py --corpus corpus --db kb.db --export-graph graphs/

writes, from the `nodes` and `edges` tables (so a file has exactly their
nodes and edges) and `unit_network` / `unit_stats`:

- `kb.graphml`, `kb.gexf`: the whole graph, plan → section → task →
  target, and the units responsible;
- `plans/<plan_id>.graphml`, `.gexf`: one plan's part of it, with its units;
- `unit_network.graphml`, `.gexf`: units linked by the tasks they share
  (weight), with each unit's figures across the corpus.

Every node has `label` (its Chinese text: a heading, a task, a unit name),
`type` with `type_zh` / `type_en`, and every edge `relation` with
`relation_zh` / `relation_en`, so a reader of either language can colour
and filter by them. Empty values are left out (GraphML has no null).
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import sqlite_utils

NODE_TYPES = {
    "plan": ("规划", "plan"), "section": ("章节", "section"), "task": ("任务", "task"),
    "subtask": ("分工表行", "task-division row"), "indicator": ("指标", "target"), "unit": ("责任单位", "unit"),
    "project": ("项目", "project"),
}
RELATIONS = {
    "contains": ("包含", "contains"), "has_task": ("含任务", "has task"), "has_subtask": ("含分工表行", "has row"),
    "has_indicator": ("含指标", "has target"), "has_project": ("含项目", "has project"),
    "responsible": ("负责", "responsible"), "same_as": ("重复表述", "restates"),
}
ROLES = {"lead": ("牵头", "lead"), "co": ("协同", "co-responsible")}
FORMATS = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}


def _clean(attributes: dict) -> dict:
    """Attributes without empty values: GraphML and GEXF have no null."""
    return {k: v for k, v in attributes.items() if v is not None and v != ""}


def knowledge_graph(db: sqlite_utils.Database, plan_id: str | None = None) -> nx.DiGraph:
    """The `nodes` and `edges` tables as a graph; with `plan_id`, that plan's nodes, its units and their edges."""
    units = {r["unit_id"]: r for r in db.query(
        "select u.unit_id, u.function_code, f.name_zh, f.name_en, u.jurisdiction from units u "
        "left join unit_functions f on f.code = u.function_code")}
    g = nx.DiGraph(name=plan_id or "kb")
    where, params = ("where plan_id = ?", [plan_id]) if plan_id else ("", [])
    for n in db.query(f"select * from nodes {where} order by node_id", params):
        g.add_node(n["node_id"], **_node_attributes(n, units.get(n["ref_id"]) if n["type"] == "unit" else None))
    edges = db.query("select * from edges order by source, target, relation") if plan_id is None else db.query(
        "select e.* from edges e join nodes n on n.node_id = e.source where n.plan_id = ? "
        "order by e.source, e.target, e.relation", [plan_id])
    for e in edges:
        if plan_id is not None and e["target"] not in g:  # a unit this plan names
            unit = db.execute("select * from nodes where node_id = ?", [e["target"]]).fetchone()
            if unit is None:
                continue
            row = dict(zip(("node_id", "type", "ref_id", "label", "plan_id"), unit))
            g.add_node(row["node_id"], **_node_attributes(row, units.get(row["ref_id"])))
        zh, en = RELATIONS.get(e["relation"], (e["relation"], e["relation"]))
        role_zh, role_en = ROLES.get(e["role"], (None, None))
        g.add_edge(e["source"], e["target"], **_clean({
            "relation": e["relation"], "relation_zh": zh, "relation_en": en, "role": e["role"],
            "role_zh": role_zh, "role_en": role_en}))
    return g


def _node_attributes(node: dict, unit: dict | None) -> dict:
    zh, en = NODE_TYPES.get(node["type"], (node["type"], node["type"]))
    attributes = {"label": node["label"], "type": node["type"], "type_zh": zh, "type_en": en,
                  "ref_id": node["ref_id"], "plan_id": node["plan_id"]}
    if unit:
        attributes |= {"function": unit["function_code"], "function_zh": unit["name_zh"],
                       "function_en": unit["name_en"], "jurisdiction": unit["jurisdiction"]}
    return _clean(attributes)


def unit_graph(db: sqlite_utils.Database, plan_id: str | None = None) -> nx.Graph:
    """The co-responsibility network of the corpus (or of one plan), with each unit's figures."""
    scope, params = ("plan_id is null", []) if plan_id is None else ("plan_id = ?", [plan_id])
    g = nx.Graph(name=f"units {plan_id or 'kb'}")
    for s in db.query(f"select s.*, u.name, u.jurisdiction, u.function_code, f.name_zh, f.name_en "
                      f"from unit_stats s join units u on u.unit_id = s.unit_id "
                      f"left join unit_functions f on f.code = u.function_code where s.{scope} order by s.unit_id",
                      params):
        g.add_node(s["unit_id"], **_clean({
            "label": s["name"], "type": "unit", "type_zh": "责任单位", "type_en": "unit",
            "jurisdiction": s["jurisdiction"], "function": s["function_code"], "function_zh": s["name_zh"],
            "function_en": s["name_en"], "tasks": s["tasks"], "tasks_led": s["tasks_led"],
            "lead_load": s["lead_load"], "degree": s["degree"], "weighted_degree": s["weighted_degree"],
            "betweenness": s["betweenness"], "community": s["community"]}))
    for e in db.query(f"select * from unit_network where {scope} order by unit_a, unit_b", params):
        g.add_edge(e["unit_a"], e["unit_b"], weight=e["weight"], a_leads=e["a_leads"], b_leads=e["b_leads"],
                   joint_leads=e["joint_leads"], relation="shares_tasks", relation_zh="共同负责任务",
                   relation_en="shares tasks")
    return g


def write_graph(g: nx.Graph, stem: Path) -> list[Path]:
    """`stem`.graphml and `stem`.gexf."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, write in FORMATS.items():
        path = stem.with_name(f"{stem.name}.{suffix}")
        write(g, path)
        written.append(path)
    return written


def export_graphs(db: sqlite_utils.Database, folder: Path) -> list[Path]:
    """Write the whole graph, each plan's and the unit network into `folder`; returns the files written."""
    folder = Path(folder)
    written = write_graph(knowledge_graph(db), folder / "kb")
    written += write_graph(unit_graph(db), folder / "unit_network")
    for (plan_id,) in db.execute("select plan_id from plans order by plan_id").fetchall():
        written += write_graph(knowledge_graph(db, plan_id), folder / "plans" / plan_id)
    return written
