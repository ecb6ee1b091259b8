"""What each column of a table holds, from its header and its cells.

Headers of task-division tables vary from plan to plan (工作任务, 重点任务,
主要内容, 具体措施 for the row's text; 任务类型, 主要方向, 工作事项 for the task
it belongs to; 推进单位, 牵头部门, 配合部门, 责任单位, 实施主体 for the bodies),
so a header only proposes roles (`schema/table_columns.yml`) and the cells
decide: the text column with the longest cells is the row's `item`, text
columns before it are `task` groups, and a column of body lists is a unit
column whatever its header says.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from functools import lru_cache

from extract.entities.org_names import is_org_list
from extract.paths import SCHEMA_DIR, read_schema_yaml
from extract.structure.outline import match_heading
from extract.structure.tables import DATE_CELL, Table
from extract.text.textnorm import fold

# `1` `12` `（3）` `3.` `一`: a row's sequence number.
SEQ_CELL = re.compile(r"^[(（]?(?:\d{1,3}|[一二三四五六七八九十]{1,3})[)）]?[.、]?$")
# A column is of one kind when this share of its filled cells are.
KIND_SHARE = 0.6
# The row's own text is longer than this on average; shorter text columns are labels.
MIN_ITEM_CHARS = 8
UNIT_ROLES = ("lead", "co")
TEXT_ROLES = ("item", "task", "year_plan", "reference", "duties", "other")


@dataclass(frozen=True)
class ColumnRule:
    role: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def load_column_rules() -> tuple[ColumnRule, ...]:
    """`schema/table_columns.yml`, in the order the roles are listed there."""
    data = read_schema_yaml(SCHEMA_DIR / "table_columns.yml")
    return tuple(ColumnRule(item["role"], re.compile(item["pattern"])) for item in data)


def header_roles(header: str) -> list[str]:
    """`牵头 部门` -> ['lead']; `重点任务（2024-2026）` -> ['item']; `2025年计划` -> ['year_plan']."""
    squashed = re.sub(r"\s+", "", fold(header))
    return [rule.role for rule in load_column_rules() if rule.pattern.search(squashed)]


@lru_cache(maxsize=65536)   # a cell is asked once per column profile and per row read
def cell_kind(text: str) -> str:
    """`12` -> seq; `2021年12月` -> date; `区民政局、区财政局` -> orgs; `/` -> empty; else text."""
    squashed = re.sub(r"\s+", "", text)
    if not squashed or squashed in ("/", "-", "—", "——", "无"):
        return "empty"
    if SEQ_CELL.match(squashed):
        return "seq"
    if DATE_CELL.match(squashed):
        return "date"
    if is_org_list(text):
        return "orgs"
    return "text"


@dataclass
class ColumnProfile:
    """What the filled cells of one column look like, from rows printed at full width."""
    kinds: dict[str, float]
    mean_chars: float
    numbering: str | None       # the numbering style most of its cells open with, if any

    def share(self, kind: str) -> float:
        return self.kinds.get(kind, 0.0)


@dataclass
class Columns:
    roles: list[str]
    profiles: list[ColumnProfile]

    def first(self, role: str) -> int | None:
        return next((i for i, r in enumerate(self.roles) if r == role), None)

    def all(self, *roles: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r in roles]


def numbering_style(text: str) -> str | None:
    """`（1）建设…` -> paren_arabic; `1、改善…` -> arabic; `（一） 提升…` -> paren_cn; `行动一：` -> None."""
    found = match_heading(text.strip())
    return found[0] if found else None


def _profile(cells: list[str]) -> ColumnProfile:
    filled = [c for c in cells if cell_kind(c) != "empty"]
    if not filled:
        return ColumnProfile({}, 0.0, None)
    kinds: dict[str, float] = {}
    for c in filled:
        kinds[cell_kind(c)] = kinds.get(cell_kind(c), 0) + 1 / len(filled)
    styles = [numbering_style(c) for c in filled]
    top = max(set(styles), key=styles.count)
    return ColumnProfile(kinds, statistics.mean(len(c) for c in filled),
                         top if top and styles.count(top) / len(styles) >= KIND_SHARE else None)


def read_columns(table: Table) -> Columns:
    """Roles of a table's columns: header proposals settled by the cells."""
    headers = table.header.texts()
    width = len(headers)
    # Rows printed whole show what each column holds; a page's grid prints merged cells as empty
    # cells, so rows with none are preferred (the gaps may sit on the wrong side of a row).
    rows = [r.texts() for r in table.rows if not r.label]
    full = ([r for r in rows if len(r) == width and all(t.strip() for t in r)]
            or [r for r in rows if len(r) == width]
            or [r + [""] * (width - len(r)) for r in rows if len(r) <= width])
    profiles = [_profile([row[i] for row in full]) for i in range(width)]
    proposed = [header_roles(h) for h in headers]
    roles = ["other"] * width
    for i, (props, prof) in enumerate(zip(proposed, profiles)):
        if "number" in props or (prof.share("seq") >= KIND_SHARE and prof.mean_chars <= 5):
            roles[i] = "number"
        elif "office" in props:
            roles[i] = "office"
        elif "duties" in props:
            roles[i] = "duties"
        elif "lead" in props and prof.share("text") < KIND_SHARE:
            roles[i] = "lead"
        elif "co" in props and prof.share("text") < KIND_SHARE:
            roles[i] = "co"
        elif "deadline" in props or prof.share("date") >= KIND_SHARE:
            roles[i] = "deadline"
        elif prof.share("orgs") >= KIND_SHARE and not ({"item", "task"} & set(props)):
            roles[i] = "co"
        elif "year_plan" in props:
            roles[i] = "year_plan"
        elif "reference" in props:
            roles[i] = "reference"
    if not any(r in UNIT_ROLES for r in roles):
        # a department's own plan names its offices only: they are its units (GUIDE)
        roles = ["lead" if r == "office" and "lead" in proposed[i] else "co" if r == "office" else r
                 for i, r in enumerate(roles)]
    text_columns = [i for i, r in enumerate(roles) if r == "other" and profiles[i].mean_chars > 0]
    if text_columns:
        # a column named as the row's text (具体内容) wins; else the longest text is the row's own
        item = max(text_columns, key=lambda i: ("item" in proposed[i], profiles[i].mean_chars))
        if profiles[item].mean_chars >= MIN_ITEM_CHARS or "item" in proposed[item]:
            roles[item] = "item"
            for i in text_columns:
                if i < item:
                    roles[i] = "task"
    return Columns(roles, profiles)


def is_division(columns: Columns) -> bool:
    """A task-division table: rows of text with the bodies responsible for them."""
    return "item" in columns.roles and any(r in UNIT_ROLES for r in columns.roles) and "duties" not in columns.roles
