"""Horizons printed relative to the plan (GUIDE.md "Conventions beyond the seeds").

A plan of several years dates many of its targets by its own span rather
than by a calendar year:
  `2012年起5年内`            -> 2012 + 5 - 1
  `5年内…引进不少于200名`      -> the plan's first year + 5 - 1
  `第一年…不少于700亩`         -> the plan's first year
  `三年累计完成…21个点位`       -> the plan's last year
  `“十四五”期间，协调推进…`     -> 2025, passed down from a lead-in to the items below it
and a yearly quota (`每年投运…200辆`) has no year at all, whatever year the
paragraph names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.text.dates import FIVE_YEAR_PLANS, YEAR_COUNT, YEAR_SPAN, counted_spans, year_count

# `5年内` `三年内` (not `2025年内`)
WITHIN = re.compile(rf"(?<![\d年]){YEAR_COUNT}\s*年(?:内|之内)")
# `第一年` `第3年`
NTH_YEAR = re.compile(rf"第\s*{YEAR_COUNT}\s*年")
# `三年累计` `3年累计`: a total over the plan's span
CUMULATIVE = re.compile(rf"{YEAR_COUNT}\s*年\s*累计")
# `每年投运中小车型公交车200辆` `年均增长`: a yearly quota holds every year of the plan
ANNUAL = re.compile(r"每年|每一年|年均|每年度")
# A lead-in that frames the items below it: `“十四五”期间` `2024-2026年` `2012年起5年内`.
FIVE_YEAR_FRAME = re.compile(r'"?(十[三四五]五)"?\s*(?:期间|时期)')


@dataclass(frozen=True)
class PlanTime:
    """The plan's span: its first and last year, where known."""
    start: int | None = None
    end: int | None = None

    @property
    def one_year(self) -> int | None:
        return self.start if self.start is not None and self.start == self.end else None

    def nth(self, n: int) -> int | None:
        return self.start + n - 1 if self.start is not None else None


def relative_year(before: str, plan: PlanTime) -> tuple[int, int] | None:
    """The last plan-relative horizon in `before` (the sentence up to a number) and where it ends.

    `2012年起5年内，重点引进` -> (2016, …); `第二年全区应完成` -> (start + 1, …)."""
    found = [(end, last) for end, _, last in counted_spans(before)]
    for pattern, year_of in ((WITHIN, plan.nth), (NTH_YEAR, plan.nth)):
        for m in pattern.finditer(before):
            n = year_count(m.group(1))
            if n and year_of(n) is not None and not any(a <= m.start() < a + 12 for a, _ in found):
                found.append((m.end(), year_of(n)))
    if plan.end is not None:
        for m in CUMULATIVE.finditer(before):
            found.append((m.end(), plan.end))
    if not found:
        return None
    end, year = max(found)
    return year, end


def annual_after(before: str, last_year_end: int) -> bool:
    """`每年` after the last dated horizon of the sentence: a yearly quota, no due year."""
    return any(m.start() >= last_year_end for m in ANNUAL.finditer(before))


def framing_year(lead_in: str, plan: PlanTime) -> int | None:
    """The horizon a section's lead-in sets for the items below it: a period it names
    (`“十四五”期间`, `2024-2026年`, `2012年起5年内`), not a date bound to one figure."""
    five = FIVE_YEAR_FRAME.search(lead_in)
    if five:
        return FIVE_YEAR_PLANS[five.group(1)][1]
    span = YEAR_SPAN.search(lead_in)
    if span and int(span.group(1)) < int(span.group(2)):
        return int(span.group(2))
    relative = relative_year(lead_in, plan)
    return relative[0] if relative else None


# `新三年行动` `三年累计` `三年内`: a sentence that counts over the plan's span.
SPAN_WORDS = re.compile(rf"{YEAR_COUNT}\s*年\s*(?:行动|累计|内|期间)")


def span_total_year(sentence: str, plan: PlanTime, span_framed: bool) -> int | None:
    """A commitment printed without a year is a total over the plan's span, due in its last
    year (GUIDE: `三年累计`, a cumulative figure in a three-year plan with no other year),
    where its sentence names the span (`按照“新三年行动”本区完成2300亩`) or the plan lists its
    items under the span (an annex column `重点任务（2024-2026）`)."""
    if plan.start is None or plan.end is None or plan.start == plan.end:
        return None
    named = any(year_count(m.group(1)) == plan.end - plan.start + 1 for m in SPAN_WORDS.finditer(sentence))
    return plan.end if named or span_framed else None


# `2026年至2030年，…逐年推进A（3.92平方公里）、B（3.66平方公里）…`: items spread over the years of a span.
YEARLY_SPREAD = re.compile(r"逐年|分年度|依次|每年一个|一年一个")


def spread_over_years(sentence: str, quantity_starts: list[int]) -> list[int] | None:
    """The successive years of a span for the items a sentence distributes over it (GUIDE: items
    distributed over the years of a span, as many items as years -> their successive years);
    None where the sentence spreads nothing or the counts differ."""
    cue = YEARLY_SPREAD.search(sentence)
    span = YEAR_SPAN.search(sentence[:cue.start()]) if cue else None
    if not cue or not span:
        return None
    first, last = int(span.group(1)), int(span.group(2))
    items = [q for q in quantity_starts if q > cue.start()]
    if first >= last or len(items) != last - first + 1:
        return None
    return list(range(first, last + 1))
