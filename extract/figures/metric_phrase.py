"""What a target measures, and what kind of target it is, in the plan's words.

`到2024年全区养老床位总量不少于9888张` -> `养老床位总量` (target);
`每个乡镇至少建设1个康复辅具社区租赁服务实体点` -> `每个乡镇康复辅具社区租赁服务实体点`;
`最高不超过5000万元` -> funding.
"""
from __future__ import annotations

import re

from extract.figures.measures import comparator_phrases

# `到2024年` `到"十四五"末` `确保` `全区` before the subject.
METRIC_TRIM_HEAD = re.compile(
    r"^(?:到|至|在|于)?\s*(?:20\d{2}\s*年(?:底|末)?|\"?十[三四五]五\"?(?:时期|期)?末)?\s*[,]?\s*"
    r"(?:确保|力争|实现|推动|努力|争取|全区|全市|全省|全县)*")
# Verbs between the subject and the number: `全区至少建成3个康养社区`.
METRIC_TRAILING_VERBS = re.compile(
    r"(的|为|是|均|分别|各|达|达到|提高到|提高至|增加到|增加至|新增|建成|建设|建有|培育|完成|打造|形成|配备|设置|改造|提供|开展|推进|组织)+\s*$")
# What follows a count up to the next list item: `30个养老服务中心、129个…` -> 养老服务中心.
AFTER_NOUN = re.compile(r"^(?:以上|以内|左右|及以上|的)?\s*([^,，。;；、(（]{1,24})")
# A subject that only names a scope or a denominator needs the words after the number.
# (`每年新建农村养老互助点80个` names its subject; `每年` is a time, not a scope)
SCOPE_ONLY = re.compile(r"(^每(?![年月周日天季])|^按照?|的$|^占)")
# Money that measures output is a target, not funding: `预计建成后年产值可达5.3亿元`.
FUNDING_EXCEPT = re.compile(r"产值|营收|营业收入|销售|收入|增加值|交易额|消费额|社会消费品|GDP|总产值|进出口|出口额")
# A rate or share the plan pays: `按购车价格的5%给予消费者补贴`, `贷款额度上浮20%`, `保费补贴80%`.
FUNDING_RATE_CUES = re.compile(r"给予|补贴|奖补|补助|贴息|资金支持|暂退|上浮|奖励")
# A norm or quota to hold rather than an outcome to reach (GUIDE.md `standard`):
# per-unit quotas `每个乡镇至少…` `每镇不少于2家` `每年不少于10次`; rules `一般应设置20张以上`,
# `原则上不低于300平方米`; ratios `配比不低于1:4`; bed quotas `按照户籍老年人口的3.5%`;
# price and rate rules `竞买保证金按不低于挂牌起始价的20%`, `减按0.5%征收`.
PER_UNIT_SCOPE = re.compile(r"每(?:千|百|万|个|间|名|人|户|张|床|镇|乡|村|街|区|年|月|周|日|次|平方米)|各(?:乡镇|镇|街道|街镇)")
RULE_WORDS = re.compile(r"一般应|原则上|应当?(?:设置|配备)|征收率|减按|利率|首付|保证金|基准地价|起始价|出让价款|基点|配比")
BED_QUOTA = re.compile(r"床位[^,;。]{0,12}户籍老年人口的|户籍老年人口的[^,;。]{0,6}落实")
# Units that state a service or processing time: `24小时在线`, `压缩至2个工作日`.
TIME_UNITS = ("小时", "个工作日", "个月", "天", "分钟")
# Design standards: `20年一遇` return periods.
STANDARD_UNITS = ("年一遇",)


def _strip_comparators(before: str, fb: str) -> tuple[str, str]:
    """`到2035年不低于每千人` -> `到2035年每千人`; a one-character phrase only at the end (签约率 keeps 约)."""
    for c in comparator_phrases():
        if c.position != "before":
            continue
        found = c.phrase in fb if len(c.phrase) > 1 else fb.rstrip().endswith(c.phrase)
        if found:
            cut = fb.rfind(c.phrase)
            before = before[:cut] + before[cut + len(c.phrase):]
            fb = fb[:cut] + fb[cut + len(c.phrase):]
    return before, fb


def _subject_before(folded: str, raw: str, sentence_start: int, clause_start: int) -> str:
    """The subject an earlier clause of the sentence names, for a clause that only repeats the
    bound: `…建筑面积不低于每千人50平方米，到2035年不低于每千人60平方米` -> `…建筑面积`."""
    fb = folded[sentence_start:clause_start]
    cut = len(fb)
    for c in comparator_phrases():
        if c.position == "before" and len(c.phrase) > 1 and c.phrase in fb:
            cut = min(cut, fb.find(c.phrase))
    digit = re.search(r"\d", re.sub(r"20\d{2}\s*年", lambda m: " " * len(m.group()), fb))
    if digit:
        cut = min(cut, digit.start())
    subject = raw[sentence_start:sentence_start + cut]
    m = METRIC_TRIM_HEAD.match(folded[sentence_start:sentence_start + cut])
    return subject[m.end():].strip() if m else subject.strip()


def metric_phrase(folded: str, raw: str, clause: tuple[int, int], num_start: int, unit_end: int,
                  unit_kind: str = "count", sentence_start: int | None = None) -> str:
    """The subject before the number, or for a count the thing counted after it."""
    clause_start, clause_end = clause
    before, fb = _strip_comparators(raw[clause_start:num_start], folded[clause_start:num_start])
    m = METRIC_TRIM_HEAD.match(fb)
    if m:
        before = before[m.end():]
    head = re.split(r"从|由", before)[0]
    if len(head.strip()) >= 2:
        before = head
    if unit_kind == "ratio":
        # a second ratio's subject starts after the first: `配比不低于1:4与其他入住对象配比不低于1:10`
        tail = re.split(r"\d+\s*:\s*\d+", before)[-1]
        if len(tail.strip()) >= 2:
            before = tail
        before = re.sub(r"^(?:按照?|依照)", "", before.strip())
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


def kind_of(unit: str | None, metric: str, sentence: str, clause: str = "", unit_kind: str = "") -> str:
    """`target` (an outcome by a date), `standard` (a norm, quota or ratio to hold) or `funding`.

    `最高不超过5000万元` -> funding; `按购车价格的5%给予消费者补贴` -> funding;
    `每个乡镇至少培育3-4个睦邻综合体` -> standard; `护理型床位占比不低于60%` -> target.
    """
    clause = clause or sentence
    money = unit_kind == "money" or unit in ("元", "万元")
    if money and not FUNDING_EXCEPT.search(metric + clause):
        return "funding"
    if unit in ("%", "个百分点") and FUNDING_RATE_CUES.search(clause):
        return "funding"
    if unit == "ratio" or unit in TIME_UNITS or unit in STANDARD_UNITS:
        return "standard"
    if PER_UNIT_SCOPE.search(clause) or RULE_WORDS.search(clause) or BED_QUOTA.search(clause):
        return "standard"
    return "target"
