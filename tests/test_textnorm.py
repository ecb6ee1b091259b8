"""extract.text.textnorm: `fold` maps look-alike punctuation one character to one character."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.text.textnorm import FOLD_REPLACEMENTS, _FOLD_TABLE, _LongFolds, blank_noise, fold, squash

# Text the way plans mix it: CJK, full-width and half-width punctuation, digits, blanks.
PLAN_ALPHABET = st.sampled_from(list("区民政局养老床位张万亿（）()〔〕【】［］：:，,；;。、．﹒.－—–-～〜％%“”＂\"０１２９0129 \t\u3000\xa0\r\n"))
plan_text = st.text(PLAN_ALPHABET, max_size=200) | st.text(max_size=200)


# -- one character to one character -----------------------------------------------
@pytest.mark.parametrize(
    "char, folded",
    [
        ("（", "("), ("）", ")"),        # （责任部门：区民政局） 000 崇明
        ("〔", "("), ("〕", ")"),        # 沪崇府办发〔2023〕10号 001 崇明
        ("【", "["), ("】", "]"), ("［", "["), ("］", "]"),
        ("：", ":"), ("，", ","), ("；", ";"),
        ("﹒", "."),                      # 1﹒推进工业互联网外网建设。 e04 安徽
        ("．", "."),                      # 1．健全组织机构。 004 万州
        ("－", "-"),                      # 全区至少形成3－4个 000 崇明
        ("—", "-"), ("–", "-"),           # 培育或引进2—3家 004 万州
        ("～", "~"), ("〜", "~"),
        ("％", "%"),                      # 岗前培训率达到100％ 003 如皋
        ("＜", "<"), ("＞", ">"), ("＝", "="), ("＋", "+"),
        ("\u3000", " "), ("\xa0", " "),   # 　　一、总体要求 000 崇明
        ("“", '"'), ("”", '"'), ("＂", '"'),
        ("０", "0"), ("５", "5"), ("９", "9"),
    ],
)
def test_fold_maps_look_alikes(char, folded):
    assert fold(char) == folded


@pytest.mark.parametrize(
    "char",
    ["。", "、", "《", "》", "区", "a", "1", ".", "(", "\t", "\n", "≥"],
    ids=["full stop", "enumeration comma", "book title open", "book title close", "CJK", "latin",
         "digit", "dot", "paren", "tab", "newline", "geq"],
)
def test_fold_keeps_characters_without_look_alike(char):
    assert fold(char) == char


@pytest.mark.parametrize(
    "text, folded",
    [
        # 000 崇明
        ("（责任部门：区民政局、区规划资源局、各乡镇）", "(责任部门:区民政局、区规划资源局、各乡镇)"),
        # 001 崇明
        ("沪崇府办发〔2023〕10号", "沪崇府办发(2023)10号"),
        # e04 安徽
        ("1﹒推进工业互联网外网建设。", "1.推进工业互联网外网建设。"),
        # 003 如皋
        ("养老护理员岗前培训率达到100％。", "养老护理员岗前培训率达到100%。"),
        # 002 浦东
        ("到“十四五”末，全区综合为老服务中心达到80家", '到"十四五"末,全区综合为老服务中心达到80家'),
        # e07 济源 (already half-width)
        ("(牵头单位:示范区发展改革和统计局(商务局),责任单位:示范区财政金融局)",
         "(牵头单位:示范区发展改革和统计局(商务局),责任单位:示范区财政金融局)"),
    ],
    ids=["responsibility note", "document number", "1﹒ numbering", "full-width percent", "quoted 十四五",
         "half-width note unchanged"],
)
def test_fold_sentences(text, folded):
    assert fold(text) == folded


# -- properties ---------------------------------------------------------------------
def test_no_fold_form_is_a_look_alike():
    """Replacing look-alikes one after another gives `translate`'s result only if no form is
    replaced again by a later pair."""
    look_alikes = {a for a, _ in FOLD_REPLACEMENTS}
    assert not [form for _, form in FOLD_REPLACEMENTS if form in look_alikes]


@given(plan_text | st.text(PLAN_ALPHABET, min_size=201, max_size=600))
def test_fold_equals_the_translation_table(text):
    assert fold(text) == text.translate(_FOLD_TABLE)


def test_long_folds_stay_within_their_budget():
    """Long texts' folds are kept, the least recently used dropped once their characters pass the budget."""
    folds = _LongFolds(1000)
    texts = [f"（责任单位：区民政局{i}）" * 30 for i in range(10)]   # 450 characters each
    for text in texts + texts[::-1]:
        assert folds.fold(text) == text.translate(_FOLD_TABLE)
        assert folds.chars == sum(map(len, folds.kept)) <= 1000
    assert list(folds.kept) == [texts[1], texts[0]]


def test_long_folds_in_threads():
    """Dask workers may extract in threads: folding from several at once keeps every fold right."""
    from concurrent.futures import ThreadPoolExecutor

    folds = _LongFolds(2000)
    texts = [f"（责任单位：区民政局{i}）" * 30 for i in range(20)]

    def fold_all(k: int) -> bool:
        return all(folds.fold(t) == t.translate(_FOLD_TABLE) for t in (texts[k:] + texts[:k]) * 20)

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(fold_all, range(8)))
    assert folds.chars == sum(map(len, folds.kept)) <= 2000


@given(plan_text)
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


@given(plan_text)
def test_fold_works_character_by_character(text):
    assert fold(text) == "".join(fold(ch) for ch in text)


@given(plan_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


# -- noise and whitespace -----------------------------------------------------------
@pytest.mark.parametrize(
    "text, blanked",
    [
        # 002 浦东: a Word bookmark before a goals bullet
        ("[bookmark: _GoBack]——事业产业发展更加", " " * 19 + "——事业产业发展更加"),
        # 004 万州: before a step heading
        ("[bookmark: _GoBack]（一）启动实施阶段", " " * 19 + "（一）启动实施阶段"),
        ("[责任单位：市商务局]", "[责任单位：市商务局]"),
    ],
    ids=["bookmark before text", "bookmark before heading", "square-bracket note is no markup"],
)
def test_blank_noise(text, blanked):
    assert blank_noise(text) == blanked


@given(st.text(max_size=60), st.text(alphabet=st.characters(blacklist_characters="]"), max_size=20), st.text(max_size=60))
def test_blank_noise_keeps_length(before, inside, after):
    text = f"{before}[bookmark:{inside}]{after}"
    assert len(blank_noise(text)) == len(text)


@pytest.mark.parametrize(
    "text, squashed",
    [
        ("区民政局、 区财政局", "区民政局、区财政局"),                 # p08 西宁: 市委网信办、 市住房保障房产局
        ("区人力资源 社会保障局", "区人力资源社会保障局"),             # 001 崇明 indicator table
        ("从 0.84 万张增加到 1.01 万张", "从0.84万张增加到1.01万张"),  # 001 崇明
    ],
)
def test_squash_removes_whitespace(text, squashed):
    assert squash(text) == squashed
