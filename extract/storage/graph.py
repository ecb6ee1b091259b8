"""The knowledge graph: plan -> section -> task -> indicator, and units.

Each document's graph is assembled with networkx from its own rows, in the
worker that extracted it, and checked there: every task and indicator must be
reachable from its plan. The database holds the same graph as the views
`nodes` and `edges` (schema/views.sql) over the tables whose foreign keys are
its edges, so it is stored once and follows any change to the rows.
"""
from __future__ import annotations

import networkx as nx

# Relations that are not the plan's structure: units are shared, restatements point sideways.
NON_STRUCTURAL = ("responsible", "same_as")


def document_graph(tables: dict[str, list[dict]]) -> nx.DiGraph:
    """A directed graph of one document's plan, with the units it names."""
    g = nx.DiGraph()
    for p in tables["plans"]:
        g.add_node(f"plan:{p['plan_id']}", type="plan", ref_id=p["plan_id"], label=p["title"], plan_id=p["plan_id"])
    for s in tables["sections"]:
        g.add_node(f"section:{s['section_id']}", type="section", ref_id=s["section_id"], label=s["heading"],
                   plan_id=s["plan_id"])
    for s in tables["sections"]:
        parent = f"section:{s['parent_id']}" if s["parent_id"] else f"plan:{s['plan_id']}"
        g.add_edge(parent, f"section:{s['section_id']}", relation="contains", role=None)
    for t in tables["tasks"]:
        g.add_node(f"task:{t['task_id']}", type=t["kind"], ref_id=t["task_id"], label=t["title"] or t["text"][:40],
                   plan_id=t["plan_id"])
    for t in tables["tasks"]:
        node = f"task:{t['task_id']}"
        if t["parent_task_id"]:
            g.add_edge(f"task:{t['parent_task_id']}", node, relation="has_subtask", role=None)
        elif t["section_id"]:
            g.add_edge(f"section:{t['section_id']}", node, relation="has_task", role=None)
        else:
            g.add_edge(f"plan:{t['plan_id']}", node, relation="has_task", role=None)
    for p in tables["projects"]:
        g.add_node(f"project:{p['project_id']}", type="project", ref_id=p["project_id"], label=p["name"],
                   plan_id=p["plan_id"])
        g.add_edge(f"plan:{p['plan_id']}", f"project:{p['project_id']}", relation="has_project", role=None)
    for i in tables["indicators"]:
        node = f"indicator:{i['indicator_id']}"
        g.add_node(node, type="indicator", ref_id=i["indicator_id"],
                   label=f"{i['metric'] or ''} {i['value']:g}{i['unit'] or ''}".strip(), plan_id=i["plan_id"])
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
    for u in tables["units"]:
        g.add_node(f"unit:{u['unit_id']}", type="unit", ref_id=u["unit_id"], label=u["name"], plan_id=None)
    for tu in tables["task_units"]:
        g.add_edge(f"task:{tu['task_id']}", f"unit:{tu['unit_id']}", relation="responsible", role=tu["role"])
    for iu in tables["indicator_units"]:
        g.add_edge(f"indicator:{iu['indicator_id']}", f"unit:{iu['unit_id']}", relation="responsible", role=iu["role"])
    return g


def unreachable(g: nx.DiGraph) -> list[str]:
    """Tasks and indicators that no path from their own plan reaches (should be none).

    One traversal per plan over the structural edges, so the check stays linear in the graph.
    """
    structural = nx.DiGraph()
    structural.add_nodes_from(g.nodes(data=True))
    structural.add_edges_from((a, b) for a, b, d in g.edges(data=True) if d["relation"] not in NON_STRUCTURAL)
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
