"""extract.storage.graph: every task and indicator of a document must be reachable from its plan."""
from __future__ import annotations

import pytest

from extract.storage.graph import unreachable


def plan(sections=(), tasks=(), projects=(), indicators=()) -> dict[str, list[dict]]:
    """Rows of one plan `p` with only the columns the check reads."""
    return {
        "plans": [{"plan_id": "p"}],
        "sections": [{"section_id": s, "parent_id": parent, "plan_id": "p"} for s, parent in sections],
        "tasks": [{"task_id": t, "parent_task_id": parent, "section_id": section, "plan_id": plan_id, "kind": kind}
                  for t, parent, section, plan_id, kind in tasks],
        "projects": [{"project_id": pr, "plan_id": "p"} for pr in projects],
        "indicators": [{"indicator_id": i, "task_id": task, "project_id": project, "section_id": section,
                        "plan_id": plan_id} for i, task, project, section, plan_id in indicators],
    }


@pytest.mark.parametrize("tables, missing", [
    # 一、总体要求 > （一）… > task > subtask, an indicator under each kind of parent
    (plan(sections=[("s1", None), ("s2", "s1")],
          tasks=[("t1", None, "s2", "p", "task"), ("t2", "t1", None, "p", "subtask"), ("t3", None, None, "p", "task")],
          projects=["pr"],
          indicators=[("i1", "t2", None, None, "p"), ("i2", None, "pr", None, "p"), ("i3", None, None, "s1", "p"),
                      ("i4", None, None, None, "p")]), []),
    # a section whose parent was never written cuts off everything below it
    (plan(sections=[("s2", "gone")], tasks=[("t1", None, "s2", "p", "task")],
          indicators=[("i1", "t1", None, None, "p")]), ["indicator:i1", "task:t1"]),
    # an indicator under another plan's task
    (plan(tasks=[("t1", None, None, "q", "task")], indicators=[("i1", "t1", None, None, "p")]), ["indicator:i1"]),
    # subtasks that only reach each other
    (plan(tasks=[("t1", "t2", None, "p", "subtask"), ("t2", "t1", None, "p", "subtask")]), ["task:t1", "task:t2"]),
    # a row of another kind is not asked about
    (plan(tasks=[("t1", "gone", None, "p", "heading")]), []),
], ids=["whole-structure", "lost-section", "other-plan", "cycle", "unchecked-kind"])
def test_unreachable(tables, missing):
    assert unreachable(tables) == missing
