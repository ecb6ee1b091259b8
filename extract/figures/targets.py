"""Targets in the running text, placed in their section and task.

Background chapters (发展基础, 面临形势) describe the past and give no
targets; table rows are read by the table module; everything else is
searched sentence by sentence.
"""
from __future__ import annotations

import bisect
import itertools
import re

from extract.text.dates import FIVE_YEAR_PLANS
from extract.ids import content_id
from extract.text.textnorm import fold
from extract.text.lines import Line
from extract.figures.metrics import match_canonical
from extract.structure.outline import Node
from extract.figures.quantities import find_quantities
from extract.figures.relative_years import PlanTime, annual_after, framing_year, span_total_year
from extract.structure.roles import TASK_ROLES
from extract.records import IndicatorRecord, PlanRecords

# Roles whose numbers are no targets.
NO_TARGET_ROLES = ("background",)
# Characters of context kept on each side of a number in a long sentence's quote.
QUOTE_CONTEXT = 40


def _node_at(nodes: list[Node], starts: list[int], offset: int) -> Node | None:
    i = bisect.bisect_right(starts, offset) - 1
    while i >= 0:
        node = nodes[i]
        if node.start <= offset < (node.end if node.end >= 0 else offset + 1):
            return node
        i -= 1
    return None


def find_targets(text: str, lines: list[Line], root: Node, records: PlanRecords,
                 one_year: int | None, section_ids: dict[int, str],
                 table_lines: set[int] = frozenset(), body_start: int = 0,
                 span_framed: bool = False) -> list[IndicatorRecord]:
    """Indicators from every text line outside background chapters and tables.

    `span_framed`: the plan lists its items under its span (an annex column
    `重点任务（2024-2026）`), so a work-list figure printed without a year is due
    at the span's end."""
    nodes = [n for n in root.walk() if n is not root]
    starts = [n.start for n in nodes]
    head_end = body_start  # the notice's own numbers (dates, 文号) are no targets
    task_at = TaskIndex(records.tasks)
    goals_years = GoalsYears(text)
    plan = PlanTime(records.plan.period_start, records.plan.period_end)
    lead_ins = LeadIns(text, plan)
    out: list[IndicatorRecord] = []
    for line in lines:
        # box contents and lists arrive TAB-indented too; only parsed tables are left to the table module
        if line.is_blank or line.index in table_lines or line.start < head_end:
            continue
        node = _node_at(nodes, starts, line.lead)
        if node is not None and node.role in NO_TARGET_ROLES:
            continue
        inherited = goals_years.before(node, line.start) if node is not None and node.role == "goals" else None
        if inherited is None and node is not None:
            inherited = lead_ins.framing_above(node, line.start)
        for q in find_quantities(line.raw, one_year, inherited, plan):
            start = line.start + q.start
            sentence = fold(line.raw[q.sentence_start:q.sentence_end])
            if (q.year is None and q.kind == "target" and node is not None and node.role in TASK_ROLES
                    and not annual_after(sentence[:q.start - q.sentence_start], 0)):
                q.year = span_total_year(sentence, plan, span_framed)
            task = task_at(start)
            s_start, s_end = _quote_bounds(line.raw, q.start, q.end)
            quote = line.raw[s_start:s_end].strip()
            context = line.raw[q.sentence_start:q.sentence_end] or line.raw[q.clause_start:q.clause_end]
            out.append(IndicatorRecord(
                content_id(records.plan.plan_id, "indicator", start), records.plan.plan_id,
                task.task_id if task else None, None, section_ids.get(id(node)) if node else None,
                quote, line.start + s_start, line.start + s_end, q.value_text, q.metric,
                match_canonical(q.metric, context, q.unit), q.comparator, q.value, q.value_max, q.unit,
                q.year, q.baseline_value, q.baseline_year, q.kind, None,
                "box" if node is not None and node.role == "box" else "text", None, len(out),
            ))
    return out


# 到2025年 / 到"十四五"末 opening a goals section
GOALS_YEAR = re.compile(r'(?:到|至)\s*(20\d{2})\s*年|(十[三四五]五)["”]?\s*(?:时期|期)?末')


class GoalsYears:
    """The horizon a goals section states before a line (`到2025年，…`).

    Each goals section's year mentions are read once, with the year in force
    after each; a line's horizon is then a bisection, not a rescan of the
    section from its heading."""

    def __init__(self, text: str):
        self.text = text
        self.marks: dict[int, tuple[list[int], list[int]]] = {}

    def _marks(self, node: Node) -> tuple[list[int], list[int]]:
        key = id(node)
        if key not in self.marks:
            end = node.end if node.end >= 0 else len(self.text)
            ends, years = [], []
            for m in GOALS_YEAR.finditer(fold(self.text[node.start:end])):
                ends.append(node.start + m.end())
                years.append(int(m.group(1)) if m.group(1) else FIVE_YEAR_PLANS[m.group(2)][1])
            self.marks[key] = (ends, years)
        return self.marks[key]

    def before(self, node: Node, line_start: int) -> int | None:
        while node is not None and node.role == "goals":
            ends, years = self._marks(node)
            i = bisect.bisect_right(ends, line_start)
            if i:
                return years[i - 1]
            node = node.parent
        return None


class LeadIns:
    """The horizon a heading's lead-in frames for the items below it (`1.海塘达标。…“十四五”期间，
    协调推进…` above `（1）崇明岛主海塘推进达标建设68.94公里`), read once per heading."""

    def __init__(self, text: str, plan: PlanTime):
        self.text = text
        self.plan = plan
        self.years: dict[int, int | None] = {}

    def _year(self, node: Node) -> int | None:
        if id(node) not in self.years:
            first_child = min((c.start for c in node.children), default=None)
            lead_in = fold(self.text[node.start:first_child]) if first_child is not None else ""
            self.years[id(node)] = framing_year(lead_in, self.plan) if lead_in else None
        return self.years[id(node)]

    def framing_above(self, node: Node, line_start: int) -> int | None:
        """The nearest enclosing heading's framing year, for a line below its lead-in."""
        parent = node.parent if node.start >= line_start or not node.children else node
        while parent is not None and parent.style not in ("document", "doc"):
            if parent.children and line_start >= min(c.start for c in parent.children):
                year = self._year(parent)
                if year is not None:
                    return year
            parent = parent.parent
        return None


class TaskIndex:
    """The first task (in list order) whose span holds an offset, found by bisection."""

    def __init__(self, tasks: list):
        self.tasks = tasks
        self.order = sorted(range(len(tasks)), key=lambda k: tasks[k].start)
        self.starts = [tasks[k].start for k in self.order]
        self.reach = list(itertools.accumulate((tasks[k].end for k in self.order), max))

    def __call__(self, offset: int):
        i = bisect.bisect_right(self.starts, offset) - 1
        best = None
        # walk left only while an earlier-starting task can still reach the offset
        while i >= 0 and self.reach[i] > offset:
            k = self.order[i]
            if offset < self.tasks[k].end and (best is None or k < best):
                best = k
            i -= 1
        return self.tasks[best] if best is not None else None


def _quote_bounds(raw: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding the number, cut to about 40 characters each side.

    The stops are looked for only within the cut (a stop farther away would be
    cut anyway), so a paragraph without a full stop is not rescanned per number."""
    lo, hi = max(0, start - QUOTE_CONTEXT - 1), end + QUOTE_CONTEXT
    left = max(raw.rfind("。", lo, start), raw.rfind("；", lo, start)) + 1
    right_candidates = [i for i in (raw.find("。", end, hi), raw.find("；", end, hi)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(raw)
    left = max(left, start - QUOTE_CONTEXT)
    right = min(right, end + QUOTE_CONTEXT)
    return left, right
