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

import yaml

from .outline import Node, match_heading
from .paths import SCHEMA_DIR

TASK_ROLES = ("worklist", "auto")


@dataclass(frozen=True)
class RoleRule:
    role: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def load_role_rules() -> tuple[RoleRule, ...]:
    """Rules from `schema/section_roles.yml`, in the order they are tried."""
    data = yaml.safe_load((SCHEMA_DIR / "section_roles.yml").read_text(encoding="utf-8"))
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


def assign_roles(root: Node) -> None:
    """Decide each node's role; a decided parent passes its role down."""
    for node in root.walk():
        if node is root:
            continue
        parent = node.parent
        if node.style == "annex":
            node.role, node.role_decided = "annex", True
        elif node.style == "box":
            node.role, node.role_decided = "box", True
        elif parent.role_decided and parent.style != "doc":
            node.role, node.role_decided = parent.role, True
        else:
            found = role_of_heading(node.heading) if node.style != "doc" else None
            if found:
                node.role, node.role_decided = found, True
            else:
                node.role = "annex" if parent.role == "annex" else "auto"
