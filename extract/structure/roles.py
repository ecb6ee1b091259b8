"""Which sections of a plan are its work list.

Tasks are the numbered items of the work list only (GUIDE.md): the goals,
principles, background and safeguard chapters are numbered the same way and
must be told apart by their headings. The heading words live in
`schema/section_roles.yml`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.structure.outline import Node, match_heading
from extract.paths import SCHEMA_DIR, read_schema_yaml

TASK_ROLES = ("worklist", "auto")
# Only headings at these levels say what a section is for; a numbered item
# `41.建立重大项目“一对一”服务保障机制` is an action, not a safeguards chapter.
CLASSIFIED_STYLES = ("part", "chapter", "paren_cn")


@dataclass(frozen=True)
class RoleRule:
    role: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def load_role_rules() -> tuple[RoleRule, ...]:
    """Rules from `schema/section_roles.yml`, in the order they are tried."""
    data = read_schema_yaml(SCHEMA_DIR / "section_roles.yml")
    return tuple(RoleRule(item["role"], re.compile(item["pattern"])) for item in data)


def role_of_heading(heading: str) -> str | None:
    """`四、保障措施` -> 'safeguards'; `（一）基本养老服务保障提升计划` -> None."""
    found = match_heading(heading)
    words = heading[found[2]:] if found else heading
    words = words.split("。")[0]
    for rule in load_role_rules():
        if rule.pattern.search(words):
            return rule.role
    return None


# `（一）方案制定阶段（3月底前）` `第二阶段：全面推进（2023年）`: an item of a stage schedule.
STAGE_HEADING = re.compile(r"阶段")


def _stage_schedule(node: Node) -> bool:
    """A chapter whose items are all stages (五、行动步骤 → (一)方案制定阶段(3月底前) …)
    schedules the work; its items are not tasks, whatever the chapter is called."""
    items = [c for c in node.children if c.style not in ("box", "annex", "doc")]
    return len(items) >= 2 and all(STAGE_HEADING.search(c.heading.split("。")[0]) for c in items)


def assign_roles(root: Node) -> None:
    """Decide each node's role; a decided parent passes its role down.

    Where a document names its work list but has no safeguards chapter, the
    unnamed chapters after the work list are its safeguards
    (`三、发挥市场和企业的主体作用`, `四、建立齐抓共管的工作机制`).
    A chapter of stages is a schedule, not a work list.
    """
    for node in root.walk():
        if node.style in CLASSIFIED_STYLES and _stage_schedule(node):
            for inner in node.walk():
                inner.role, inner.role_decided = "schedule", True
    _assign(root)
    for segment_root in [root] + [n for n in root.children if n.style == "doc"]:
        chapters = [n for n in segment_root.children if n.style not in ("doc", "annex", "box")]
        roles = [c.role for c in chapters]
        if "worklist" not in roles or "safeguards" in roles:
            continue
        last = max(i for i, r in enumerate(roles) if r == "worklist")
        for chapter in chapters[last + 1:]:
            if chapter.role == "auto":
                for node in chapter.walk():
                    node.role, node.role_decided = "safeguards", True


def _assign(root: Node) -> None:
    for node in root.walk():
        if node is root or node.role == "schedule":
            continue
        parent = node.parent
        if node.style == "annex":
            node.role, node.role_decided = "annex", True
        elif node.style == "box":
            node.role, node.role_decided = "box", True
        elif parent.role_decided and parent.style != "doc":
            node.role, node.role_decided = parent.role, True
        else:
            found = role_of_heading(node.heading) if node.style in CLASSIFIED_STYLES else None
            if found:
                node.role, node.role_decided = found, True
            else:
                node.role = "annex" if parent.role == "annex" else "auto"
