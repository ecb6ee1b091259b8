"""One commitment, one row: restatements point at the first statement.

A plan prints its key numbers several times — in the goals, in a task, in
an indicator table, in an annex project — and a comparison must count each
commitment once. Statements of the same canonical metric with the same
value, unit and comparator family are one commitment: the first in the
document stays primary and takes what the others add (units, year,
baseline, binding); the others keep their quotes and point at it with
`same_as`. Table rows that repeat a body sentence are linked when read
(extract/figures/table_targets.py).
"""
from __future__ import annotations

from extract.records import IndicatorRecord


def link_restatements(indicators: list[IndicatorRecord]) -> None:
    """Point repeated statements of one canonical commitment at the first."""
    primary: dict[tuple, IndicatorRecord] = {}
    for ind in sorted(indicators, key=lambda i: i.start):
        if ind.same_as or not ind.canonical:
            continue
        key = (ind.canonical, ind.value, ind.value_max, ind.unit, ind.kind)
        first = primary.get(key)
        if first is None:
            primary[key] = ind
            continue
        ind.same_as = first.indicator_id
        have = {u.mention for u in first.units}
        first.units.extend(u for u in ind.units if u.mention not in have)
        if first.year is None:
            first.year = ind.year
        if first.baseline_value is None and ind.baseline_value is not None:
            first.baseline_value, first.baseline_year = ind.baseline_value, ind.baseline_year
        if first.binding is None:
            first.binding = ind.binding
