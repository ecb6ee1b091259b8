"""What a table says: subtasks, indicator rows and project lists.

The kind of a table is read from its header, never from its place in one
document:
  task division  主要任务/工作任务 + 具体项目及目标/具体内容 (+ 完成时限, 牵头单位, 责任单位)
  indicators     指标 + 目标值 (+ 基值, 属性, 责任单位); years from the header
  projects       项目名称 + 总投资 / 建设内容
Any other table is searched cell by cell for targets.
"""
from __future__ import annotations

import csv
import difflib
import re
from functools import lru_cache
from dataclasses import dataclass, field

from extract.text.dates import deadline_of
from extract.text.numbers import ARABIC, parse_number
from extract.paths import SCHEMA_DIR
from extract.figures.cell_values import parse_value_cell
from extract.figures.measures import unit_words
from extract.figures.quantities import find_quantities
from extract.entities.org_names import org_endings
from extract.entities.responsibility import split_units
from extract.structure.table_columns import is_division, read_columns
from extract.structure.table_rows import aligned_rows
from extract.structure.tables import Cell, Table, fill_down
from extract.text.textnorm import fold

# A past-completion table (十三五 指标完成情况) gives no targets.
PAST_TABLE = re.compile(r"完成情况|十三五")
# `1 城乡居民社会养老保险参保率 (%)`: a row number printed in the label cell, before a space.
# (`15 0-6 岁儿童保健管理率` keeps its 0-6; a table with its own 序号 column keeps `80周岁…`.)
LABEL_NUMBER = re.compile(r"^\d{1,3}\s+")
LABEL_UNIT = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
YEAR_IN_HEADER = re.compile(r"(20\d{2})")


@dataclass
class TableIndicator:
    metric: str
    unit: str | None
    comparator: str
    value: float
    value_max: float | None
    year: int | None
    baseline_value: float | None
    baseline_year: int | None
    binding: str | None
    quote_start: int
    quote_end: int
    value_text: str
    units: list[str]
    kind: str


@dataclass
class TableSubtask:
    number: str | None
    parent_name: str | None      # the innermost group the row belongs to (its task column, filled down)
    text: str
    lead: list[tuple[str, int, int]]
    co: list[tuple[str, int, int]]
    deadline: str | None
    deadline_text: str | None
    start: int
    end: int
    groups: list[str] = field(default_factory=list)   # every task column's value, outermost first
    label: str | None = None                           # the group label row above it (`行动一：…`)
    text_start: int = 0
    year_cells: list[tuple[int, Cell]] = field(default_factory=list)   # per-year plan cells with their year


def table_kind(table: Table) -> str:
    """task_division, indicators, past, projects, task_list or other: by the header's words, then by
    what the columns hold. A `task_list` (a column of bodies beside a column of text) divides the
    work list only when its rows name the plan's tasks or its caption says so (see table_targets)."""
    header = "".join(table.header.texts())
    if re.search(r"任务|计划名称", header) and re.search(r"具体|内容|项目及目标", header) and re.search(r"单位|部门", header):
        return "task_division"
    if "指标" in header and re.search(r"目标|预期|值", header):
        return "past" if PAST_TABLE.search(table.title or "") else "indicators"
    if re.search(r"项目名称", header) and re.search(r"投资|建设内容|规模", header):
        return "projects"
    if is_division(read_columns(table)):
        return "task_list"
    return "other"


# `（1）建设精品道路300条。` -> number 1, text `建设精品道路300条。`: an item printing its own number.
ITEM_NUMBER = re.compile(r"^\s*[(（](\d{1,3})[)）]\s*")


def _units_of(cell_text: str, start: int) -> list[tuple[str, int, int]]:
    """A cell's bodies; a space after a body's name separates (`区民政局 区卫生健康委`), a space
    anywhere else is a line wrap inside one name (`区人力资源 社会保障局`)."""
    folded = list(fold(cell_text))
    for m in re.finditer(r"\S\s+(?=\S)", cell_text):
        before = re.sub(r"\s+", "", cell_text[:m.start() + 1])
        if org_endings().search(before):
            for k in range(m.start() + 1, m.end()):
                folded[k] = "、"
    return [(m.text, m.start, m.end) for m in split_units("".join(folded), start, "co", cell_text)]


def read_task_division(table: Table, text: str) -> list[TableSubtask]:
    """Rows of a task-division table with their units, deadline and groups.

    A cell the row does not print (merged with the row above) takes the value
    above it; a group label row (`行动二：…`) starts a new group.
    """
    columns = read_columns(table)
    item_col = columns.first("item")
    if item_col is None:
        return []
    number_col, deadline_col = columns.first("number"), columns.first("deadline")
    task_cols = columns.all("task")
    lead_cols, co_cols = columns.all("lead"), columns.all("co")
    year_cols = [(c, _header_year(table.header.texts()[c])) for c in columns.all("year_plan")]
    fill_cols = set(task_cols + lead_cols + co_cols + ([deadline_col] if deadline_col is not None else []))
    out: list[TableSubtask] = []
    above: list[Cell | None] = [None] * len(columns.roles)
    label = None
    for aligned in aligned_rows(table, columns):
        if aligned.label is not label:
            label, above = aligned.label, [None] * len(columns.roles)
        cells = [c if (c is not None and c.text) or i not in fill_cols else above[i]
                 for i, c in enumerate(aligned.cells)]
        above = cells
        item = cells[item_col]
        if item is None or not item.text:
            continue

        def units(cols: list[int]) -> list[tuple[str, int, int]]:
            found = []
            for col in cols:
                if cells[col] is not None:
                    found.extend(_units_of(text[cells[col].start:cells[col].end], cells[col].start))
            return found

        item_text = text[item.start:item.end]
        number = cells[number_col].text or None if number_col is not None and cells[number_col] is not None else None
        own_number = ITEM_NUMBER.match(item_text)
        text_start = item.start
        if own_number:
            number = number or own_number.group(1)
            text_start = item.start + own_number.end()
        deadline_text = cells[deadline_col].text if deadline_col is not None and cells[deadline_col] else None
        groups = [cells[c].text for c in task_cols if cells[c] is not None]
        out.append(TableSubtask(
            number, groups[-1] if groups else None, text[text_start:item.end], units(lead_cols), units(co_cols),
            deadline_of(deadline_text) if deadline_text else None, deadline_text, aligned.row.start, aligned.row.end,
            groups, label.cells[0].text if label is not None else None, text_start,
            [(year, aligned.cells[c]) for c, year in year_cols if year and aligned.cells[c] is not None],
        ))
    return out


@lru_cache(maxsize=1)
def label_units() -> tuple[tuple[str, str], ...]:
    """`schema/label_units.tsv`: the unit a label implies when it prints none, longest ending first."""
    with (SCHEMA_DIR / "label_units.tsv").open(encoding="utf-8") as f:
        rows = [(r["ending"], r["unit"]) for r in csv.DictReader(f, delimiter="\t")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def _implied_unit(label: str) -> str | None:
    """`新建住宅小区配建老年活动室达标率` -> '%'; `新增养老护理床位` -> '张'."""
    return next((unit for ending, unit in label_units() if label.endswith(ending)), None)


def _unit_of_label(label: str) -> tuple[str, str | None]:
    """`养老床位总数 (张)` -> ('养老床位总数', '张'); `老年助餐供客能力 (客/日)` -> (…, '客')."""
    m = LABEL_UNIT.search(label)
    if not m:
        return label, _implied_unit(label)
    inside = fold(m.group(1)).strip()
    metric = label[: m.start()].strip()
    for u in unit_words():
        if inside.startswith(fold(u.word)):
            return metric, u.unit
    return metric, inside


def read_indicator_table(table: Table, text: str) -> list[TableIndicator]:
    """One target per row and target column: `目标值（2025年）` and `目标值（2035年）` are two targets,
    each with its column's year; a cell's own measure word (`128.92平方公里`, `≥73％`) wins over the
    label's (`养老床位总数 (张)`)."""
    label_col = table.column(r"二级指标", r"^指标$|^主要指标$|指标名称|^指标", exclude=r"属性|一级")
    headers = table.header.texts()
    target_cols = [i for i, h in enumerate(headers) if re.search(r"目标|预期", h) and not re.search(r"完成|属性", h)]
    base_col = table.column(r"基[期值数准]|现状|基础")
    attr_col = table.column(r"属性")
    units_col = table.column(r"责任单位|责任部门|牵头")
    if label_col is None or not target_cols:
        return []
    has_number_column = table.column(r"序号") is not None
    base_year = _header_year(headers[base_col]) if base_col is not None else None
    attr_values = fill_down(table, [attr_col] if attr_col is not None else [])
    out = []
    for row, filled in zip(table.rows, attr_values):
        cells = row.cells
        if label_col >= len(cells):
            continue
        label_cell = cells[label_col]
        label = text[label_cell.start:label_cell.end]
        label = re.sub(r"\s+", "", label if has_number_column else LABEL_NUMBER.sub("", label))
        metric, label_unit = _unit_of_label(label)
        base = parse_value_cell(cells[base_col].text) if base_col is not None and base_col < len(cells) else None
        unit_names = []
        if units_col is not None and units_col < len(cells) and cells[units_col].text:
            c = cells[units_col]
            unit_names = [u for u, _, _ in _units_of(text[c.start:c.end], c.start)]
        for col in target_cols:
            if col >= len(cells):
                continue
            target_cell = cells[col]
            value = parse_value_cell(target_cell.text)
            if value is None:
                continue
            unit = value.unit or label_unit
            kind = "funding" if unit in ("元", "万元") else "target"
            out.append(TableIndicator(
                metric, unit, value.comparator, value.value, value.value_max, _header_year(headers[col]),
                base.value if base else None, base_year if base else None,
                filled[attr_col] if attr_col is not None and attr_col < len(filled) else None,
                label_cell.start, target_cell.end, target_cell.text, unit_names, kind,
            ))
    return out


def _header_year(header: str) -> int | None:
    m = YEAR_IN_HEADER.search(header)
    return int(m.group(1)) if m else None


@dataclass
class TableProject:
    number: str | None
    name: str | None
    project_type: str | None
    period: str | None
    location: str | None
    content: str | None
    investment_wan: float | None
    units: list[str]
    start: int
    end: int
    money: list[tuple[float, int, int, str]]   # (value in 万元, cell start, cell end, header)


def read_projects(table: Table, text: str) -> list[TableProject]:
    col = table.column
    name_col, type_col, period_col = col(r"项目名称"), col(r"类型"), col(r"期限|年限|周期")
    place_col, content_col, units_col = col(r"地点"), col(r"内容|规模"), col(r"责任单位|责任部门")
    money_cols = [i for i, h in enumerate(table.header.texts()) if re.search(r"投资|资金", h) and "万元" in h]
    number_col = col(r"序号")
    out = []
    for row in table.rows:
        t = row.texts()
        get = lambda c: t[c] if c is not None and c < len(t) and t[c] else None  # noqa: E731
        money = []
        for c in money_cols:
            if c < len(row.cells) and re.fullmatch(ARABIC, row.cells[c].text or "-"):
                money.append((float(parse_number(row.cells[c].text)), row.cells[c].start, row.cells[c].end,
                              table.header.texts()[c]))
        units = []
        if units_col is not None and units_col < len(row.cells) and row.cells[units_col].text:
            c = row.cells[units_col]
            units = [u for u, _, _ in _units_of(text[c.start:c.end], c.start)]
        out.append(TableProject(get(number_col), get(name_col), get(type_col), get(period_col), get(place_col),
                                get(content_col), money[0][0] if money else None, units, row.start, row.end, money))
    return out


def text_cells(table: Table) -> list[tuple[int, int]]:
    """Spans of cells worth searching for targets: longer texts, not ids, years or units."""
    skip = {i for i, h in enumerate(table.header.texts()) if re.search(r"序号|单位|部门|期限|时限|名称|类别|类型|地点", h)}
    spans = []
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if i not in skip and len(cell.text) >= 6:
                spans.append((cell.start, cell.end))
    return spans


def best_task(name: str, tasks, min_ratio: float = 0.6):
    """The task whose title best matches a table's task name: `完善基本养老服务保障` -> task 1.

    difflib's cheap upper bounds (`real_quick_ratio`, `quick_ratio`) skip the
    titles that cannot beat the best so far, so a long task list costs a
    length comparison per title, not a full alignment."""
    key = re.sub(r"[\s。，,、]", "", name)
    best, score = None, 0.0
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq1(key)
    for t in tasks:
        title = re.sub(r"[\s。，,、]", "", t.title or "")
        if not title:
            continue
        if key == title:
            s = 1.0
        else:
            matcher.set_seq2(title)
            floor = max(score, min_ratio)
            # a title whose bound is below both the best and the floor cannot win (ties keep the first)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            s = matcher.ratio()
        if s > score:
            best, score = t, s
    return best if score >= min_ratio else None


__all__ = ["table_kind", "read_task_division", "read_indicator_table", "read_projects", "text_cells", "best_task",
           "find_quantities"]
