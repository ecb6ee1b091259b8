"""Vocabularies of quantities: unit words and comparator phrases load and agree with the gold."""

import json
import os
from pathlib import Path

import pytest

from extract.figures.vocab_quantities import COMPARATORS, load_comparators, load_unit_words

SHARED_DIR = Path(os.environ.get("KB_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
GOLD_DIRS = [SHARED_DIR / "gold", SHARED_DIR / "devset" / "gold", SHARED_DIR / "devset" / "html" / "gold"]

# The normalised units that gold/GUIDE.md lists under targets.unit.
GUIDE_UNITS = {"%", "张", "个", "家", "户", "人", "人次", "平方米", "万元", "元", "客", "床", "名", "处", "次", "课时", "ratio", "‰"}

# Normalised units that neither GUIDE.md lists nor any gold target uses yet,
# each kept for a measure that plans print.
DOCUMENTED_UNITS = {
    "批": "batches of pilots or projects",
    "条": "roads, lines, routes",
    "辆": "vehicles",
    "平方公里": "land area",
    "公顷": "land area",
    "公里": "length; 千米 is folded into it",
    "米": "length",
    "立方米": "volume",
    "千瓦": "power capacity",
    "千伏安": "transformer capacity",
    "兆瓦": "generating capacity",
    "千瓦时": "energy",
    "吨": "mass",
    "吨标准煤": "energy saved, in standard coal",
    "公斤": "mass",
    "亩": "land area",
    "项": "projects, items",
    "间": "rooms",
    "套": "dwellings, sets",
    "台": "machines",
    "座": "structures: sluices, parks",
    "所": "schools, institutions",
    "支": "teams",
    "场": "events",
    "场次": "sessions",
    "批次": "batches of inspection",
    "家次": "firm-visits",
    "位": "childcare places",
    "条段": "river sections",
    "年一遇": "design return periods (a standard)",
    "美元": "money in US dollars",
    "个百分点": "percentage points",
    "个基点": "basis points",
    "个工作日": "processing-time limits",
    "小时": "durations; promised service hours",
    "个月": "periods; promised time limits",
    "岁": "ages; life expectancy",
    "EFLOPS": "computing power",
    "对": "train pairs",
    "倍": "multiples",
    "天": "durations (not a target unit)",
    "日": "dates (not a target unit)",
    "分钟": "durations in names (not a target unit)",
    "周": "periods (not a target unit)",
    "月": "dates (not a target unit)",
    "年": "dates and periods (not a target unit)",
    "周岁": "eligibility ages (not a target unit)",
}


def gold_units():
    units = set()
    for folder in GOLD_DIRS:
        for path in folder.glob("*.json"):
            units |= {t["unit"] for t in json.loads(path.read_text(encoding="utf-8"))["targets"] if t["unit"]}
    return units


def test_unit_words_load():
    words = load_unit_words()
    assert len(words) > 50
    assert len({w.word for w in words}) == len(words), "a word is listed twice"


@pytest.mark.parametrize("unit_word", load_unit_words(), ids=lambda w: w.word)
def test_unit_word_is_known_and_documented(unit_word):
    assert unit_word.note, "every row carries an example or an explanation"
    assert unit_word.factor in (1, 10_000, 100_000_000)
    if unit_word.unit in GUIDE_UNITS | set(DOCUMENTED_UNITS):
        return
    if not any(folder.is_dir() for folder in GOLD_DIRS):
        pytest.skip(f"{unit_word.unit!r} is neither in GUIDE.md's list nor documented here, and the gold that may "
                    f"use it ({SHARED_DIR / 'gold'}) is not beside this clone")
    assert unit_word.unit in gold_units()


# Words every quantity parser needs (the brief's list), and the gold's conventions.
@pytest.mark.parametrize(
    "word, unit, factor, target_unit",
    [
        ("%", "%", 1, True),
        ("％", "%", 1, True),  # 岗前培训率达到100％
        ("个百分点", "个百分点", 1, True),
        ("‰", "‰", 1, True),
        ("张", "张", 1, True),
        ("万张", "张", 10_000, True),  # 1.01 万张 → 10100 张
        ("床", "床", 1, True),
        ("个点", "个", 1, True),  # 全区 18 个乡镇计划设 26 个点
        ("万元", "万元", 1, True),  # kept as printed: 最高不超过5000万元
        ("亿元", "元", 100_000_000, True),  # 计划投资 4.4 亿元 → 440000000 元
        ("万吨", "吨", 10_000, True),  # 原煤产量3500万吨左右
        ("万名", "名", 10_000, True),
        ("万家", "家", 10_000, True),
        ("万亩", "亩", 10_000, True),
        ("亿千瓦时", "千瓦时", 100_000_000, True),  # 发电量520亿千瓦时以上
        ("㎡", "平方米", 1, True),
        ("平米", "平方米", 1, True),
        ("万平方米", "平方米", 10_000, True),  # 建筑面积120万平方米
        ("课时", "课时", 1, True),  # 每年不少于 72 课时
        ("个基点", "个基点", 1, True),
        ("岁", "岁", 1, False),  # 65岁以上
        ("周岁", "周岁", 1, False),  # 年满80周岁
        ("分钟", "分钟", 1, False),  # 15分钟养老服务圈
        ("年", "年", 1, False),
        ("月", "月", 1, False),
        ("天", "天", 1, False),
        ("日", "日", 1, False),
        ("小时", "小时", 1, False),
    ],
)
def test_unit_word_convention(word, unit, factor, target_unit):
    found = {w.word: w for w in load_unit_words()}[word]
    assert (found.unit, found.factor, found.target_unit) == (unit, factor, target_unit)


@pytest.mark.parametrize(
    "word",
    "% ％ 个百分点 ‰ 张 床 个 家 户 人 人次 名 位 所 处 项 条 座 间 套 台 辆 场 支 批 次 课时 平方米 平米 ㎡ "
    "万平方米 亩 万亩 公里 千米 米 吨 万吨 千瓦时 亿千瓦时 元 万元 亿元 客 个点 倍 天 日 小时 分钟 周 月 年 "
    "岁 周岁 基点 个基点".split(),
)
def test_required_unit_word_is_listed(word):
    assert word in {w.word for w in load_unit_words()}


@pytest.mark.parametrize("suffix", ["万", "亿"])
def test_bare_multiplier_is_not_a_unit_word(suffix):
    # 突破5亿 has no measure word: the number parser multiplies it out, and a
    # unit word 亿 would give the target an empty unit.
    assert suffix not in {w.word for w in load_unit_words()}


def test_comparators_load():
    phrases = load_comparators()
    assert len(phrases) > 40
    assert len({(c.phrase, c.position) for c in phrases}) == len(phrases)


@pytest.mark.parametrize("phrase", load_comparators(), ids=lambda c: c.phrase)
def test_comparator_is_one_of_the_six(phrase):
    assert phrase.comparator in COMPARATORS
    assert phrase.position in ("before", "after", "inside")
    assert phrase.note


# The brief's groups and the gold quotes that decided the hard ones.
@pytest.mark.parametrize(
    "phrase, position, comparator",
    [
        ("不低于", "before", ">="),
        ("不少于", "before", ">="),
        ("至少", "before", ">="),
        ("不小于", "before", ">="),
        ("≥", "before", ">="),
        ("以上", "after", ">="),  # 四季度发电量520亿千瓦时以上
        ("及以上", "after", ">="),
        ("不高于", "before", "<="),
        ("不超过", "before", "<="),
        ("最高不超过", "before", "<="),  # 最高不超过5000万元
        ("最高", "before", "<="),  # 单个企业最高300万元
        ("最多", "before", "<="),
        ("控制在", "before", "<="),  # 城镇调查失业率控制在5.5%以内
        ("上限", "before", "<="),
        ("≤", "before", "<="),
        ("以内", "after", "<="),
        ("以下", "after", "<="),
        ("超过", "before", ">"),
        ("大于", "before", ">"),
        ("突破", "before", ">"),  # 实现标识注册总量突破5亿
        ("逾", "before", ">"),
        ("多于", "before", ">"),
        ("超", "before", ">"),  # 顾问团队超300人
        ("余", "inside", ">"),  # 建设240余座蔬菜制种育苗大棚
        ("多", "inside", ">"),  # 300多个, never after a measure word: 30个多功能服务站
        ("低于", "before", "<"),
        ("少于", "before", "<"),
        ("不足", "before", "<"),
        ("小于", "before", "<"),
        ("达到", "before", "="),
        ("达", "before", "="),
        ("完成", "before", "="),
        ("建成", "before", "="),
        ("提高到", "before", "="),
        ("提高至", "before", "="),
        ("增加到", "before", "="),
        ("新增", "before", "="),
        ("力争", "before", "="),
        ("左右", "after", "~"),  # 四季度原煤产量3500万吨左右
        ("约", "before", "~"),  # 总建筑面积约 63925 m ²
        ("大约", "before", "~"),
        ("近", "before", "~"),
        ("上下", "after", "~"),
    ],
)
def test_comparator_phrase(phrase, position, comparator):
    found = {(c.phrase, c.position): c.comparator for c in load_comparators()}
    assert found[(phrase, position)] == comparator


def test_bad_comparator_row_is_refused(tmp_path):
    path = tmp_path / "comparators.tsv"
    path.write_text("phrase\tcomparator\tposition\tnote\n不低于\t≥\tbefore\tx\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_comparators.__wrapped__(path)
