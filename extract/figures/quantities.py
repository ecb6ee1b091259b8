"""Numeric targets in running text (GUIDE.md "targets").

A target is a number with a measure word that the plan commits to: a count,
a share, a ratio, a per-capita standard, money. Each candidate is found by
its number and measure word (extract.figures.measures), kept or dropped by the
genre's rules (extract.figures.target_rules), and given its comparator, horizon
(extract.figures.horizons), baseline, metric phrase and kind (extract.figures.metric_phrase).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.figures.horizons import horizon_year
from extract.figures.relative_years import PlanTime, spread_over_years
from extract.figures.measures import comparator_of, match_measure, normalise
from extract.figures.metric_phrase import kind_of, metric_phrase
from extract.text.boundaries import Boundaries
from extract.text.numbers import ARABIC, CHINESE, parse_number
from extract.figures.target_rules import FROM_TO, Candidate, exclusion
from extract.text.textnorm import fold

# 3-4个  2—3家  200-300元 (folded: — and － are `-`)
RANGE = re.compile(rf"({ARABIC}|{CHINESE})\s*%?\s*[-~至到]\s*({ARABIC}|{CHINESE})")
# Characters RANGE cannot match without: most lines have none, and `in` is far cheaper than the scan.
RANGE_SEPARATORS = "-~至到"
# `可按0.4计入绿地率` `容积率按 0.8 计算` `配建比例0.8-1调整为0.6-0.8`: a coefficient a rule sets, with no measure word.
COEFFICIENT_BEFORE = re.compile(r"(?:比例|系数|容积率|绿地率|按)\s*(?:[\d.]+\s*(?:[-~]\s*[\d.]+)?\s*(?:调整为|调整到))?"
                                r"(?:为)?\s*$")
COEFFICIENT_AFTER = re.compile(r"^\s*(?:计入|计算|折算|[,;。]|$)")
# `二孩家庭补贴不超过2万`: money offered with its 元 left out.
MONEY_WORDS = re.compile(r"补贴|补助|奖励|奖补|资助|贴息|奖金")
NUMBER = re.compile(rf"(?<![\d.])({ARABIC}|{CHINESE})")
# Where NUMBER can begin: a digit or a Chinese numeral. NUMBER opens with a lookbehind, which keeps
# the regex engine from skipping ahead to such a character; `number_matches` finds them first.
NUMBER_START = re.compile(r"[\d零一二两三四五六七八九十百千]")
# 配比不低于1:4 / 按照1:1的比例负担
RATIO = re.compile(rf"(?<![\d.:])(\d+)\s*:\s*({ARABIC})(?![\d:])")
RATIO_SEPARATOR = ":"   # RATIO cannot match without it
RATIO_CUE = re.compile(r"比|配比|比例")
# A number inside 《…》 or “…” names something: 《十四五规划》, “1+N”.
NAME_SPAN = re.compile(r"《[^《》]*》|\"[^\"]{0,20}\"")
# Clause and sentence boundaries (folded text).
SENTENCE_END = re.compile(r"[。;!?\n]")
# (a colon between digits is a ratio, `1:4`, not a clause break). Written as one character class
# and a check behind it, which the regex engine scans for 5x faster than the plainer
# `[。;,!?\n]|(?<!\d):|:(?!\d)` (CLAUSE_END_PLAIN in tests/test_linear.py: the same matches).
CLAUSE_END = re.compile(r"[。;,!?\n:](?<!\d:(?=\d))")


@dataclass
class Quantity:
    start: int              # offsets of the number and its measure word in the text given
    end: int
    value_text: str
    value: float
    value_max: float | None
    unit: str | None
    unit_kind: str
    comparator: str
    year: int | None
    baseline_value: float | None
    baseline_year: int | None
    metric: str
    kind: str
    clause_start: int
    clause_end: int
    sentence_start: int = 0
    sentence_end: int = 0


def find_quantities(text: str, one_year: int | None = None, inherited_year: int | None = None,
                    plan: PlanTime | None = None) -> list[Quantity]:
    """Every committed quantity in `text`.

    `one_year` is the year of a plan that covers one year; `inherited_year`
    the horizon the surrounding section sets (a goals chapter, a project's
    construction period); `plan` the span that relative horizons count from.

    >>> [(q.value, q.unit, q.comparator, q.year) for q in find_quantities("到2024年全区养老床位总量不少于9888张。")]
    [(9888.0, '张', '>=', 2024)]
    """
    folded = fold(text)
    bounds = (Boundaries(folded, SENTENCE_END), Boundaries(folded, CLAUSE_END))
    names = [m.span() for m in NAME_SPAN.finditer(folded)]
    out: list[Quantity] = []
    taken: set[int] = set()
    numbers: list[tuple[int, int, str, float, float | None]] = []
    for m in RANGE.finditer(folded) if any(c in folded for c in RANGE_SEPARATORS) else ():
        lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
        if lo is not None and hi is not None and lo < hi and not re.match(r"20\d{2}$", m.group(1)):
            numbers.append((m.start(), m.end(), m.group(), lo, hi))
            taken.update(range(m.start(), m.end()))
    for m in number_matches(folded):
        if m.start() not in taken:
            value = parse_number(m.group(1))
            if value is not None:
                numbers.append((m.start(), m.end(), m.group(1), value, None))
    for m in RATIO.finditer(folded) if RATIO_SEPARATOR in folded else ():
        if RATIO_CUE.search(folded[max(0, m.start() - 8):m.start()]) or RATIO_CUE.match(folded[m.end():m.end() + 3].lstrip("的")):
            out.append(_ratio(text, folded, bounds, m, one_year, inherited_year, plan))
            taken.update(range(m.start(), m.end()))
    for start, end, token, value, value_max in sorted(numbers):
        if (start in taken and value_max is None) or any(a <= start < b for a, b in names):
            continue
        q = _quantity(text, folded, bounds, start, end, token, value, value_max, one_year, inherited_year, plan)
        if q is not None:
            out.append(q)
    out.sort(key=lambda q: q.start)
    _spread_over_years(folded, out)
    return out


def number_matches(folded: str) -> Iterator[re.Match]:
    """The matches of NUMBER.finditer(folded), tried only where a number can begin (3x faster
    on a plan's lines): `number_matches("新增3个，共二十个")` -> the matches of '3' and '二十'."""
    pos = 0
    while (first := NUMBER_START.search(folded, pos)) is not None:
        m = NUMBER.match(folded, first.start())   # its lookbehind sees the text before
        if m:
            yield m
            pos = m.end()
        else:
            pos = first.start() + 1


def _spread_over_years(folded: str, quantities: list[Quantity]) -> None:
    """Items a sentence spreads over the years of a span take their successive years."""
    by_sentence: dict[tuple[int, int], list[Quantity]] = {}
    for q in quantities:
        by_sentence.setdefault((q.sentence_start, q.sentence_end), []).append(q)
    for (start, end), qs in by_sentence.items():
        years = spread_over_years(folded[start:end], [q.start - start for q in qs])
        if years:
            for q, year in zip(qs[-len(years):], years):
                q.year = year


def _quantity(text, folded, bounds, start, end, token, value, value_max, one_year, inherited_year,
              plan=None) -> Quantity | None:
    measure = match_measure(folded, end)
    coefficient = (measure.unit is None and measure.multiplier == 1.0 and "." in token
                   and COEFFICIENT_BEFORE.search(folded[max(0, start - 16):start])
                   and COEFFICIENT_AFTER.match(folded[measure.end:measure.end + 3]))
    if measure.unit is None and measure.multiplier in (0.0, 1.0) and not coefficient:
        return None
    sentence, clause = bounds[0].around(start), bounds[1].around(start)
    candidate = Candidate(folded, start, end, token, value, value_max, measure.unit, measure.end, sentence, clause)
    if exclusion(candidate):
        return None
    unit = measure.unit
    v, unit_name = normalise(value, measure.multiplier, unit)
    v_max = normalise(value_max, measure.multiplier, unit)[0] if value_max is not None else None
    comparator = "range" if value_max is not None else comparator_of(folded, clause[0], start, measure.end)
    baseline = None
    fm = FROM_TO.search(folded[sentence[0]:start])
    if fm:
        b_measure = match_measure(folded, sentence[0] + fm.end(1))
        b_value = parse_number(fm.group(1))
        if b_value is not None:
            baseline = normalise(b_value, b_measure.multiplier or 1.0, b_measure.unit or unit)[0]
    if unit is None and measure.multiplier >= 1e4 and MONEY_WORDS.search(folded[clause[0]:start]):
        unit_name = "元"   # `补贴不超过2万`: the 元 is understood
    unit_kind = unit.kind if unit else ("money" if unit_name == "元" else "ratio" if coefficient else "count")
    metric = metric_phrase(folded, text, clause, start, measure.end, unit_kind, sentence[0])
    year = horizon_year(folded, sentence[0], start, one_year, inherited_year, plan)
    kind = "standard" if coefficient else kind_of(unit_name, metric, text[sentence[0]:sentence[1]],
                                                  text[clause[0]:measure.end + 8], unit_kind)
    if unit_kind == "return" and year is not None:
        kind = "target"   # `至2035年…达到3-5年一遇排水能力`: a capacity reached by a date, not a norm
    return Quantity(start, measure.end, text[start:measure.end].rstrip(), v, v_max, unit_name, unit_kind, comparator,
                    year, baseline, None, metric, kind, clause[0], clause[1], sentence[0], sentence[1])


def _ratio(text, folded, bounds, m, one_year, inherited_year, plan=None) -> Quantity:
    """`配比不低于1:4` -> 4, unit `ratio` (GUIDE.md)."""
    sentence, clause = bounds[0].around(m.start()), bounds[1].around(m.start())
    return Quantity(m.start(), m.end(), text[m.start():m.end()], float(m.group(2)), None, "ratio", "ratio",
                    comparator_of(folded, clause[0], m.start(), m.end()),
                    horizon_year(folded, sentence[0], m.start(), one_year, inherited_year, plan), None, None,
                    metric_phrase(folded, text, clause, m.start(), m.end(), "ratio"), "standard", clause[0], clause[1],
                    sentence[0], sentence[1])
