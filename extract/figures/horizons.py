"""The year a target is due: its horizon.

GUIDE.md: the year only where the target's sentence prints one (`到2025年`,
`2025年底`, `到"十四五"末`), or, in a plan of one year, where the sentence
names a deadline (`全年`, `年底前`, `四季度`). The time expressions are found
by the spaCy EntityRuler (`schema/entity_patterns.jsonl`).
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extract.figures.relative_years import PlanTime, annual_after, relative_year
from extract.text.dates import FIVE_YEAR_PLANS
from extract.text.nlp import entities

# 到"十四五"末 / “十四五”期间
FIVE_YEAR_CUE = re.compile(r'"?(十[三四五]五)"?\s*(?:(?:时期|期)?末|期间|时期)')
# A year followed by a number is a calendar date (`2023年1月1日`) or a
# modifier (`2022年35个老旧小区`), not a horizon.
NOT_HORIZON_AFTER = re.compile(r"^\s*\d")
# Deadline words that, in a plan of one year, give its targets that year.
ONE_YEAR_CUES = re.compile(r"全年|年底|年末|年内|今年|季度|月底|月末|月中旬|月上旬|月下旬|日前|月前|节前")
# Money a measure offers (a subsidy, a cap, a rate) holds while the measure
# does, so it takes no year from the plan: `分档给予企业最高50万元的奖励`.
OFFER_WORDS = re.compile(r"给予|补贴|奖励|奖补|补助|贴息|资助|减免|减按|优惠")


# Characters of a paragraph given to spaCy at once: its matcher slows down more than
# linearly on very long texts, so a long paragraph is read in pieces cut after a
# sentence end (no time pattern spans one, and jieba cuts there anyway).
DATE_CHUNK_CHARS = 4000
SENTENCE_END_CHAR = re.compile(r"[。;!?\n]")
# A year or a five-year plan anywhere in the text before a number; every time
# pattern needs one.
YEAR_MENTION = re.compile(r"20\d{2}|十[三四五]五")


@lru_cache(maxsize=512)
def date_entities(folded: str) -> tuple[tuple[int, int, str], ...]:
    """Time expressions of a paragraph, read once for all of its numbers.

    Only its sentences that mention a year or a five-year plan are read: every time
    pattern (schema/entity_patterns.jsonl) needs one, and none spans a sentence end."""
    found = []
    for start, end in dated_runs(folded, DATE_CHUNK_CHARS):
        found += [(start + a, start + b, words) for a, b, words in _dates_in(folded[start:end])]
    return tuple(found)


@lru_cache(maxsize=4096)
def _dates_in(run: str) -> tuple[tuple[int, int, str], ...]:
    """spaCy's DATE entities of a run of sentences; plans of one template repeat theirs."""
    return tuple(entities(run, "DATE"))


def dated_runs(folded: str, size: int) -> list[tuple[int, int]]:
    """Spans of consecutive sentences that mention a year (YEAR_MENTION), up to about `size`
    characters each (a longer sentence whole): what date_entities gives to spaCy.

    `dated_runs("新增10张。到2025年达到20张。", 100)` -> [(6, 17)]."""
    runs: list[tuple[int, int]] = []
    start = 0
    for end in [m.end() for m in SENTENCE_END_CHAR.finditer(folded)] + [len(folded)]:
        if end > start and YEAR_MENTION.search(folded, start, end):
            if runs and runs[-1][1] == start and end - runs[-1][0] <= size:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
        start = end
    return runs


def _is_horizon(words: str, after: str) -> bool:
    return bool(FIVE_YEAR_CUE.search(words)) or not NOT_HORIZON_AFTER.match(after)


@lru_cache(maxsize=512)
def first_year_end(folded: str) -> int | None:
    """Where the paragraph's first year or five-year plan mention ends: no horizon can come before it."""
    first = YEAR_MENTION.search(folded)
    return first.end() if first else None


@lru_cache(maxsize=512)
def horizon_marks(folded: str) -> tuple[tuple[int, ...], tuple[int | None, ...]]:
    """A paragraph's horizons, read once for all of its numbers: the end of each time
    expression and the horizon in force after it.

    `到2024年全区…9888张，2025年底前…` -> ((6, 17), (2024, 2025))."""
    ends, years, year = [], [], None
    for _, end, words in date_entities(folded):
        if _is_horizon(words, folded[end:end + 2]):
            found = re.search(r"20\d{2}", words)
            five = FIVE_YEAR_CUE.search(words)
            year = int(found.group()) if found else FIVE_YEAR_PLANS[five.group(1)][1] if five else year
        ends.append(end)
        years.append(year)
    return tuple(ends), tuple(years)


def horizon_year(folded: str, sentence_start: int, num_start: int, one_year: int | None,
                 inherited: int | None = None, plan: PlanTime | None = None) -> int | None:
    """The horizon printed before the number in its paragraph: `到2024年…不少于9888张` -> 2024.

    A horizon relative to the plan in the number's sentence (`5年内`, `第二年`,
    `三年累计`, extract.figures.relative_years) counts where it is the later
    one; a yearly quota (`每年…`) has none. Without one, `inherited` (the year
    a goals section, a lead-in or a table header sets) applies, then, in a plan
    of one year, that year where the sentence names a deadline (`四季度`,
    `年底前`, `9月底`).
    """
    year, year_end = None, -1
    first_end = first_year_end(folded)
    if first_end is not None and first_end <= num_start:
        # the time expressions that end before the number, in order (spaCy's entities do not overlap)
        ends, years = horizon_marks(folded)
        i = bisect.bisect_right(ends, num_start)
        year, year_end = (years[i - 1], ends[i - 1]) if i else (None, -1)
    before = folded[sentence_start:num_start]
    if plan is not None:
        relative = relative_year(before, plan)
        if relative and sentence_start + relative[1] > year_end:
            year, year_end = relative[0], sentence_start + relative[1]
    if year_end <= sentence_start and annual_after(before, 0):
        return None   # `每年…`: a yearly quota, unless its own sentence dates it (`到2025年，…每年轮训不少于1次`)
    if year is None:
        year = inherited
    clause = folded[sentence_start:num_start + 20]
    if year is None and one_year and ONE_YEAR_CUES.search(clause) and not OFFER_WORDS.search(clause):
        year = one_year
    return year
