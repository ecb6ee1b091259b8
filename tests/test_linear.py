"""Linear extraction: the lookups that replaced per-number and per-line rescans give
what the rescans gave (property tests against the old code, kept here as the reference),
and work on a long paragraph grows linearly (counted, not timed)."""
from __future__ import annotations

import difflib
import re
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from extract.figures.quantities import CLAUSE_END, SENTENCE_END
from extract.figures.targets import GOALS_YEAR, QUOTE_CONTEXT, GoalsYears, TaskIndex, _quote_bounds
from extract.figures.horizons import FIVE_YEAR_CUE, _is_horizon, date_entities, horizon_year
from extract.text.dates import FIVE_YEAR_PLANS
from extract.text.textnorm import fold
from extract.structure.table_records import best_task
from extract.text.boundaries import Boundaries

BOUNDARY_TEXT = st.text(alphabet="12:3,;。年a\n !?", max_size=40)


def rescanned_bounds(folded: str, start: int, pattern: re.Pattern) -> tuple[int, int]:
    """The quadratic original: scan the prefix for every number."""
    left = max((m.end() for m in pattern.finditer(folded, 0, start)), default=0)
    right = pattern.search(folded, start)
    return left, right.start() if right else len(folded)


@settings(deadline=None)
@given(BOUNDARY_TEXT)
def test_boundaries_equal_the_rescan(text):
    for pattern in (SENTENCE_END, CLAUSE_END):
        bounds = Boundaries(text, pattern)
        for pos in range(len(text) + 1):
            assert bounds.around(pos) == rescanned_bounds(text, pos, pattern)


CLAUSE_END_PLAIN = re.compile(r"[。;,!?\n]|(?<!\d):|:(?!\d)")


@settings(max_examples=500)
@given(BOUNDARY_TEXT)
def test_clause_end_is_the_plain_pattern(text):
    """CLAUSE_END is written for speed; it matches where the plain pattern does, also in a text cut short."""
    assert [m.span() for m in CLAUSE_END.finditer(text)] == [m.span() for m in CLAUSE_END_PLAIN.finditer(text)]
    for pos in range(1, len(text) + 1):
        assert (CLAUSE_END.match(text, pos - 1, pos) is None) == (CLAUSE_END_PLAIN.match(text, pos - 1, pos) is None)


def test_a_colon_before_the_number_ends_the_clause_as_the_rescan_did():
    # `1:4`: cut before the 4, the colon is followed by nothing and so counts as a break
    assert Boundaries("配比1:4", CLAUSE_END).around(4) == (4, 5)


SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 15)), max_size=8)


@settings(deadline=None)
@given(SPANS, st.integers(0, 50))
def test_task_index_finds_the_first_task_holding_an_offset(spans, offset):
    tasks = [SimpleNamespace(start=s, end=s + n) for s, n in spans]
    expected = next((t for t in tasks if t.start <= offset < t.end), None)
    assert TaskIndex(tasks)(offset) is expected


def rescanned_best_task(name, tasks, min_ratio=0.6):
    key = re.sub(r"[\s。，,、]", "", name)
    best, score = None, 0.0
    for t in tasks:
        title = re.sub(r"[\s。，,、]", "", t.title or "")
        if not title:
            continue
        s = 1.0 if key == title else difflib.SequenceMatcher(None, key, title, autojunk=False).ratio()
        if s > score:
            best, score = t, s
    return best if score >= min_ratio else None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="养老服务床位建设完善。", max_size=10),
       st.lists(st.text(alphabet="养老服务床位建设完善，", max_size=10), max_size=8))
def test_best_task_with_bounds_equals_full_alignment(name, titles):
    tasks = [SimpleNamespace(title=t) for t in titles]
    assert best_task(name, tasks) is rescanned_best_task(name, tasks)


def rescanned_goals_year(text, node, line_start):
    while node is not None and node.role == "goals":
        found = None
        for m in GOALS_YEAR.finditer(fold(text[node.start:line_start])):
            found = int(m.group(1)) if m.group(1) else FIVE_YEAR_PLANS[m.group(2)][1]
        if found:
            return found
        node = node.parent
    return None


GOALS_TEXT = st.lists(st.sampled_from(["到2025年", "至 2030 年", '"十四五"期末', "十三五时期末", "到", "十四五",
                                       "，", "\n", "床位", "2024"]), max_size=12).map("".join)


@settings(deadline=None)
@given(GOALS_TEXT, st.integers(0, 5), st.data())
def test_goals_years_equal_the_rescan(text, inner_start, data):
    outer = SimpleNamespace(role="goals", start=0, end=len(text), parent=None)
    inner = SimpleNamespace(role="goals", start=min(inner_start, len(text)), end=len(text), parent=outer)
    years = GoalsYears(text)
    for line_start in range(len(text) + 1):
        for node in (outer, inner):
            assert years.before(node, line_start) == rescanned_goals_year(text, node, line_start)


def rescanned_horizon_year(folded, sentence_start, num_start, one_year, inherited=None):
    year = None
    if re.search(r"20\d{2}|十[三四五]五", folded[:num_start]):
        for _, end, words in date_entities(folded):
            if end > num_start:
                break
            if not _is_horizon(words, folded[end:end + 2]):
                continue
            found = re.search(r"20\d{2}", words)
            five = FIVE_YEAR_CUE.search(words)
            year = int(found.group()) if found else FIVE_YEAR_PLANS[five.group(1)][1] if five else year
    return year if year is not None else inherited


HORIZON_PARAGRAPHS = [
    "到2024年，全区养老床位总量不少于9888张；2023年1月1日起实施，到\"十四五\"末护理型床位占比达到60%。",
    "2022年35个老旧小区完成改造，力争2025年底前新建30个长者食堂，十四五期间新增20家。",
    "全年新增就业3万人，年底前建成5个站点。",
]


def test_horizon_lookups_equal_the_rescan():
    for text in HORIZON_PARAGRAPHS:
        folded = fold(text)
        for pos in range(len(folded) + 1):
            assert horizon_year(folded, 0, pos, None, None) == rescanned_horizon_year(folded, 0, pos, None), (text, pos)


SEGMENT_TEXT = st.text(alphabet="养老服务床位建设区民政局护理型2025年%.-，。 \n\tab", max_size=40)


@settings(deadline=None)
@given(SEGMENT_TEXT)
def test_block_cache_gives_jiebas_tokens(text):
    from extract.text.nlp import tokenizer

    cached = tokenizer()
    raw = cached.tk
    for hmm in (True, False):
        assert cached.lcut(text, HMM=hmm) == list(raw.cut(text, HMM=hmm))
        assert list(cached.cut_for_search(text, HMM=hmm)) == list(raw.cut_for_search(text, HMM=hmm))


def test_block_cache_on_real_plans():
    from conftest import ROOT
    from extract.text.nlp import tokenizer

    cached = tokenizer()
    for path in sorted((ROOT / "corpus").glob("00*.txt")):
        text = path.read_text(encoding="utf-8")
        assert cached.lcut(text) == list(cached.tk.cut(text))
        assert list(cached.cut_for_search(text, HMM=False)) == list(cached.tk.cut_for_search(text, HMM=False))


def rescanned_quote_bounds(raw, start, end):
    left = max(raw.rfind("。", 0, start), raw.rfind("；", 0, start)) + 1
    right_candidates = [i for i in (raw.find("。", end), raw.find("；", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(raw)
    return max(left, start - QUOTE_CONTEXT), min(right, end + QUOTE_CONTEXT)


@settings(deadline=None)
@given(st.text(alphabet="床位。；，9", max_size=120), st.data())
def test_quote_bounds_look_only_within_the_cut(raw, data):
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))
    assert _quote_bounds(raw, start, end) == rescanned_quote_bounds(raw, start, end)


DATE_TEXT = st.lists(st.sampled_from(["到2025年", "2023年底前", '到"十四五"末', "十四五期间", "新增床位10张", "，", "；", "。",
                                      "区民政局", "全年", "\n", "至2030年", "2024", "年", "！", "十四五", "末", " ", "20",
                                      "25年内"]), max_size=30).map("".join)


@settings(deadline=None, max_examples=60)
@given(DATE_TEXT)
def test_date_entities_read_in_pieces_equal_the_whole(text):
    """Reading only the sentences with a year, in runs of a few characters, finds what reading
    the whole paragraph finds."""
    from extract.figures.horizons import dated_runs
    from extract.text.nlp import entities

    folded = fold(text)
    whole = entities(folded, "DATE")
    pieces = [(s + a, s + b, w) for s, e in dated_runs(folded, 12) for a, b, w in entities(folded[s:e], "DATE")]
    assert pieces == whole
    assert date_entities.__wrapped__(folded) == tuple(whole)
