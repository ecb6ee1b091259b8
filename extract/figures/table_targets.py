"""Tables into records: subtasks under their tasks, indicator rows, projects.

Where a table row restates a body target (same value, unit and metric
words), the row's indicator points at the body one with `same_as`, so
comparisons count the commitment once while both places stay quotable.
"""
from __future__ import annotations

import difflib
import re

from extract.ids import content_id
from extract.figures.metrics import match_canonical
from extract.figures.quantities import find_quantities
from extract.records import IndicatorRecord, PlanRecords, ProjectRecord, TaskRecord, UnitLink
from extract.structure.table_records import best_task, read_indicator_table, read_projects, read_task_division, table_kind, text_cells
from extract.structure.tables import Table

# Characters before a money cell kept in its quote (the cell alone is a bare number).
MONEY_QUOTE_LEAD = 16
# A 重大政策清单 (`序号 政策名称 重点工作举措和内容 预期目标 责任单位`) lists other bodies' policies.
POLICY_LIST_HEADER = r"政策名称|政策文件"
# …and after it, so that two adjacent money cells (`1200	600`) have distinct quotes.
MONEY_QUOTE_TAIL = 12


def add_table_records(records: PlanRecords, tables: list[Table], text: str) -> None:
    plan_id = records.plan.plan_id
    known = KnownFigures(records.indicators)
    for table in tables:
        kind = table_kind(table)
        if kind == "task_division":
            _subtasks(records, table, text, known)
        elif kind == "indicators":
            for ti in read_indicator_table(table, text):
                _add(records, IndicatorRecord(
                    content_id(plan_id, "indicator", ti.quote_start, "table"), plan_id, None, None, None,
                    text[ti.quote_start:ti.quote_end], ti.quote_start, ti.quote_end, ti.value_text, ti.metric,
                    match_canonical(ti.metric, ti.metric, ti.unit), ti.comparator, ti.value, ti.value_max, ti.unit,
                    ti.year, ti.baseline_value, ti.baseline_year, ti.kind, ti.binding, "indicator_table", None,
                    len(records.indicators), [UnitLink(u, "co") for u in ti.units]), known)
        elif kind == "projects":
            _projects(records, table, text, known)
        elif kind == "other":
            # a list of other bodies' policies quotes their figures: no canonical metric of this plan
            cites_policies = table.column(POLICY_LIST_HEADER) is not None
            for start, end in text_cells(table):
                _cell_targets(records, text, start, end, None, [], known, canonical=not cites_policies)
        # a past-completion table gives no targets


def _subtasks(records: PlanRecords, table: Table, text: str, known: KnownFigures) -> None:
    tasks = [t for t in records.tasks if t.kind == "task"]
    for row in read_task_division(table, text):
        restated = next((t for t in tasks if t.title and len(t.title) >= 4 and row.text.startswith(t.title)), None)
        parent = restated or (best_task(row.parent_name, tasks) if row.parent_name else None)
        units = [UnitLink(u, "lead", s, e) for u, s, e in row.lead] + [UnitLink(u, "co", s, e) for u, s, e in row.co]
        sub = TaskRecord(
            content_id(records.plan.plan_id, "subtask", row.start), records.plan.plan_id,
            parent.section_id if parent else None, "subtask", parent.task_id if parent else None, row.number,
            row.text.split("。")[0][:60], row.text, (parent.path + " / " + (parent.title or "")) if parent else "",
            row.deadline, row.deadline_text, row.start, row.end, len(records.tasks), units,
        )
        records.tasks.append(sub)
        if restated is not None:
            if row.deadline and not restated.deadline:
                restated.deadline, restated.deadline_text = row.deadline, row.deadline_text
            if not restated.units:
                restated.units = list(units)
        for q in find_quantities(row.text):
            _add_quantity(records, text, row.start + text[row.start:row.end].find(row.text) + q.start, q,
                          "task_division", sub.task_id, None, units, known)


def _projects(records: PlanRecords, table: Table, text: str, known: KnownFigures) -> None:
    plan_id = records.plan.plan_id
    for p in read_projects(table, text):
        pid = content_id(plan_id, "project", p.start)
        units = [UnitLink(u, "co") for u in p.units]
        records.projects.append(ProjectRecord(pid, plan_id, table.title, p.number, p.name, p.project_type, p.period,
                                              p.location, p.content, p.investment_wan, text[p.start:p.end],
                                              p.start, p.end, units))
        for value, start, end, header in p.money:
            q_start = max(p.start, start - MONEY_QUOTE_LEAD)
            q_end = min(p.end, end + MONEY_QUOTE_TAIL)
            _add(records, IndicatorRecord(
                content_id(plan_id, "indicator", start, "money"), plan_id, None, pid, None, text[q_start:q_end],
                q_start, q_end, text[start:end], f"{p.name or ''}{re.sub(r'[(（].*', '', header)}", None, "=", value,
                None, "万元", None, None, None, "funding", None, "project_list", None, len(records.indicators),
                list(units)), known)
        period_end = _period_end(p.period)
        for start, end in text_cells(table):
            if p.start <= start < p.end:
                _cell_targets(records, text, start, end, pid, units, known, period_end)


def _period_end(period: str | None) -> int | None:
    """`2021-2023` -> 2023: a project's figures are due when its construction ends."""
    years = re.findall(r"20\d{2}", period or "")
    return int(years[-1]) if years else None


def _cell_targets(records, text, start, end, project_id, units, known, inherited_year=None, canonical=True) -> None:
    for q in find_quantities(text[start:end], None, inherited_year):
        _add_quantity(records, text, start + q.start, q, "table", None, project_id, units, known, canonical)


def _add_quantity(records, text, abs_start, q, origin, task_id, project_id, units, known, canonical=True) -> None:
    s = max(0, abs_start - 20)
    e = min(len(text), abs_start + (q.end - q.start) + 20)
    quote = text[s:e]
    _add(records, IndicatorRecord(
        content_id(records.plan.plan_id, "indicator", abs_start), records.plan.plan_id, task_id, project_id, None,
        quote, s, e, q.value_text, q.metric, match_canonical(q.metric, quote, q.unit) if canonical else None,
        q.comparator, q.value,
        q.value_max, q.unit, q.year, q.baseline_value, q.baseline_year, q.kind, None, origin, None,
        len(records.indicators), list(units)), known)


def _add(records: PlanRecords, ind: IndicatorRecord, known: "KnownFigures") -> None:
    """Append, pointing a restatement at the body target it repeats."""
    if ind.indicator_id in known.ids:
        return
    for other in known.body_targets.get((ind.value, ind.unit), ()):
        if other.value == ind.value and other.unit == ind.unit and other.same_as is None:
            if difflib.SequenceMatcher(None, other.metric or "", ind.metric or "").ratio() >= 0.5:
                ind.same_as = other.indicator_id
                have = {u.mention for u in other.units}
                other.units.extend(u for u in ind.units if u.mention not in have)
                if other.canonical is None:
                    other.canonical = ind.canonical
                break
    records.indicators.append(ind)
    known.ids.add(ind.indicator_id)


class KnownFigures:
    """The document's indicator ids, and its body targets by (value, unit), built once
    so that each table figure is checked against its few equals rather than against
    every indicator found so far (table figures never have origin `text`)."""

    def __init__(self, indicators: list[IndicatorRecord]):
        self.ids = {i.indicator_id for i in indicators}
        self.body_targets: dict[tuple, list[IndicatorRecord]] = {}
        for i in indicators:
            if i.origin == "text":
                self.body_targets.setdefault((i.value, i.unit), []).append(i)
