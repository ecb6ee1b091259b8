"""Measure words and comparators next to a number.

`9888张`, `1.01 万张`, `240余座`, `5000万元`, `4.4亿元`, `144192 m ²`: the
word after a number says what it counts, a 万/亿 before it multiplies, and
phrases around it (`不低于`, `以上`, `左右`) bound it. The words and phrases
are the data of `schema/unit_words.tsv` and `schema/comparators.tsv`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.text.nlp import ends_word
from extract.text.numbers import MULTIPLIERS, tidy
from extract.text.textnorm import fold
from extract.figures.vocab_quantities import ComparatorPhrase, UnitWord, load_comparators, load_unit_words


@lru_cache(maxsize=1)
def unit_words() -> tuple[UnitWord, ...]:
    """Measure words, longest first (`万平方米` before `平方米` before `米`)."""
    return tuple(sorted(load_unit_words(), key=lambda u: len(u.word), reverse=True))


@lru_cache(maxsize=1)
def comparator_phrases() -> tuple[ComparatorPhrase, ...]:
    """Comparator phrases folded like the text, longest first (`不低于` before `低于`)."""
    folded = (ComparatorPhrase(fold(c.phrase), c.comparator, c.position, c.note) for c in load_comparators())
    return tuple(sorted(folded, key=lambda c: len(c.phrase), reverse=True))


def _word_pattern(word: str) -> str:
    """Latin unit words may be printed spaced out: `m ²` for `m²`."""
    if re.search(r"[A-Za-z²³]", word):
        return r"\s*".join(re.escape(ch) for ch in word)
    return re.escape(word)


@lru_cache(maxsize=1)
def _unit_regex() -> re.Pattern:
    return re.compile("(" + "|".join(_word_pattern(fold(u.word)) for u in unit_words()) + ")")


@lru_cache(maxsize=None)
def _unit_by_text(matched: str) -> UnitWord | None:
    key = re.sub(r"\s+", "", matched)
    return next((u for u in unit_words() if fold(u.word) == key), None)


@dataclass(frozen=True)
class Measure:
    unit: UnitWord | None   # None for a bare 万/亿 (`突破5亿`)
    end: int                # offset just past the measure word
    multiplier: float       # 1e4 for 万, 1e8 for 亿; 0 when nothing usable follows


def match_measure(folded: str, pos: int) -> Measure:
    """The measure word at `pos`: `…9888张` -> 张; `…1.01 万张` -> 张 ×1e4; `…28.25万户籍` -> nothing."""
    i = pos
    while i < len(folded) and folded[i] == " ":
        i += 1
    if i < len(folded) and folded[i] in "余多" and _unit_regex().match(folded, i + 1):
        i += 1  # `240余座`: the comparator reads the 余 in place
    m = _unit_regex().match(folded, i)
    # a word of two characters or more must end where jieba ends a word: `28.25万户|籍` is no 万户
    if m and _unit_by_text(m.group(1)) and (len(m.group(1)) < 2 or ends_word(folded, m.end())):
        return Measure(_unit_by_text(m.group(1)), m.end(), 1.0)
    if i < len(folded) and folded[i] in "万亿":
        mult = MULTIPLIERS[folded[i]]
        m = _unit_regex().match(folded, i + 1)
        if m and ends_word(folded, m.end()) and _unit_by_text(m.group(1)):
            return Measure(_unit_by_text(m.group(1)), m.end(), mult)
        # `突破5亿` stands alone; `28.25万户籍老年人口` does not
        if i + 1 >= len(folded) or not re.match(r"[\u4e00-\u9fa5]", folded[i + 1]):
            return Measure(None, i + 1, mult)
        return Measure(None, i, 0.0)
    return Measure(None, i, 1.0)


def normalise(value: float, multiplier: float, unit: UnitWord | None) -> tuple[float, str | None]:
    """`1.01万张` -> (10100, '张'); `230000万元` -> (230000, '万元'); `4.4亿元` -> (4.4e8, '元')."""
    if unit is None:
        return tidy(value * multiplier), None
    value = value * unit.factor
    if unit.unit == "元" and multiplier == 1e4:
        return tidy(value), "万元"
    if unit.unit == "万元" and multiplier == 1e4:
        return tidy(value * 1e4), "万元"
    return tidy(value * multiplier), unit.unit


@lru_cache(maxsize=1)
def _phrases_by_position() -> dict[str, tuple[ComparatorPhrase, ...]]:
    """comparator_phrases() by where they stand, each group longest first; the bounds before a
    number without the plain verbs (`达到`), which never decide."""
    return {"inside": tuple(c for c in comparator_phrases() if c.position == "inside"),
            "after": tuple(c for c in comparator_phrases() if c.position == "after"),
            "before": tuple(c for c in comparator_phrases() if c.position == "before" and c.comparator != "=")}


@lru_cache(maxsize=1)
def _inside_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """`240余座`: a phrase inside the figure, right after a digit."""
    return tuple((re.compile(rf"\d\s*{re.escape(c.phrase)}"), c.comparator) for c in _phrases_by_position()["inside"])


def comparator_of(folded: str, clause_start: int, num_start: int, unit_end: int) -> str:
    """`不低于60%` -> '>='; `6000家以上` -> '>='; `240余座` -> '>'; `3500万吨左右` -> '~'; plain -> '='."""
    inside = folded[num_start:unit_end]
    for pattern, comparator in _inside_patterns():
        if pattern.search(inside):
            return comparator
    after = folded[unit_end:unit_end + 4].lstrip()
    for c in _phrases_by_position()["after"]:
        if after.startswith(c.phrase):
            return c.comparator
    before = folded[max(clause_start, num_start - 12):num_start].rstrip()
    best, best_end = "=", -1
    for c in _phrases_by_position()["before"]:
        pos = before.rfind(c.phrase)
        # the bound nearest the number wins; at the same end the longer one (不低于 over 低于);
        # a plain verb (建成, 达到) does not undo a bound before it: `至少建成3个` is >=
        if pos >= 0 and pos + len(c.phrase) > best_end:
            best, best_end = c.comparator, pos + len(c.phrase)
    return best
