"""Plan metadata read from the text: title, issuer, 文号, date, period.

Most plans arrive wrapped in a notice (`…关于印发《X》的通知`, 文号, 主送,
signature and date), then the plan under its own title line. The plan's
title is the plan's, not the notice's (GUIDE.md).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.text.dates import FIVE_YEAR_PLANS, FULL_DATE, counted_spans, five_year_span, iso_date, year_count, year_span
from extract.text.lines import Line
from extract.text.textnorm import blank_noise, fold
from extract.structure.outline import match_heading

# Words a plan-like title ends with: 规划, 行动计划, 实施方案, 若干措施 …
GENRE_SUFFIX = r"(?:规划|计划|方案|措施|举措|政策|意见|办法|要点|细则|纲要|清单|行动|指引)"
# An edition label after a title: （试行） （修订） （2025年版） （2023年修订） （征求意见稿）
EDITION = r"\((?:征求意见稿|试行|暂行|草案|送审稿|修订稿?|(?:19|20)\d\d\s*年\s*(?:版|修订版?|修正))\)"
# …三年行动计划（2022-2024年）   …行动方案（2023-2025）   …若干措施（2023年）  …细则（2025年版）
TITLE_LINE = re.compile(
    rf"^《?(?P<title>[^。;:!?]{{0,80}}?{GENRE_SUFFIX}》?(?:\(\s*20\d\d\s*(?:[-—–至]\s*20\d\d\s*)?年?\s*\))?"
    rf"(?:{EDITION})?)》?\s*(?:{EDITION})?$"
)
# `原《…办法》同时废止` `本办法自印发之日起施行`: a closing line that cites a document, not a title.
CITING_LINE = re.compile(r"废止|失效|施行|停止执行|为准")
# 关于印发《X》的通知 / …关于印发X的通知
NOTICE_TITLE = re.compile(r"印发.*通知$|^关于.*的通知$")
QUOTED_NAME = re.compile(r"《([^《》]{4,80})》")
# Blanks inside a line: `关于印发《…》 的 通知` is matched without them.
WHITESPACE = re.compile(r"\s+")
# 沪崇府办发〔2023〕10号  皖政办秘〔2021〕82号  京发改〔2024〕1081号 (folded: 〔〕 -> ())
DOC_NUMBER = re.compile(r"[\u4e00-\u9fa5]{1,10}[(\[]\s*(?:19|20)\d{2}\s*[)\]]\s*\d{1,4}\s*号")
# An issuing body's name: …人民政府办公室, …办公厅, …委员会, …局, …领导小组办公室
ISSUER = re.compile(
    r"^(?P<name>[\u4e00-\u9fa5（）()]{2,40}?(?:人民政府办公室|人民政府办公厅|人民政府|办公厅|办公室|委员会|管理委员会|管委会|局|厅|委|中心))"
    r"(?:文件)?$"
)
# The notice's first words name its issuer: 上海市崇明区…办公室关于印发…
ISSUER_BEFORE_NOTICE = re.compile(r"^(?P<name>[\u4e00-\u9fa5]{2,40}?)(?:等)?关于印发")
# 2022年8月23日 / 2022年8月23日印发 on a line of its own
DATE_LINE = re.compile(r"^(?P<org>[\u4e00-\u9fa5]{2,40}?)?\s*(?P<date>(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:印发)?$")
# Most lines a plan's head (notice, 文号, signature) takes before the plan starts.
HEAD_LINES = 60


@dataclass(frozen=True)
class TitleLine:
    line_index: int
    first_line: int
    title: str
    start: int
    end: int


@dataclass
class PlanMeta:
    title: str | None = None
    title_start: int | None = None
    title_end: int | None = None
    notice_title: str | None = None
    plan_type: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    issued_date: str | None = None
    period_start: int | None = None
    period_end: int | None = None


def _content(line: Line) -> str:
    """Folded line without any whitespace, for matching."""
    return WHITESPACE.sub("", line.content)


def _raw_content(line: Line) -> str:
    """The same characters as `_content`, as printed (fold keeps lengths)."""
    return WHITESPACE.sub("", blank_noise(line.raw))


def find_title_lines(lines: list[Line]) -> list[TitleLine]:
    """Lines that begin a document inside the file: a plan's or measures' own title.

    `重庆市万州区居家和社区养老服务` + `改革试点工作实施方案` on the next line are
    read as one title.
    """
    out: list[TitleLine] = []
    for i, line in enumerate(lines):
        text = _content(line)
        if not text or line.is_cell or match_heading(text) or NOTICE_TITLE.search(text):
            continue
        if text.startswith("附件") or "》" in text[:-1] and not text.startswith("《") or CITING_LINE.search(text):
            continue
        m = TITLE_LINE.match(text)
        if not m:
            continue
        raw = _raw_content(line)
        title = raw[m.start("title"):m.end("title")].strip("《》")
        first = i
        if i > 0:
            prev = _content(lines[i - 1])
            if _continues_title(prev):
                title = _raw_content(lines[i - 1]) + title
                first = i - 1
        if len(title) < 6:
            continue
        out.append(TitleLine(i, first, title, lines[first].lead, line.end))
    return out


def _continues_title(prev: str) -> bool:
    """A short line with no punctuation that is the first half of a wrapped title."""
    if not prev or len(prev) > 30 or re.search(r"[,，。:：;；、!?《》()\[\]]", prev):
        return False
    if match_heading(prev) or FULL_DATE.search(prev) or ISSUER.match(prev) or "通知" in prev or DOC_NUMBER.search(prev):
        return False
    return True


def notice_title(lines: list[Line]) -> tuple[str | None, int]:
    """The wrapping notice's title, joined over up to 4 lines, and its last line index."""
    for i, line in enumerate(lines[:HEAD_LINES]):
        text = _content(line)
        if "关于" in text and ("印发" in text or "通知" in text) and not text.startswith(("现将", "经")):
            parts, j = [text], i
            while "通知" not in parts[-1] and j + 1 < len(lines) and j - i < 4:
                j += 1
                nxt = _content(lines[j])
                if nxt:
                    parts.append(nxt)
            joined = "".join(parts)
            if "通知" in joined:
                return joined, j
    return None, -1


def choose_title(candidates: list[TitleLine], notice: str | None, annex_start: int | None) -> TitleLine | None:
    """Prefer a title the notice names in 《》, then a plan-type word, then the first."""
    named = [q for q in QUOTED_NAME.findall(notice or "")] or ([notice] if notice else [])
    best, best_score = None, None
    for rank, cand in enumerate(candidates):
        if annex_start is not None and cand.start >= annex_start:
            continue
        score = 0
        if any(_same_title(cand.title, name) for name in named):
            score += 4
        if re.search(r"(规划|计划|方案)([(（].*[)）])?$", cand.title):
            score += 2
        key = (score, -rank)
        if best_score is None or key > best_score:
            best, best_score = cand, key
    return best


def _same_title(a: str, b: str) -> bool:
    a, b = (re.sub(r"[\s《》\"]", "", fold(x)) for x in (a, b))
    return bool(a) and (a == b or a in b or b in a)


def title_from_notice(notice: str) -> str | None:
    """`…关于印发《X》的通知` -> X; `…关于印发X的通知` -> X."""
    names = QUOTED_NAME.findall(notice)
    if names:
        return names[0]
    m = re.search(r"印发(.+?)的通知", notice)
    return m.group(1) if m else None


def find_issuer(lines: list[Line], notice: str | None, head_end: int) -> str | None:
    """The notice's issuer, with its full name where the signature shortens it.

    Signature `省政府办公厅` under notice `广东省人民政府办公厅关于印发…` -> the notice's.
    """
    signed = find_signature(lines, head_end)
    named = None
    if notice:
        m = ISSUER_BEFORE_NOTICE.match(notice)
        named = m.group("name") if m else None
    if named and (signed is None or (len(signed) < len(named) and signed[-2:] == named[-2:])):
        return named
    if signed:
        return signed
    for line in lines[: max(head_end, 1)]:
        text = _raw_content(line)
        if text.endswith("文件"):
            m = ISSUER.match(text)
            if m:
                return m.group("name")
    return None


# One issuing body's name; joint signatures print several, often run together on one line
# (`黄浦区发展和改革委员会黄浦区建设和管理委员会`).
SIGNATURE_NAME = re.compile(
    r"[\u4e00-\u9fa5（）()]{2,40}?(?:人民政府办公室|人民政府办公厅|人民政府|办公厅|办公室|委员会|管理委员会|管委会|局|厅|委|中心)")
# Lines of a joint signature read above the date, at most.
MAX_SIGNATURE_LINES = 12


def signature_names(line: str) -> list[str]:
    """The bodies a signature line names, when the whole line is names:
    `黄浦区发展和改革委员会黄浦区建设和管理委员会` -> two names; `特此通知。` -> []."""
    names, pos = [], 0
    squashed = re.sub(r"\s+", "", line)
    while pos < len(squashed):
        m = SIGNATURE_NAME.match(squashed, pos)
        if not m:
            return []
        names.append(m.group())
        pos = m.end()
    return names


def _signed_above(lines: list[Line], i: int) -> list[str]:
    """Every body of the signature block above line `i`, in printed order."""
    names: list[str] = []
    for j in range(i - 1, max(-1, i - 1 - MAX_SIGNATURE_LINES), -1):
        prev = _raw_content(lines[j])
        if not prev:
            continue
        found = signature_names(prev)
        if not found:
            break
        names[:0] = found
    return names


def find_signature(lines: list[Line], head_end: int) -> str | None:
    """The body (or, for a joint document, every body, joined with 、) named above or beside the
    notice's date; where the head has no dated signature, the one closing the document."""
    head = lines[: max(head_end, 1)]
    tail_start = max(len(head), len(lines) - MAX_SIGNATURE_LINES)
    for i, line in list(enumerate(head)) + [(k, lines[k]) for k in range(tail_start, len(lines))]:
        m = DATE_LINE.match(_content(line))
        if not m:
            continue
        if m.group("org") and ISSUER.match(m.group("org")):
            return m.group("org")
        names = _signed_above(lines, i)
        if names:
            return "、".join(names)
    return None


def find_issued_date(lines: list[Line], head_end: int) -> str | None:
    """The first date standing alone (or after a signature) in the head, else an `…印发` line,
    else the dated signature closing a document that has no notice."""
    for line in lines[: max(head_end, 1)]:
        m = DATE_LINE.match(_content(line))
        if m:
            return iso_date(m.group("date"))
    for line in lines:
        text = _content(line)
        if text.endswith("印发"):
            m = DATE_LINE.match(text)
            if m:
                return iso_date(m.group("date"))
    for k in range(len(lines) - 1, max(head_end, len(lines) - MAX_SIGNATURE_LINES) - 1, -1):
        m = DATE_LINE.match(_content(lines[k]))
        if m and (m.group("org") or _signed_above(lines, k)):
            return iso_date(m.group("date"))
    return None


def find_doc_number(lines: list[Line], head_end: int) -> str | None:
    """A 文号 standing in the head (alone or in brackets), not one cited in the body."""
    for line in lines[: max(head_end, 1)]:
        text = _content(line)
        m = DOC_NUMBER.search(text)
        if m and len(text) <= len(m.group()) + 4:
            return _raw_content(line)[m.start():m.end()]
    return None


def plan_type_of(title: str | None) -> str | None:
    """`崇明区深化养老服务三年行动计划（2022-2024年）` -> '行动计划'."""
    if not title:
        return None
    m = re.search(r"(发展规划|专项规划|规划|行动计划|工作计划|计划|实施方案|行动方案|工作方案|解决方案|方案|若干措施|政策措施|措施|若干政策|政策|实施意见|意见|办法|要点|细则|纲要)", title)
    return m.group(1) if m else None


# 本行动方案自公布之日起施行,有效期至2022年12月31日
VALID_UNTIL = re.compile(r"(?:施行|实施|执行)[^。]{0,6}?有效期至\s*(20\d{2})\s*年")
# 本措施自印发之日起实施，有效期2年
VALID_FOR = re.compile(r"(?:施行|实施|执行)[^。]{0,6}?有效期\s*([一二三四五\d])\s*年")

# `到2025年` `至2030年底` `力争到2030年前`: a milestone the plan sets (not the end of a window
# `2022年6月1日至2022年12月31日`, `缓缴至2023年5月`).
MILESTONE = re.compile(r"(?:到|至)\s*(20\d{2})\s*年(?!\s*\d{1,2}\s*月)")
# Measures that name the year they work on: `全年完成…`, `今年新增…`.
THIS_YEAR = re.compile(r"全年|今年")
# Documents that plan over years (规划, 计划, 方案) rather than measures that hold while in force.
PLANNING_TITLE = re.compile(r"规划|计划|方案")


def milestone_text(goals_text: str, body: str, title: str | None) -> str:
    """Where a plan's milestones are read: its goals chapters, or, in a plan (规划, 计划, 方案)
    that has none, its whole body; measures that hold while in force set no milestones."""
    return goals_text or (body if PLANNING_TITLE.search(title or "") else "")


def find_period(title: str | None, text: str, issued_date: str | None,
                steps_text: str = "", body_start: int = 0, goals_text: str = "") -> tuple[int | None, int | None]:
    """The years a plan covers, from what it says about itself.

    In order: the title (`（2022-2024年）`, `十四五`, `2023年`); an 实施步骤
    chapter (`2020年4月` … `2021年8月-10月` -> 2020-2021); a validity clause
    (`自公布之日起施行，有效期至2022年12月31日`, `有效期2年`), which runs from
    the date of issue (or the first year the text names); a span counted in
    the goals (`2012年起5年内` -> 2012-2016); the milestones its goals set
    (`到2025年…到2030年`), from the year of issue to the last (`goals_text`: the
    goals chapters, or the whole body of a plan that has none, see
    `milestone_text`); the 五年规划 the plan frames itself in; the year of issue
    where the text works on that year (全年, 今年). A plan that says none of
    these has no period.
    """
    title = title or ""
    for finder in (year_span, five_year_span):
        span = finder(title)
        if span:
            return span
    m = re.search(r"(20\d{2})\s*年", title)
    if m:
        return int(m.group(1)), int(m.group(1))
    steps_years = sorted({int(y) for y in re.findall(r"(20\d{2})\s*年", steps_text)})
    if steps_years:
        return steps_years[0], steps_years[-1]
    folded = fold(text)
    issued = int(issued_date[:4]) if issued_date else None
    until, years = VALID_UNTIL.search(folded), VALID_FOR.search(folded)
    if until or years:
        first = re.search(r"(20\d{2})\s*年", folded[body_start:])
        start = issued or (int(first.group(1)) if first else None)
        if until:
            return start, int(until.group(1))
        return start, start + year_count(years.group(1)) if start else None
    counted = next(counted_spans(fold(goals_text) or folded[body_start:]), None)
    if counted:
        return counted[1:]
    spans = [FIVE_YEAR_PLANS[name] for name in re.findall(r"十[三四五]五", text)]
    milestones = [y for y in map(int, MILESTONE.findall(fold(goals_text))) if issued is None or y >= issued]
    if milestones and issued is not None:
        # a plan framed in a 五年规划 that holds its milestones covers that span (十四五, 到2025年)
        frame = next((span for span in spans if span[0] <= issued <= span[1] and max(milestones) <= span[1]), None)
        return frame or (issued, max(milestones))
    if spans:
        current = [span for span in spans if issued is not None and span[0] <= issued <= span[1]]
        return current[0] if current else max(spans)
    if issued is not None and THIS_YEAR.search(folded[body_start:]):
        return issued, issued   # measures that work on the year they are signed (全年…, 今年…)
    return None, None


# Headings of chapters that schedule the work: 三、实施步骤, 五、进度安排.
STEPS_HEADING = re.compile(r"步骤|进度|安排")


def refine_period(meta: PlanMeta, root, text: str) -> None:
    """Once the outline knows its chapters, a title without years takes its period from the
    plan's schedule (实施步骤, stage chapters) and from the milestones of its goals."""
    if re.search(r"20\d{2}|十[三四五]五", meta.title or ""):
        return
    nodes = list(root.walk())
    steps_text = "".join(text[n.start:n.end] for n in nodes
                         if n.role == "schedule" or (n.role == "safeguards" and STEPS_HEADING.search(n.heading)))
    chapters = [n for n in root.children] + [n for d in root.children if d.style == "doc" for n in d.children]
    goals_text = "".join(text[n.start:n.end] for n in chapters if n.role == "goals")
    meta.period_start, meta.period_end = find_period(
        meta.title, text, meta.issued_date, steps_text, meta.title_end or 0,
        milestone_text(goals_text, text[meta.title_end or 0:], meta.title))


def read_metadata(lines: list[Line], text: str) -> tuple[PlanMeta, list[TitleLine]]:
    """Everything the head and title lines say about the plan."""
    meta = PlanMeta()
    notice, notice_end = notice_title(lines)
    meta.notice_title = notice
    candidates = find_title_lines(lines)
    annex_start = next((ln.start for ln in lines if re.match(r"^\s*附\s*件", ln.content) and len(ln.content) < 60), None)
    chosen = choose_title(candidates, notice, annex_start)
    if chosen:
        meta.title, meta.title_start, meta.title_end = chosen.title, chosen.start, chosen.end
        head_end = chosen.first_line
    else:
        meta.title = title_from_notice(notice) if notice else None
        head_end = min(len(lines), max(notice_end + 15, 15))
    if head_end < 3:
        head_end = 3
    meta.plan_type = plan_type_of(meta.title)
    meta.issuer = find_issuer(lines, notice, head_end)
    meta.doc_number = find_doc_number(lines, head_end)
    meta.issued_date = find_issued_date(lines, head_end)
    meta.period_start, meta.period_end = find_period(meta.title, text, meta.issued_date, "", meta.title_end or 0)
    return meta, candidates
