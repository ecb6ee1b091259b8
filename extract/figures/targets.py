"""Targets in the running text, placed in their section and task.

Background chapters (发展基础, 面临形势) describe the past and give no
targets; table rows are read by the table module; everything else is
searched sentence by sentence.
"""
from __future__ import annotations

import bisect
import re

from extract.text.dates import FIVE_YEAR_PLANS
from extract.ids import content_id
from extract.text.textnorm import fold
from extract.text.lines import Line
from extract.figures.metrics import match_canonical
from extract.structure.outline import Node
from extract.figures.quantities import find_quantities
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
                 table_lines: set[int] = frozenset(), body_start: int = 0) -> list[IndicatorRecord]:
    """Indicators from every text line outside background chapters and tables."""
    nodes = [n for n in root.walk() if n is not root]
    starts = [n.start for n in nodes]
    head_end = body_start  # the notice's own numbers (dates, 文号) are no targets
    tasks = records.tasks
    out: list[IndicatorRecord] = []
    for line in lines:
        # box contents and lists arrive TAB-indented too; only parsed tables are left to the table module
        if line.is_blank or line.index in table_lines or line.start < head_end:
            continue
        node = _node_at(nodes, starts, line.lead)
        if node is not None and node.role in NO_TARGET_ROLES:
            continue
        inherited = _goals_year(text, node, line.start) if node is not None and node.role == "goals" else None
        for q in find_quantities(line.raw, one_year, inherited):
            start = line.start + q.start
            task = next((t for t in tasks if t.start <= start < t.end), None)
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


def _goals_year(text: str, node: Node, line_start: int) -> int | None:
    """The horizon a goals section states before this line (`到2025年，…`)."""
    while node is not None and node.role == "goals":
        found = None
        for m in GOALS_YEAR.finditer(fold(text[node.start:line_start])):
            found = int(m.group(1)) if m.group(1) else FIVE_YEAR_PLANS[m.group(2)][1]
        if found:
            return found
        node = node.parent
    return None


def _quote_bounds(raw: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding the number, cut to about 40 characters each side."""
    left = max(raw.rfind("。", 0, start), raw.rfind("；", 0, start)) + 1
    right_candidates = [i for i in (raw.find("。", end), raw.find("；", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(raw)
    left = max(left, start - QUOTE_CONTEXT)
    right = min(right, end + QUOTE_CONTEXT)
    return left, right
