"""Horizons relative to the plan: `N年内`, `第N年`, `三年累计`, yearly quotas, lead-ins that frame
the items below them, and totals over a three-year action (GUIDE.md "Conventions beyond the seeds")."""
from __future__ import annotations

import pytest

from extract.figures.quantities import find_quantities
from extract.figures.relative_years import PlanTime, framing_year, relative_year, span_total_year
from extract.text.textnorm import fold

H10 = PlanTime(2012, 2016)
H07 = PlanTime(2024, 2026)


def years(sentence: str, plan: PlanTime, inherited: int | None = None) -> list[tuple[str, int | None]]:
    return [(q.value_text, q.year) for q in find_quantities(sentence, None, inherited, plan)]


@pytest.mark.parametrize("sentence, plan, expected", [
    pytest.param("2012年起5年内，重点引进和培养高层次人才达到2000名左右", H10, [("2000名", 2016)], id="h10 X年起N年内"),
    pytest.param("5年内市、区两级重点评选资助200名技能突出人才", H10, [("200名", 2016)], id="h10 N年内 from the plan's start"),
    pytest.param("原则上第一年全区应完成的任务量不少于700亩;第二年全区应完成的任务量不少于900亩", H07,
                 [("700亩", 2024), ("900亩", 2025)], id="h07 第N年"),
    pytest.param("三年累计完成缓拥堵提升21个点位。", H07, [("21个点位", 2026)], id="h08 三年累计"),
    pytest.param("到2025年，全面完成改造。每年完成80万平米屋面改造。", PlanTime(2023, 2025), [("80万平米", None)],
                 id="h01 a yearly quota after the dated sentence"),
    pytest.param("到2025年，全市累计培训养老护理员2000人次，所有养老机构负责人每年轮训不少于1次。", PlanTime(2021, 2025),
                 [("2000人次", 2025), ("1次", 2025)], id="003 a yearly norm in a dated sentence keeps the date"),
])
def test_relative_horizons(sentence, plan, expected):
    assert years(sentence, plan) == expected


def test_a_yearly_quota_takes_no_inherited_year():
    # h08: a year column's cell restating 每年投运中小车型公交车200辆
    assert years("每年投运中小车型公交车200辆", H07, inherited=2024) == [("200辆", None)]


def test_relative_year_needs_the_plan_start_for_bare_spans():
    assert relative_year(fold("5年内重点引进200名"), PlanTime()) is None
    assert relative_year(fold("2012年起5年内"), PlanTime())[0] == 2016


@pytest.mark.parametrize("lead_in, expected", [
    ("1.海塘达标。按照远景目标要求，“十四五”期间，协调推进79公里海塘达标建设。", 2025),    # h04
    ("“十五五”达标计划：2026年至2030年，逐年推进。", 2030),                                 # h03
    ("2.污水处理。至2025年，城镇污水处理率达到99％。", None),                              # h04: a date bound to one figure
])
def test_framing_year(lead_in, expected):
    assert framing_year(fold(lead_in), PlanTime(2021, 2025)) == expected


@pytest.mark.parametrize("sentence, framed, expected", [
    ("按照“新三年行动”本区完成2300亩整治任务的总体目标", False, 2026),   # h07 the sentence names the span
    ("建设功能匹配、各具特色的慢行交通精品区域50个", True, 2026),          # h08 items listed under 重点任务（2024-2026）
    ("全区护理型养老床位占比不低于60%", False, None),                     # 000 a three-year plan's yearless target
])
def test_span_total_year(sentence, framed, expected):
    assert span_total_year(fold(sentence), H07, framed) == expected


def test_items_spread_over_the_years_of_a_span():
    # h03 嘉定: five areas over 2026-2030, one a year
    sentence = ("“十五五”达标计划：2026年至2030年，结合建设项目落实情况，逐年推进嘉定老城特定区（3.92平方公里）、"
                "幸福片区与封浜片区（3.66平方公里）、马陆社区（4.42平方公里）、嘉定工业区1（14.00平方公里）、"
                "嘉定工业区2（12.37平方公里）海绵城市建设达标评估。")
    assert [y for _, y in years(sentence, PlanTime(2024, 2030))] == [2026, 2027, 2028, 2029, 2030]


def test_a_span_with_fewer_items_than_years_spreads_nothing():
    sentence = "2026年至2030年，逐年推进A区（3.92平方公里）、B区（3.66平方公里）建设。"
    assert [y for _, y in years(sentence, PlanTime(2024, 2030))] == [2030, 2030]
