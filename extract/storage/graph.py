"""The knowledge graph's check: plan -> section -> task -> indicator.

Each document's structure is checked in the worker that extracted it: every
task and indicator must be reachable from its plan. The database holds the
graph as the views `nodes` and `edges` (schema/views.sql) over the tables
whose foreign keys are its edges, so it is stored once and follows any change
to the rows; networkx reads it from there (extract.analysis). The check itself
needs only the structural edges, as plain lists of children: a networkx graph
with every label and unit edge cost more than the rest of the document's rows.
"""
from __future__ import annotations

# Node types the check asks about.
CHECKED_TYPES = ("task", "subtask", "indicator")


def structural_edges(tables: dict[str, list[dict]]) -> dict[str, list[str]]:
    """Each node's children over the plan's structure (units and restatements are no structure).

    `{'plans': [{'plan_id': 'p'}], 'sections': [{'section_id': 's', 'parent_id': None, 'plan_id': 'p'}], …}`
    -> `{'plan:p': ['section:s'], …}`"""
    children: dict[str, list[str]] = {}

    def edge(parent: str, child: str) -> None:
        children.setdefault(parent, []).append(child)

    for s in tables["sections"]:
        edge(f"section:{s['parent_id']}" if s["parent_id"] else f"plan:{s['plan_id']}", f"section:{s['section_id']}")
    for t in tables["tasks"]:
        node = f"task:{t['task_id']}"
        if t["parent_task_id"]:
            edge(f"task:{t['parent_task_id']}", node)
        elif t["section_id"]:
            edge(f"section:{t['section_id']}", node)
        else:
            edge(f"plan:{t['plan_id']}", node)
    for p in tables["projects"]:
        edge(f"plan:{p['plan_id']}", f"project:{p['project_id']}")
    for i in tables["indicators"]:
        if i["task_id"]:
            parent = f"task:{i['task_id']}"
        elif i["project_id"]:
            parent = f"project:{i['project_id']}"
        elif i["section_id"]:
            parent = f"section:{i['section_id']}"
        else:
            parent = f"plan:{i['plan_id']}"
        edge(parent, f"indicator:{i['indicator_id']}")
    return children


def unreachable(tables: dict[str, list[dict]]) -> list[str]:
    """Tasks and indicators that no path from their own plan reaches (should be none): `['task:…']`.

    One traversal per plan over the structural edges, so the check stays linear in the rows."""
    checked: dict[str, tuple[bool, str]] = {}   # a node named twice is checked as its last row says
    for t in tables["tasks"]:
        checked[f"task:{t['task_id']}"] = (t["kind"] in CHECKED_TYPES, t["plan_id"])
    for i in tables["indicators"]:
        checked[f"indicator:{i['indicator_id']}"] = (True, i["plan_id"])
    children = structural_edges(tables)
    reached: dict[str, set[str]] = {}
    missing = []
    for node, (check, plan_id) in checked.items():
        if not check:
            continue
        plan = f"plan:{plan_id}"
        if plan not in reached:
            reached[plan] = _descendants(children, plan)
        if node not in reached[plan]:
            missing.append(node)
    return sorted(missing)


def _descendants(children: dict[str, list[str]], source: str) -> set[str]:
    """Every node a path from `source` reaches, never `source` itself (as networkx's `descendants`)."""
    seen, todo = {source}, [source]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    seen.discard(source)
    return seen
