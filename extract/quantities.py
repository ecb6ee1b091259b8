"""Numeric targets in running text (GUIDE.md "targets").

A target is a number with a measure word that the plan commits to: a count,
a share, a ratio, a per-capita standard, money. Each candidate is found by
its number and unit, then kept or dropped by the genre's rules: background
statistics, ages and eligibility thresholds, list counts, names such as
`15分钟养老服务圈`, dates, document and phone numbers are not targets.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from .dates import FIVE_YEAR_PLANS
from .numbers import ARABIC, CHINESE, MULTIPLIERS, parse_number, tidy
from .paths import SCHEMA_DIR
from .nlp import ends_word, entities
from .textnorm import fold


@dataclass(frozen=True)
class UnitWord:
    word: str
    normalised: str
    kind: str
    target_unit: bool
    factor: float


@dataclass(frozen=True)
class Comparator:
    phrase: str
    comparator: str
    position: str


@lru_cache(maxsize=1)
def unit_words() -> tuple[UnitWord, ...]:
    """`schema/unit_words.tsv`, longest word first."""
    with (SCHEMA_DIR / "unit_words.tsv").open(encoding="utf-8") as f:
        rows = [
            UnitWord(r["word"], r["normalised"], r["kind"], r["target_unit"] == "yes", float(r.get("factor") or 1))
            for r in csv.DictReader(f, delimiter="\t")
        ]
    return tuple(sorted(rows, key=lambda u: len(u.word), reverse=True))


@lru_cache(maxsize=1)
def comparators() -> tuple[Comparator, ...]:
    """`schema/comparators.tsv`, longest phrase first."""
    with (SCHEMA_DIR / "comparators.tsv").open(encoding="utf-8") as f:
        rows = [Comparator(fold(r["phrase"]), r["comparator"], r["position"]) for r in csv.DictReader(f, delimiter="\t")]
    return tuple(sorted(rows, key=lambda c: len(c.phrase), reverse=True))


def _word_pattern(word: str) -> str:
    """Latin unit words may be printed spaced out: `m ²` for `m²`."""
    if re.search(r"[A-Za-z²³]", word):
        return r"\s*".join(re.escape(ch) for ch in word)
    return re.escape(word)


@lru_cache(maxsize=1)
def _unit_regex() -> re.Pattern:
    words = [_word_pattern(fold(u.word)) for u in unit_words()]
    return re.compile("(" + "|".join(words) + ")")


@lru_cache(maxsize=None)
def _unit_by_text(matched: str) -> UnitWord | None:
    key = re.sub(r"\s+", "", matched)
    return next((u for u in unit_words() if fold(u.word) == key), None)


# 3-4个  2—3家  200-300元 (folded: — and － are `-`)
RANGE = re.compile(rf"({ARABIC}|{CHINESE})\s*[-~至到]\s*({ARABIC}|{CHINESE})")
NUMBER = re.compile(rf"(?<![\d.])({ARABIC}|{CHINESE})")
# 配比不低于1:4  医护比1:4
RATIO = re.compile(rf"(?<![\d.:])(\d+)\s*:\s*({ARABIC})(?![\d:])")
RATIO_CUE = re.compile(r"比|配比|比例")

# Clause and sentence boundaries (folded text).
SENTENCE_END = re.compile(r"[。;!?\n]")
CLAUSE_END = re.compile(r"[。;,!?\n:]")
# 到2024年 / 2024年底 / 到2025年末 / 至2023年
YEAR_CUE = re.compile(r"(?:到|至|于|在)?\s*(20\d{2})\s*年(?:底|末|前|内|年底|全年)?")
# 到"十四五"末
FIVE_YEAR_CUE = re.compile(r'"?(十[三四五]五)"?\s*(?:(?:时期|期)?末|期间|时期)')
# Words that make a clause a description of the past, not a commitment.
# `截至2022年底，全区养老床位总数达8547张`: the whole sentence looks back.
PAST_CUES = re.compile(r"截至|截止|十三五期间|\"十三五\"期间|过去")
# `在我区已建成的283个农村养老互助点基础上，每年新建…80个`: only the clause looks back.
CLAUSE_PAST_CUES = re.compile(r"已经|已达|已建成|已有|现有|共有|累计建成|目前")
# Words before a number that make it an eligibility threshold or a duration of a relief.
THRESHOLD_BEFORE = re.compile(r"(年满|满|连续|有效期|期限|贴息期|年龄|超过\d*岁|第|专栏|附件|拥有|持有)\s*$")
# `依托1个区级早教中心`: the existing network a task relies on (within its clause).
SUPPORT_CUES = re.compile(r"依托|利用现有")
# `由原来的30元…提高至50元`: the first number is the baseline of the second.
BASELINE_OF_LATER = re.compile(r"^[^,;。]*?(?:增加|提高|提升|上升|扩大|增长|下降|减少|降低)(?:到|至)")
# `按照4000户左右的规模`: a sizing rule's parameter.
SIZING_AFTER = re.compile(r"^\s*(?:左右)?的(?:规模|标准)(?:和标准)?统一")
# `50万元(含)以下` `1000万元及以上的` `90平方米以上的`: a size class, not a target.
THRESHOLD_AFTER = re.compile(r"^\s*(?:\(含\))?\s*(?:及|或)?(?:以上|以下)\s*(?:[\u4e00-\u9fa5]{0,4}的|项目|企业|住房|家庭|商品房|部分|工业|规模)")
# In a sentence that offers money, a quantity describing who qualifies
# (`组织不少于300人的大型团队`, `超过30套(含)不足100套的`) is a condition, not a target;
# `按不超过500元/人次的标准` is the offer itself.
QUALIFIER_AFTER = re.compile(r"^[^,;。]{0,12}?的(?!标准|比例|补贴|奖励|奖补|补助|贴息|消费券|资金|额度|上限)")
INCLUDED_MARK = re.compile(r"^\s*\(含|^[^,;。]{0,3}\(含")
# `年产30万吨电池级磷酸铁` `50万吨/年聚乙醇酸项目`: a plant's capacity names a project.
CAPACITY_BEFORE = re.compile(r"年产\s*$")
CAPACITY_AFTER = re.compile(r"^\s*/\s*年")
# `二套住房` `拥有1套住房`: which home, not how many.
HOME_ORDINAL_AFTER = re.compile(r"^(?:住房|房)")
# `8个提升计划` `18项主要任务` `五个重大清单`: counting the plan's own parts.
LIST_COUNT_AFTER = re.compile(
    r"^[\u4e00-\u9fa5\"“”]{0,4}?(?:(?:计划|任务|清单|举措|措施|行动|目标|领域|工程|功能|补贴|制度|政策)"
    r"(?=[,，。;；、和及与作的]|$)|方面|原则|环节|专栏|大类|专班)")
# `等4个方面` `8大类24项`: counting parts of a list.
LIST_COUNT_BEFORE = re.compile(r"(大类)\s*$")
# `全区18个乡镇`: the number of a place's divisions is no commitment.
DIVISION_COUNT = re.compile(r"^(?:个)?(?:乡镇|街道|街镇|镇|乡|区|县|市|村|社区|居委)")
# A number inside 《…》 or “…” names something.
NAME_SPAN = re.compile(r"《[^《》]*》|\"[^\"]{0,20}\"")
# Time units count only after words that compress or cap a time.
TIME_COMMIT = re.compile(r"(压缩|缩短|控制在|以内|内完成|内办结)")
# `24小时在线、8小时咨询、1小时响应`: a service-time promise, not a name (`24小时为老服务热线`).
SERVICE_TIME_AFTER = re.compile(r"^(在线|响应|咨询|办结|到达|到场|内)")
# Measure words that only date a day: `6月30日`, `2023年`.
CALENDAR_UNITS = ("年", "月", "日")
# 从 0.84 万张增加到 1.01 万张 / 由30元提高至50元
FROM_TO = re.compile(rf"(?:从|由)\s*(?:原来的?)?\s*({ARABIC})\s*([万亿]?)\S{{0,4}}?(?:增加|提高|提升|上升|扩大|增长|下降|减少|降低)?(?:到|至)\s*$")
BASELINE_AFTER = re.compile(r"^\s*\S{0,2}?(?:增加|提高|提升|上升|扩大|增长|下降|减少|降低)(?:到|至)")
FUNDING_EXCEPT = re.compile(r"产值|营收|营业收入|销售|收入|增加值|规模|交易额|消费额|社会消费品|GDP|总产值")
STANDARD_CUES = re.compile(r"每千|每百|每万|每个|每间|每名|每人|每户|每张|每床|配比|比例|占户籍|户籍老年人口的|常住人口的|人口的|标准")


@dataclass
class Quantity:
    start: int              # offsets of the number and unit in the text given
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


def _match_unit(folded: str, pos: int) -> tuple[UnitWord | None, int, float]:
    """The measure word at `pos`, after an optional 万/亿: returns (unit, end, multiplier)."""
    i = pos
    while i < len(folded) and folded[i] == " ":
        i += 1
    mult = 1.0
    if i < len(folded) and folded[i] in "余多" and _unit_regex().match(folded, i + 1):
        i += 1  # `240余座`: the comparator is read from the same place
    m = _unit_regex().match(folded, i)
    # a word of two characters or more must end where jieba ends a word: `28.25万户|籍` is no 万户
    if m and _unit_by_text(m.group(1)) and (len(m.group(1)) < 2 or ends_word(folded, m.end())):
        return _unit_by_text(m.group(1)), m.end(), mult
    if i < len(folded) and folded[i] in "万亿":
        mult = MULTIPLIERS[folded[i]]
        m = _unit_regex().match(folded, i + 1)
        if m and ends_word(folded, m.end()) and _unit_by_text(m.group(1)):
            return _unit_by_text(m.group(1)), m.end(), mult
        # `突破5亿` stands alone; `28.25万户籍老年人口` does not
        if i + 1 >= len(folded) or not re.match(r"[\u4e00-\u9fa5]", folded[i + 1]):
            return None, i + 1, mult
        return None, i, 0.0
    return None, i, mult


def _normalise(value: float, mult: float, unit: UnitWord | None) -> tuple[float, str | None]:
    """`1.01万张` -> (10100, '张'); `230000万元` -> (230000, '万元'); `4.4亿元` -> (4.4e8, '元')."""
    if unit is None:
        return tidy(value * mult), None
    value = value * unit.factor
    name = unit.normalised
    if name == "元" and mult == 1e4:
        return tidy(value), "万元"
    if name == "万元" and mult == 1e4:
        return tidy(value * 1e4), "万元"
    return tidy(value * mult), name


def _comparator(folded: str, clause_start: int, num_start: int, unit_end: int) -> str:
    inside = folded[num_start:unit_end]
    for c in comparators():
        if c.position == "inside" and re.search(rf"\d\s*{re.escape(c.phrase)}", inside):
            return c.comparator
    after = folded[unit_end:unit_end + 4]
    for c in comparators():
        if c.position == "after" and after.lstrip().startswith(c.phrase):
            return c.comparator
    # the measure word can sit after 余/多: `240余座`
    before = folded[max(clause_start, num_start - 12):num_start].rstrip()
    best, best_pos = "=", -1
    for c in comparators():
        if c.position != "before":
            continue
        pos = before.rfind(c.phrase)
        if pos >= 0 and pos + len(c.phrase) > best_pos:
            # 不低于 beats 低于 at the same end: longest first, keep the first found per end
            end = pos + len(c.phrase)
            if end > best_pos:
                best, best_pos = c.comparator, end
    return best


# A year is a target's horizon when it reads as one: `到2024年`, `2025年底`,
# `2022年，…`; not in a calendar date (`2023年1月1日—3月31日`) or as a
# modifier (`2022年35个老旧小区`).
NOT_HORIZON_AFTER = re.compile(r"^\s*\d")
# Deadline words that, in a plan of one year, give its targets that year.
ONE_YEAR_CUES = re.compile(r"全年|年底|年末|年内|今年|季度|月底|月末|月中旬|月上旬|月下旬|日前|月前|节前")
# Money a measure offers (a subsidy, a cap, a rate) holds while the measure
# does, so it takes no year from the plan: `分档给予企业最高50万元的奖励`.
OFFER_WORDS = re.compile(r"给予|补贴|奖励|奖补|补助|贴息|资助|减免|减按|优惠")


def _is_horizon(words: str, after: str) -> bool:
    if FIVE_YEAR_CUE.search(words):
        return True
    return not NOT_HORIZON_AFTER.match(after)


def _year(folded: str, sentence_start: int, num_start: int, one_year: int | None,
          inherited: int | None = None) -> int | None:
    """The horizon printed before the number in its paragraph: `到2024年…不少于9888张` -> 2024.

    Without one, `inherited` (the year a goals section or a project's
    construction period sets) applies, then, in a plan of one year, that
    year where the sentence names a deadline (`四季度`, `年底前`, `9月底`).
    """
    span = folded[:num_start]
    year = None
    if re.search(r"20\d{2}|十[三四五]五", span):
        for start, end, words in entities(span, "DATE"):
            if not _is_horizon(words, span[end:end + 2]):
                continue
            found = re.search(r"20\d{2}", words)
            five = FIVE_YEAR_CUE.search(words)
            year = int(found.group()) if found else FIVE_YEAR_PLANS[five.group(1)][1] if five else year
    if year is None:
        year = inherited
    clause = folded[sentence_start:num_start + 20]
    if year is None and one_year and ONE_YEAR_CUES.search(clause) and not OFFER_WORDS.search(clause):
        year = one_year
    return year


METRIC_TRIM_HEAD = re.compile(r"^(?:到|至|在|于)?\s*(?:20\d{2}\s*年(?:底|末)?|\"?十[三四五]五\"?(?:时期|期)?末)?\s*[,]?\s*(?:确保|力争|实现|推动|努力|争取|全区|全市|全省|全县)*")


# Verbs between the subject and the number: `全区至少建成3个康养社区`.
METRIC_TRAILING_VERBS = re.compile(
    r"(的|为|是|均|分别|各|达|达到|提高到|提高至|增加到|增加至|新增|建成|建设|建有|培育|完成|打造|形成|配备|设置|改造|提供|开展|推进|组织)+\s*$")
# What follows a count up to the next list item: `30个养老服务中心、129个…` -> 养老服务中心.
AFTER_NOUN = re.compile(r"^(?:以上|以内|左右|及以上|的)?\s*([^,，。;；、(（]{1,24})")
# A subject that only names a scope or a denominator needs the words after the number.
SCOPE_ONLY = re.compile(r"(^每|^按照?|的$|^占)")


def _subject_before(folded: str, raw: str, sentence_start: int, clause_start: int) -> str:
    """The subject an earlier clause of the sentence names, for a clause that
    only repeats the bound: `…建筑面积不低于每千人50平方米，到2035年不低于每千人60平方米`."""
    fb = folded[sentence_start:clause_start]
    cut = len(fb)
    for c in comparators():
        if c.position == "before" and len(c.phrase) > 1 and c.phrase in fb:
            cut = min(cut, fb.find(c.phrase))
    digit = re.search(r"\d", re.sub(r"20\d{2}\s*年", lambda m: " " * len(m.group()), fb))
    if digit:
        cut = min(cut, digit.start())
    subject = raw[sentence_start:sentence_start + cut]
    m = METRIC_TRIM_HEAD.match(folded[sentence_start:sentence_start + cut])
    return subject[m.end():].strip() if m else subject.strip()


def _metric(folded: str, raw: str, clause_start: int, num_start: int, unit_end: int, clause_end: int,
            unit_kind: str = "count", sentence_start: int | None = None) -> str:
    """What is measured, in the plan's words.

    `到2024年全区养老床位总量不少于9888张` -> `养老床位总量`;
    `建成30个养老服务中心、129个社区养老服务站` -> `养老服务中心`, `社区养老服务站`;
    `每个乡镇至少建设1个康复辅具社区租赁服务实体点` -> `每个乡镇康复辅具社区租赁服务实体点`.
    """
    before, fb = raw[clause_start:num_start], folded[clause_start:num_start]
    # comparator words anywhere in the subject: `到2035年不低于每千人` -> `每千人`
    for c in comparators():
        # a one-character phrase (约, 超, 达) only where it meets the number: 签约率 keeps its 约
        found = c.phrase in fb if len(c.phrase) > 1 else fb.rstrip().endswith(c.phrase)
        if c.position == "before" and found:
            cut = fb.rfind(c.phrase)
            before = before[:cut] + before[cut + len(c.phrase):]
            fb = fb[:cut] + fb[cut + len(c.phrase):]
    m = METRIC_TRIM_HEAD.match(fb)
    if m:
        before = before[m.end():]
    head = re.split(r"从|由", before)[0]
    if len(head.strip()) >= 2:
        before = head
    before = METRIC_TRAILING_VERBS.sub("", before.strip()).strip()
    after_m = AFTER_NOUN.match(raw[unit_end:clause_end].strip())
    after = after_m.group(1).strip() if after_m else ""
    if unit_kind == "count" and after and not re.match(r"^(以上|以内|左右)", after):
        scope = before if before.startswith("每") else ""
        return (scope + after)[:40]
    if len(before) >= 2 and not SCOPE_ONLY.search(before):
        return before[-30:]
    if sentence_start is not None and sentence_start < clause_start and not after:
        subject = _subject_before(folded, raw, sentence_start, clause_start)
        if len(subject) >= 2:
            return (subject + before)[-40:]
    return (before + after)[:40] if before else after[:30]


def _kind(unit: str | None, metric: str, clause: str) -> str:
    if unit in ("元", "万元") and not FUNDING_EXCEPT.search(metric + clause):
        return "funding"
    if unit == "ratio" or STANDARD_CUES.search(clause) and unit in ("%", "平方米", "ratio", "名", "张", "个", "人", "床"):
        if re.search(r"每年", clause) and unit not in ("%", "ratio"):
            return "target"
        return "standard"
    return "target"


def find_quantities(text: str, one_year: int | None = None, inherited_year: int | None = None) -> list[Quantity]:
    """Every committed quantity in `text`.

    >>> [(q.value, q.unit, q.comparator, q.year) for q in find_quantities("到2024年全区养老床位总量不少于9888张。")]
    [(9888.0, '张', '>=', 2024)]
    """
    folded = fold(text)
    names = [m.span() for m in NAME_SPAN.finditer(folded)]
    out: list[Quantity] = []
    taken: set[int] = set()
    candidates: list[tuple[int, int, str, float, float | None]] = []
    for m in RANGE.finditer(folded):
        lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
        if lo is not None and hi is not None and lo < hi and not re.match(r"20\d{2}$", m.group(1)):
            candidates.append((m.start(), m.end(), m.group(), lo, hi))
            taken.update(range(m.start(), m.end()))
    for m in NUMBER.finditer(folded):
        if m.start() in taken:
            continue
        v = parse_number(m.group(1))
        if v is not None:
            candidates.append((m.start(), m.end(), m.group(1), v, None))
    for m in RATIO.finditer(folded):
        if RATIO_CUE.search(folded[max(0, m.start() - 8):m.start()]) or RATIO_CUE.match(folded[m.end():m.end() + 3].lstrip("的")):
            out.append(_ratio(text, folded, m, one_year, inherited_year))
            taken.update(range(m.start(), m.end()))
    for start, end, token, value, value_max in sorted(candidates):
        if start in taken and value_max is None:
            continue
        if any(a <= start < b for a, b in names):
            continue
        q = _candidate(text, folded, start, end, token, value, value_max, one_year, inherited_year)
        if q is not None:
            out.append(q)
    return sorted(out, key=lambda q: q.start)


def _clause_bounds(folded: str, start: int, pattern: re.Pattern) -> tuple[int, int]:
    left = max((m.end() for m in pattern.finditer(folded, 0, start)), default=0)
    right = pattern.search(folded, start)
    return left, right.start() if right else len(folded)


def _candidate(text, folded, start, end, token, value, value_max, one_year, inherited_year) -> Quantity | None:
    # digits glued to letters (5G, IPv6) or a year (2024年) are no quantities
    if start > 0 and re.match(r"[A-Za-z]", folded[start - 1]):
        return None
    unit, unit_end, mult = _match_unit(folded, end)
    if unit is None and mult in (0.0, 1.0):
        return None
    # `从 0.84 万张增加到 1.01 万张`: the first number is the baseline of the second
    if BASELINE_AFTER.match(folded[unit_end:unit_end + 8]):
        return None
    if unit is not None and not unit.target_unit:
        if unit.kind != "time" or unit.normalised in CALENDAR_UNITS:
            return None
        clause_s, _ = _clause_bounds(folded, start, CLAUSE_END)
        before, after = folded[clause_s:start], folded[unit_end:unit_end + 2]
        if not (TIME_COMMIT.search(folded[clause_s:unit_end + 3]) or SERVICE_TIME_AFTER.match(after)
                or re.search(r"(不少于|至少|不低于)\s*$", before)):
            return None
    if re.match(r"20\d{2}$", token) and unit is not None and unit.normalised in ("年",):
        return None
    sent_s, sent_e = _clause_bounds(folded, start, SENTENCE_END)
    clause_s, clause_e = _clause_bounds(folded, start, CLAUSE_END)
    if THRESHOLD_BEFORE.search(folded[max(sent_s, start - 6):start]):
        return None
    if THRESHOLD_AFTER.match(folded[unit_end:unit_end + 12]):
        return None
    if INCLUDED_MARK.match(folded[unit_end:unit_end + 8]) or folded[max(0, start - 2):start] == "(含":
        return None
    if CAPACITY_BEFORE.search(folded[max(0, start - 3):start]) or CAPACITY_AFTER.match(folded[unit_end:unit_end + 3]):
        return None
    if unit is not None and unit.normalised == "套" and value <= 3 and HOME_ORDINAL_AFTER.match(folded[unit_end:unit_end + 2]):
        return None
    if (OFFER_WORDS.search(folded[sent_s:sent_e]) and unit is not None and unit.kind != "money"
            and QUALIFIER_AFTER.match(folded[unit_end:unit_end + 16])):
        return None
    if unit is not None and unit.kind == "count" and LIST_COUNT_BEFORE.search(folded[max(0, start - 3):start]):
        return None
    if unit is not None and unit.normalised == "个" and DIVISION_COUNT.match(folded[unit_end:unit_end + 3]) \
            and re.search(r"全(?:区|市|县|省)\s*$", folded[max(0, start - 4):start]):
        return None
    if unit is not None and unit.kind == "count" and value_max is None and LIST_COUNT_AFTER.match(folded[unit_end:unit_end + 10]):
        if not re.search(r"不少于|至少|新增|建成|建设|培育|打造|达到|超过", folded[clause_s:start]):
            return None
    if PAST_CUES.search(folded[sent_s:start]) and not FROM_TO.search(folded[clause_s:start]):
        return None
    if CLAUSE_PAST_CUES.search(folded[clause_s:start]) and not FROM_TO.search(folded[clause_s:start]):
        return None
    if SUPPORT_CUES.search(folded[clause_s:start]):
        return None
    if re.search(r"从|由", folded[clause_s:start]) and BASELINE_OF_LATER.match(folded[unit_end:clause_e]):
        return None
    if SIZING_AFTER.match(folded[unit_end:unit_end + 12]):
        return None
    v, unit_name = _normalise(value, mult, unit)
    vmax = _normalise(value_max, mult, unit)[0] if value_max is not None else None
    comparator = "range" if value_max is not None else _comparator(folded, clause_s, start, unit_end)
    year = _year(folded, sent_s, start, one_year, inherited_year)
    baseline = None
    fm = FROM_TO.search(folded[clause_s:start])
    if fm:
        b_unit, _, b_mult = _match_unit(folded, clause_s + fm.end(1))
        b_value = parse_number(fm.group(1))
        if b_value is not None:
            baseline = _normalise(b_value, b_mult or 1.0, b_unit or unit)[0]
    metric = _metric(folded, text, clause_s, start, unit_end, clause_e, unit.kind if unit else "count", sent_s)
    kind = _kind(unit_name, metric, text[sent_s:sent_e])
    return Quantity(start, unit_end, text[start:unit_end], v, vmax, unit_name, unit.kind if unit else "count",
                    comparator, year, baseline, None, metric, kind, clause_s, clause_e, sent_s, sent_e)


def _ratio(text, folded, m, one_year, inherited_year) -> Quantity:
    sent_s, sent_e = _clause_bounds(folded, m.start(), SENTENCE_END)
    clause_s, clause_e = _clause_bounds(folded, m.start(), CLAUSE_END)
    comparator = _comparator(folded, clause_s, m.start(), m.end())
    metric = _metric(folded, text, clause_s, m.start(), m.end(), clause_e)
    return Quantity(m.start(), m.end(), text[m.start():m.end()], float(m.group(2)), None, "ratio", "ratio",
                    comparator, _year(folded, sent_s, m.start(), one_year, inherited_year), None, None, metric, "standard",
                    clause_s, clause_e)
