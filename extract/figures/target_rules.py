"""Which numbers with a measure word are not targets (GUIDE.md "Exclude").

Each rule is a small named function over a `Candidate` — the number, its
measure word and the text around it — that returns True when the number is
not a commitment. `RULES` lists them in the order they are tried; the first
that fires names the reason. Every pattern carries a real example.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from extract.figures.horizons import OFFER_WORDS
from extract.text.numbers import ARABIC
from extract.figures.vocab_quantities import UnitWord


@dataclass(frozen=True)
class Candidate:
    folded: str
    start: int              # the number
    end: int
    token: str
    value: float
    value_max: float | None
    unit: UnitWord | None
    unit_end: int
    sentence: tuple[int, int]
    clause: tuple[int, int]

    def before(self, n: int | None = None, within: str = "text") -> str:
        """Text before the number: the last `n` characters, or the clause / sentence."""
        if within == "clause":
            return self.folded[self.clause[0]:self.start]
        if within == "sentence":
            return self.folded[self.sentence[0]:self.start]
        return self.folded[max(0, self.start - (n or 0)):self.start]

    def after(self, n: int | None = None, within: str = "text") -> str:
        """Text after the measure word: the next `n` characters, or to the clause's end."""
        if within == "clause":
            return self.folded[self.unit_end:self.clause[1]]
        return self.folded[self.unit_end:self.unit_end + (n or 0)]

    def is_count(self) -> bool:
        return self.unit is not None and self.unit.kind == "count"


# 从 0.84 万张增加到 1.01 万张 / 由30元提高至50元: the text before the target names its baseline
# `由12万吨/天，提高至24万吨/天` `比例从6%-10%提高至10%-20%` `比例0.8-1调整为0.6-0.8`
FROM_TO = re.compile(rf"(?:从|由|比例)\s*(?:原来的?)?\s*({ARABIC})\s*([万亿]?)[^,;。\d]{{0,4}}?(?:[-~]\s*{ARABIC}\S{{0,2}}?)?\s*,?\s*"
                     r"(?:(?:增加|提高|提升|上升|扩大|增长|下降|减少|降低)?(?:到|至)|调整为|调整到)\s*$")
# …0.84 万张增加到…, …12万吨/天，提高至…: this number is the baseline of the next
BASELINE_AFTER = re.compile(r"^\s*\S{0,3}?\s*[,]?\s*(?:(?:增加|提高|提升|上升|扩大|增长|下降|减少|降低)(?:到|至)|调整为|调整到)")
# `由原来的30元每人每月和100元每人每月提高至50元`: every number before 提高至 is a baseline
BASELINE_OF_LATER = re.compile(r"^[^,;。]*?(?:增加|提高|提升|上升|扩大|增长|下降|减少|降低)(?:到|至)")
# `截至2022年底，全区养老床位总数达8547张`: the whole sentence looks back.
PAST_CUES = re.compile(r"截至|截止|十三五期间|\"十三五\"期间|过去|以来")
# `在我区已建成的283个农村养老互助点基础上，每年新建…80个`: only the clause looks back.
CLAUSE_PAST_CUES = re.compile(r"已经|已达|已建成|已有|现有|共有|累计建成|目前")
# `依托1个区级早教中心、40个早教指导站`: the existing network a task relies on.
SUPPORT_CUES = re.compile(r"依托|利用现有")
# `年满80周岁` `连续3年` `有效期五年` `第3` `专栏1` `拥有1套住房`: a condition, an ordinal, a label.
THRESHOLD_BEFORE = re.compile(r"(年满|满|连续|有效期|期限|贴息期|年龄|超过\d*岁|第|专栏|附件|拥有|持有)\s*$")
# `50万元(含)以下` `1000万元及以上的` `100张以上床位的养老机构`: a size class.
THRESHOLD_AFTER = re.compile(
    r"^\s*(?:\(含\))?\s*(?:及|或)?(?:以上|以下)\s*(?:[\u4e00-\u9fa5]{0,4}的|项目|企业|住房|家庭|商品房|部分|工业|规模|新建|建筑)")
# `建筑面积在90平方米以上按照10000元/套标准`: `在…以上` states a size class, a condition.
SIZE_CLASS_BEFORE = re.compile(r"(?<!控制|保持|稳定|维持|提高|降低|达到)在\s*$")
SIZE_CLASS_AFTER = re.compile(r"^\s*(?:\(含\))?\s*(?:及|或)?(?:以上|以下|以内)")
# `超过30套(含)不足100套的` `300万美元(含)以下`: a bracket that includes the bound.
INCLUDED_MARK = re.compile(r"^\s*\(含|^[^,;。]{0,3}\(含\)")
# In a sentence that offers money, a quantity describing who qualifies
# (`组织不少于300人的大型团队，…给予…奖补`) is a condition; `按不超过500元/人次的标准` is the offer.
QUALIFIER_AFTER = re.compile(r"^[^,;。]{0,12}?的(?!标准|比例|补贴|奖励|奖补|补助|贴息|消费券|资金|额度|上限|税率|费率|利率)")
# `年产30万吨电池级磷酸铁` `50万吨/年聚乙醇酸项目`: a plant's capacity names a project.
CAPACITY_BEFORE = re.compile(r"年产\s*$")
CAPACITY_AFTER = re.compile(r"^\s*/\s*年")
# `二套住房`: which home, not how many.
HOME_ORDINAL_AFTER = re.compile(r"^(?:住房|房)")
# `8个提升计划` `18项主要任务` `4个方面23项` `两项补贴`: counting the plan's own parts.
LIST_COUNT_AFTER = re.compile(
    r"^[\u4e00-\u9fa5\"“”]{0,4}?(?:(?:计划|任务|清单|举措|措施|行动|目标|领域|工程|功能|补贴|制度|政策)"
    r"(?=[,，。;；、和及与作的]|$)|方面|原则|环节|专栏|大类|专班|门类|梯队)")
# …unless the clause commits to them: `全区至少建成3个…工程`
LIST_COUNT_COMMITS = re.compile(r"不少于|至少|新增|建成|建设|培育|打造|达到|超过")
# `8大类24项服务功能`
LIST_COUNT_BEFORE = re.compile(r"大类\s*$")
# `全区18个乡镇`: the number of a place's divisions.
DIVISION_COUNT = re.compile(r"^(?:个)?(?:乡镇|街道|街镇|镇|乡|区|县|市|村|社区|居委)")
WHOLE_PLACE_BEFORE = re.compile(r"全(?:区|市|县|省)\s*$")
# `按照4000户左右的规模和标准统一配建`: a sizing rule's parameter.
SIZING_AFTER = re.compile(r"^\s*(?:左右)?的(?:规模|标准)(?:和标准)?统一")
# Time units count only where a time is compressed or promised.
TIME_COMMIT = re.compile(r"(压缩|缩短|控制在|以内|内完成|内办结)")
# `24小时在线、8小时咨询、1小时响应`, not `24小时为老服务热线`.
SERVICE_TIME_AFTER = re.compile(r"^(在线|响应|咨询|办结|到达|到场|内)")
MINIMUM_BEFORE = re.compile(r"(不少于|至少|不低于)\s*$")
# `保洁频率提升至15天完成1次`: an interval norm is its days; the `1次` after it counts nothing.
INTERVAL_AFTER = re.compile(r"^\s*(?:/\d+天)?\s*(?:完成|开展|进行|组织|巡查|检查)?\s*(?:1|一)\s*次")
INTERVAL_BEFORE = re.compile(r"\d+\s*天\s*(?:完成|开展|进行|组织|巡查|检查)?\s*$")
# Measure words that only date a day: `6月30日`, `2023年`.
CALENDAR_UNITS = ("年", "月", "日")


def glued_to_letters(c: Candidate) -> bool:
    """`5G` `IPv6`: digits in a name."""
    return c.start > 0 and bool(re.match(r"[A-Za-z]", c.folded[c.start - 1]))


def baseline_of_next(c: Candidate) -> bool:
    """`从 0.84 万张增加到 1.01 万张`: 0.84万 is the next number's baseline."""
    if BASELINE_AFTER.match(c.after(8)):
        return True
    return bool(re.search(r"从|由", c.before(within="clause")) and BASELINE_OF_LATER.match(c.after(within="clause")))


def not_a_target_unit(c: Candidate) -> bool:
    """Ages, dates and durations (`65岁`, `6月30日`, `15分钟`), unless a time is promised
    (`压缩至1个月以内`, `24小时在线`, `不少于3000小时`)."""
    if c.unit is None or c.unit.target_unit:
        return False
    if c.unit.kind != "time" or c.unit.unit in CALENDAR_UNITS:
        return True
    committed = (TIME_COMMIT.search(c.folded[c.clause[0]:c.unit_end + 3]) or SERVICE_TIME_AFTER.match(c.after(2))
                 or MINIMUM_BEFORE.search(c.before(within="clause")) or INTERVAL_AFTER.match(c.after(12)))
    return not committed


def threshold(c: Candidate) -> bool:
    """Eligibility thresholds, size classes, ordinals and labels."""
    return bool(THRESHOLD_BEFORE.search(c.folded[max(c.sentence[0], c.start - 6):c.start])
                or THRESHOLD_AFTER.match(c.after(12))
                or (SIZE_CLASS_BEFORE.search(c.before(3)) and SIZE_CLASS_AFTER.match(c.after(6)))
                or INCLUDED_MARK.match(c.after(8)) or c.before(2) == "(含")


def capacity_in_a_name(c: Candidate) -> bool:
    return bool(CAPACITY_BEFORE.search(c.before(3)) or CAPACITY_AFTER.match(c.after(3)))


def home_ordinal(c: Candidate) -> bool:
    return c.unit is not None and c.unit.unit == "套" and c.value <= 3 and bool(HOME_ORDINAL_AFTER.match(c.after(2)))


def qualifies_for_an_offer(c: Candidate) -> bool:
    """`组织不少于300人的大型团队，分别给予地接社1万元奖补`: 300人 is who qualifies."""
    offer = OFFER_WORDS.search(c.folded[c.sentence[0]:c.sentence[1]])
    return bool(offer) and c.unit is not None and c.unit.kind != "money" and bool(QUALIFIER_AFTER.match(c.after(16)))


def list_count(c: Candidate) -> bool:
    """`8个提升计划` `4个方面` `8大类24项`: parts of the plan's own lists."""
    if not c.is_count():
        return False
    if LIST_COUNT_BEFORE.search(c.before(3)):
        return True
    return (c.value_max is None and bool(LIST_COUNT_AFTER.match(c.after(10)))
            and not LIST_COUNT_COMMITS.search(c.before(6)))


def division_count(c: Candidate) -> bool:
    """`全区18个乡镇`."""
    return (c.unit is not None and c.unit.unit == "个" and bool(DIVISION_COUNT.match(c.after(3)))
            and bool(WHOLE_PLACE_BEFORE.search(c.before(4))))


def looks_back(c: Candidate) -> bool:
    """Background figures: `截至2022年底…达8547张`, `已建成的283个`, `依托1个区级早教中心`."""
    clause = c.before(within="clause")
    if FROM_TO.search(clause):
        return False
    return bool(PAST_CUES.search(c.before(within="sentence")) or CLAUSE_PAST_CUES.search(clause)
                or SUPPORT_CUES.search(clause))


def once_per_interval(c: Candidate) -> bool:
    """`15天完成1次`: the 1次 of an interval norm."""
    return c.unit is not None and c.unit.unit == "次" and c.value == 1 and bool(INTERVAL_BEFORE.search(c.before(12)))


# `我区涉及此类整治面积约1068亩` `全区低洼圩区分布于14个乡镇，共计64处`: a clause that describes what there is.
SITUATION_VERBS = re.compile(r"涉及|分布于|分布在|现状|现为")
# `实现6座水闸（含横沙东滩三期水闸1座）`: a figure inside a parenthesis that says what a total includes.
INCLUSION_PAREN = re.compile(r"\((?:含|包括|其中)[^()]*$")
# `安远路899项目` `西藏北路970弄`: a house number of an address.
ADDRESS_BEFORE = re.compile(r"(?:路|街|巷|里)\s*$")
ADDRESS_AFTER = re.compile(r"^\s*(?:号|弄|支弄|项目|地块)")
# `站点周边50米内` `半径500米范围内`: the reach of a measure, not a quantity to build.
SCOPE_BEFORE = re.compile(r"(?:周边|周围|半径|沿线|两侧|距离|范围)\s*$")
SCOPE_AFTER = re.compile(r"^\s*(?:范围)?(?:内|以内)")
# `注：海绵城市建设用地面积要求按照100.9平方公里计。`: a note under a table explains, it commits to nothing.
NOTE_LINE = re.compile(r"^\s*(?:注|备注|说明)\s*\d?\s*[:.]")
# `11.121人才梯队项目。`: the item's own number run into text that starts with a digit.
ITEM_NUMBER_TOKEN = re.compile(r"^\d{1,3}\.\d")
# `用好“河长办”“防汛办”两个平台` `做到机构、编制、人员、经费四个到位`: a count of the items just named.
ENUMERATION_BEFORE = re.compile(r'((?:"[^"]{1,12}"\s*){2,}|(?:[\u4e00-\u9fa5]{1,8}、){1,9}[\u4e00-\u9fa5]{1,8})\s*$')
CHINESE_SMALL = "两二三四五六七八九十"


def describes_the_situation(c: Candidate) -> bool:
    """`我区涉及此类整治面积约1068亩`, `（含横沙东滩三期水闸1座）`: a description inside the work list."""
    return bool(SITUATION_VERBS.search(c.before(within="clause")) or INCLUSION_PAREN.search(c.before(20)))


def address_number(c: Candidate) -> bool:
    """`安远路899项目`: a house number."""
    return bool(ADDRESS_BEFORE.search(c.before(2))) and bool(ADDRESS_AFTER.match(c.folded[c.end:c.end + 4]))


def reach_of_a_measure(c: Candidate) -> bool:
    """`强化轨道交通站点周边50米内配套公交基础设施建设`."""
    return (c.unit is not None and c.unit.kind == "length" and bool(SCOPE_BEFORE.search(c.before(4)))
            and bool(SCOPE_AFTER.match(c.after(4))))


def in_a_note(c: Candidate) -> bool:
    """`注：…按照100.9平方公里计。`"""
    line_start = c.folded.rfind("\n", 0, c.start) + 1
    return bool(NOTE_LINE.match(c.folded[line_start:line_start + 8]))


def item_number(c: Candidate) -> bool:
    """`11.121人才梯队项目`: a number at the head of a paragraph that runs an item number into its text."""
    line_start = c.folded.rfind("\n", 0, c.start) + 1
    return c.start == line_start and bool(ITEM_NUMBER_TOKEN.match(c.token))


def counts_the_items_named(c: Candidate) -> bool:
    """`“河长办”“防汛办”两个平台`, `机构、编制、人员、经费四个到位`: the number of the items just listed."""
    if c.token not in CHINESE_SMALL and not (len(c.token) == 2 and c.token[0] == "十"):
        return False
    m = ENUMERATION_BEFORE.search(c.before(80))
    if not m:
        return False
    listed = m.group(1)
    n = listed.count('"') // 2 if '"' in listed else listed.count("、") + 1
    return n == c.value


def sizing_parameter(c: Candidate) -> bool:
    return bool(SIZING_AFTER.match(c.after(12)))


RULES: tuple[Callable[[Candidate], bool], ...] = (
    glued_to_letters, baseline_of_next, not_a_target_unit, threshold, capacity_in_a_name, home_ordinal,
    qualifies_for_an_offer, list_count, division_count, looks_back, sizing_parameter, once_per_interval,
    describes_the_situation, address_number, reach_of_a_measure, in_a_note, item_number, counts_the_items_named,
)


def exclusion(c: Candidate) -> str | None:
    """The name of the first rule that says `c` is not a target, or None."""
    return next((rule.__name__ for rule in RULES if rule(c)), None)
