"""The knowledge graph: plan -> section -> task -> indicator, and units.

Assembled with networkx from the loaded rows so its checks (every task and
indicator reachable from its plan) and analyses (who carries most tasks)
run on one structure; written back as the `nodes` and `edges` tables.
"""
from __future__ import annotations

import networkx as nx
import sqlite_utils


def build_graph(db: sqlite_utils.Database) -> nx.DiGraph:
    """A directed graph of every plan in the database."""
    g = nx.DiGraph()
    for p in db.query("select plan_id, title from plans"):
        g.add_node(f"plan:{p['plan_id']}", type="plan", ref_id=p["plan_id"], label=p["title"], plan_id=p["plan_id"])
    for s in db.query("select section_id, plan_id, parent_id, heading from sections"):
        g.add_node(f"section:{s['section_id']}", type="section", ref_id=s["section_id"], label=s["heading"], plan_id=s["plan_id"])
    for s in db.query("select section_id, plan_id, parent_id from sections"):
        parent = f"section:{s['parent_id']}" if s["parent_id"] else f"plan:{s['plan_id']}"
        g.add_edge(parent, f"section:{s['section_id']}", relation="contains", role=None)
    for t in db.query("select task_id, plan_id, section_id, kind, parent_task_id, title, text from tasks"):
        node = f"task:{t['task_id']}"
        g.add_node(node, type=t["kind"], ref_id=t["task_id"], label=t["title"] or t["text"][:40], plan_id=t["plan_id"])
    for t in db.query("select task_id, plan_id, section_id, kind, parent_task_id from tasks"):
        node = f"task:{t['task_id']}"
        if t["parent_task_id"]:
            g.add_edge(f"task:{t['parent_task_id']}", node, relation="has_subtask", role=None)
        elif t["section_id"]:
            g.add_edge(f"section:{t['section_id']}", node, relation="has_task", role=None)
        else:
            g.add_edge(f"plan:{t['plan_id']}", node, relation="has_task", role=None)
    for p in db.query("select project_id, plan_id, name from projects"):
        g.add_node(f"project:{p['project_id']}", type="project", ref_id=p["project_id"], label=p["name"], plan_id=p["plan_id"])
        g.add_edge(f"plan:{p['plan_id']}", f"project:{p['project_id']}", relation="has_project", role=None)
    for i in db.query("select indicator_id, plan_id, task_id, project_id, section_id, metric, value, unit, same_as from indicators"):
        node = f"indicator:{i['indicator_id']}"
        g.add_node(node, type="indicator", ref_id=i["indicator_id"], label=f"{i['metric'] or ''} {i['value']:g}{i['unit'] or ''}".strip(), plan_id=i["plan_id"])
        if i["task_id"]:
            parent = f"task:{i['task_id']}"
        elif i["project_id"]:
            parent = f"project:{i['project_id']}"
        elif i["section_id"]:
            parent = f"section:{i['section_id']}"
        else:
            parent = f"plan:{i['plan_id']}"
        g.add_edge(parent, node, relation="has_indicator", role=None)
        if i["same_as"]:
            g.add_edge(node, f"indicator:{i['same_as']}", relation="same_as", role=None)
    for u in db.query("select unit_id, name from units"):
        g.add_node(f"unit:{u['unit_id']}", type="unit", ref_id=u["unit_id"], label=u["name"], plan_id=None)
    for tu in db.query("select task_id, unit_id, role from task_units"):
        g.add_edge(f"task:{tu['task_id']}", f"unit:{tu['unit_id']}", relation="responsible", role=tu["role"])
    for iu in db.query("select indicator_id, unit_id, role from indicator_units"):
        g.add_edge(f"indicator:{iu['indicator_id']}", f"unit:{iu['unit_id']}", relation="responsible", role=iu["role"])
    return g


def unreachable(g: nx.DiGraph) -> list[str]:
    """Tasks and indicators that no path from their own plan reaches (should be none).

    One traversal per plan over the structural edges (not `responsible`, which
    leads to units shared between plans), so the check stays linear in the graph.
    """
    structural = nx.DiGraph()
    structural.add_nodes_from(g.nodes(data=True))
    structural.add_edges_from((a, b) for a, b, d in g.edges(data=True) if d["relation"] not in ("responsible", "same_as"))
    reached: dict[str, set[str]] = {}
    missing = []
    for node, data in g.nodes(data=True):
        if data.get("type") not in ("task", "subtask", "indicator"):
            continue
        plan = f"plan:{data['plan_id']}"
        if plan not in reached:
            reached[plan] = nx.descendants(structural, plan) if plan in structural else set()
        if node not in reached[plan]:
            missing.append(node)
    return sorted(missing)


def save_graph(db: sqlite_utils.Database, g: nx.DiGraph) -> None:
    """Write the graph as `nodes` and `edges`, sorted for identical builds."""
    db["nodes"].insert_all(
        ({"node_id": n, "type": d["type"], "ref_id": d["ref_id"], "label": d.get("label"), "plan_id": d.get("plan_id")}
         for n, d in sorted(g.nodes(data=True))),
        pk="node_id",
    )
    db["edges"].insert_all(
        ({"source": a, "target": b, "relation": d["relation"], "role": d.get("role")}
         for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))),
        pk=("source", "target", "relation"),
    )
