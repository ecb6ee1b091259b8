"""The value a table cell prints: `≥73％`, `128.92平方公里`, `（86.4％）`, `84 左右`, `3-5`.

Indicator tables and value grids print a target as a cell of its own, with
or without its measure word and bound; a bracketed value is a different
base (`（86.4％）` with a note `括号内数据为2019年平均值`), text (`应保尽保`, `/`)
is no value. The measure words and bounds are the ones running text uses
(extract.figures.measures).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.figures.measures import comparator_of, match_measure, normalise
from extract.text.numbers import ARABIC, parse_number
from extract.text.textnorm import fold

# `≥ 60` `不低于95%` `约 4.5` `3-5个` `≥98％（除危废外）` `（86.4％）` (folded: ％ is %, （ is ()
VALUE_CELL = re.compile(
    rf"^(?P<before>≥|>=|≤|<=|>|<|不低于|不少于|不超过|不高于|超过|达到|约)?\s*(?P<open>\()?\s*"
    rf"(?P<value>{ARABIC})(?:\s*[-~至]\s*(?P<max>{ARABIC}))?\s*(?P<rest>[^\d()]{{0,6}}?)\s*(?P<close>\))?"
    rf"\s*(?:左右|以上|以内|以下|及以上)?\s*(?:\([^()]{{1,12}}\))?$")


@dataclass(frozen=True)
class CellValue:
    comparator: str
    value: float
    value_max: float | None
    unit: str | None
    bracketed: bool        # printed in brackets: a value of another base (a different year)


def parse_value_cell(text: str) -> CellValue | None:
    """`≥73％` -> (>=, 73, None, '%'); `128.92平方公里` -> (=, 128.92, None, '平方公里'); `应保尽保` -> None."""
    folded = fold(text).strip()
    m = VALUE_CELL.match(folded)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    value = parse_number(m.group("value"))
    if value is None:
        return None
    measure = match_measure(folded, m.end("max") if m.group("max") else m.end("value"))
    rest = m.group("rest").strip()
    if rest and (measure.unit is None or folded[measure.end:m.end("rest")].strip()):
        return None   # words after the number that are no measure word: `2028年` is a date, not a value
    if measure.unit is not None and not measure.unit.target_unit:
        return None
    v, unit = normalise(value, measure.multiplier or 1.0, measure.unit)
    v_max = None
    if m.group("max"):
        v_max = normalise(parse_number(m.group("max")) or 0.0, measure.multiplier or 1.0, measure.unit)[0]
    comparator = "range" if v_max is not None else comparator_of(folded, 0, m.start("value"), measure.end)
    return CellValue(comparator, v, v_max, unit, bool(m.group("open")))
