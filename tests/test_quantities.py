"""extract.figures.quantities: committed numbers in running text (GUIDE.md "targets").

Each table is one phenomenon; each case is a real sentence with the document
it comes from (`000 崇明`). Sentences marked `GUIDE.md` use the guide's own
example where no corpus text prints that form.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.figures.quantities import (NUMBER, RANGE, RANGE_SEPARATORS, RATIO, RATIO_SEPARATOR, find_quantities,
                                         number_matches)


def the(sentence: str, value_text: str, one_year: int | None = None):
    """The one quantity printed as `value_text` in the sentence."""
    found = [q for q in find_quantities(sentence, one_year=one_year) if q.value_text == value_text]
    assert len(found) == 1, [q.value_text for q in find_quantities(sentence, one_year=one_year)]
    return found[0]


def value_texts(sentence: str, one_year: int | None = None) -> list[str]:
    return [q.value_text for q in find_quantities(sentence, one_year=one_year)]


def xfail(reason: str):
    return pytest.mark.xfail(reason=reason, raises=AssertionError, strict=True)


# -- comparators ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, comparator",
    [
        pytest.param("到2024年，公办养老机构平均入住率不低于70%。", "70%", ">=", id="000 崇明 不低于"),
        pytest.param("到2024年全区养老床位总量不少于9888张。", "9888张", ">=", id="000 崇明 不少于"),
        pytest.param("每个乡镇至少建设1个康复辅具社区租赁服务实体点。", "1个", ">=", id="000 崇明 至少"),
        pytest.param("到2024年，全区至少建成3个养老社区。", "3个", ">=", id="000 崇明 至少建成"),
        pytest.param("护理型床位占总床位数的60%以上，发展专业性的认知障碍照护养老机构。", "60%", ">=", id="002 浦东 以上"),
        pytest.param("农村劳动力转移就业4200人以上,城镇调查失业率控制在5.5%以内。", "4200人", ">=", id="e07 济源 人以上"),
        pytest.param("其中标杆应用工程遴选1支攻关团队，示范性应用遴选不超过3支攻关团队。", "3支", "<=", id="e03 北京 不超过"),
        pytest.param("按照项目工程投资予以一定比例支持，最高不超过5000万元。", "5000万元", "<=", id="e03 北京 最高不超过"),
        pytest.param("单个企业最高2000万元。", "2000万元", "<=", id="e04 安徽 最高"),
        pytest.param("农村劳动力转移就业4200人以上,城镇调查失业率控制在5.5%以内。", "5.5%", "<=", id="e07 济源 以内"),
        pytest.param("经常参加文体活动的老年人比例超过30%。", "30%", ">", id="003 如皋 超过"),
        pytest.param("力争一季度新开工重大项目超74个", "74个", ">", id="p04 东莞 超"),
        pytest.param("实现标识注册总量突破5亿。", "5亿", ">", id="e04 安徽 突破"),
        pytest.param("四季度原煤产量3500万吨左右,确保煤炭产业增加值扭负为正。", "3500万吨", "~", id="e05 贵州 左右"),
        pytest.param("占地 77966 m ² ，总建筑面积约 63925 m ² ，建成后将进一步优化崇明医疗资源配置", "63925 m ²", "~",
                     id="001 崇明 约"),
        pytest.param("建设240余座蔬菜制种育苗大棚,新发展蔬菜制种基地面积1万亩以上", "240余座", ">", id="e07 济源 余"),
        pytest.param("全区护理型养老床位占比不低于60%、老年认知障碍照护床位数达到300张。", "300张", "=", id="000 崇明 达到"),
        pytest.param("到2024年，改造新增3家乡村长者照护之家，完成500户家庭适老化改造。", "500户", "=", id="000 崇明 完成"),
        pytest.param("每千常住人口拥有托位数达 4.5 位，普惠性托育资源占比超过 60%。", "60%", ">", id="001 崇明 超过 spaced"),
    ],
)
def test_comparator(sentence, value_text, comparator):
    assert the(sentence, value_text).comparator == comparator


# -- ranges --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, value, value_max, unit",
    [
        pytest.param("到2024年，每个乡镇至少培育3-4个睦邻综合体。", "3-4个", 3, 4, "个", id="000 崇明 3-4个"),
        pytest.param("培育或引进2—3家居家养老连锁品牌服务团队。", "2—3家", 2, 3, "家", id="004 万州 2—3家"),
        pytest.param("到2024年，全区至少形成3－4个具有示范性的“智慧养老”应用场景。", "3－4个", 3, 4, "个", id="000 崇明 3－4个"),
        pytest.param("将生活不能自理特困人员每月200-300元的照料护理补贴及经济困难高龄失能老人每月200元的养老服务补贴",
                     "200-300元", 200, 300, "元", id="004 万州 200-300元"),
        pytest.param("调整每月上门服务不少于2-4次", "2-4次", 2, 4, "次", id="003 如皋 不少于2-4次"),
    ],
)
def test_range(sentence, value_text, value, value_max, unit):
    q = the(sentence, value_text)
    assert (q.comparator, q.value, q.value_max, q.unit) == ("range", value, value_max, unit)


@settings(max_examples=300)
@given(st.text(st.sampled_from(list("123.5万个元%比配比例到至-~:;,。 二三十年")), max_size=40))
def test_no_match_without_a_separator(text):
    """find_quantities skips a pattern's scan where none of its separators is in the text."""
    for pattern, separators in ((RANGE, RANGE_SEPARATORS), (RATIO, RATIO_SEPARATOR)):
        if not any(c in text for c in separators):
            assert pattern.search(text) is None


@settings(max_examples=500)
@given(st.text(st.sampled_from(list("0123456789.,万个一二两三十百千零床位年 ٣５")), max_size=60) | st.text(max_size=40))
def test_numbers_are_the_number_patterns_matches(text):
    """`number_matches` tries NUMBER only where a number can begin: the same matches as scanning everywhere."""
    assert [(m.span(), m.group(1)) for m in number_matches(text)] == [(m.span(), m.group(1)) for m in NUMBER.finditer(text)]


def test_a_span_of_years_is_no_range():
    # 002 浦东: the title of a cited plan
    assert value_texts("编制实施《浦东新区养老服务设施布局专项规划（2022—2035）》，确保全区养老床位总数不低于户籍老年人口的3.1%") == ["3.1%"]


# -- ratios --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, value, comparator",
    [
        pytest.param("按照与生活不能自理的入住对象配比不低于1:4与其他入住对象配比不低于1:10的标准配备护理人员",
                     "1:4", 4, ">=", id="003 如皋 配比不低于1:4"),
        pytest.param("按照与生活不能自理的入住对象配比不低于1:4与其他入住对象配比不低于1:10的标准配备护理人员",
                     "1:10", 10, ">=", id="003 如皋 配比不低于1:10"),
        pytest.param("对个人创业担保贷款实行财政全额贴息,除中央补助外,由省与示范区按照1:1的比例负担。",
                     "1:1", 1, "=", id="e07 济源 按照1:1的比例"),
    ],
)
def test_ratio(sentence, value_text, value, comparator):
    q = the(sentence, value_text)
    assert (q.value, q.unit, q.comparator, q.kind) == (value, "ratio", comparator, "standard")


def test_a_time_of_day_is_no_ratio():
    # made up: a colon between numbers without 比/配比/比例 nearby
    assert not [q for q in find_quantities("于10:30在区民政局召开推进会") if q.unit == "ratio"]


# -- 万 and 亿 ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, value, unit",
    [
        pytest.param("到 2025 年，全区养老床位从 0.84 万张增加到 1.01 万张", "1.01 万张", 10100, "张", id="001 崇明 1.01万张"),
        pytest.param("着力推进工业园区苦草项目建设，计划投资 4.4 亿元，预计建成后年产值可达 5.3 亿元。", "4.4 亿元",
                     440_000_000, "元", id="001 崇明 4.4亿元"),
        pytest.param("总投资230000万元", "230000万元", 230000, "万元", id="GUIDE.md 230000万元 stays 万元"),
        pytest.param("对新增床位给予最高每张1.2万元的一次性建设补贴", "1.2万元", 1.2, "万元", id="003 如皋 1.2万元"),
        pytest.param("实现标识注册总量突破5亿。", "5亿", 500_000_000, None, id="e04 安徽 突破5亿 no unit"),
        pytest.param("四季度原煤产量3500万吨左右", "3500万吨", 35_000_000, "吨", id="e05 贵州 3500万吨"),
        pytest.param("新发展蔬菜制种基地面积1万亩以上", "1万亩", 10000, "亩", id="e07 济源 1万亩"),
        pytest.param("四季度发电量520亿千瓦时以上", "520亿千瓦时", 52_000_000_000, "千瓦时", id="e05 贵州 520亿千瓦时"),
    ],
)
def test_wan_and_yi(sentence, value_text, value, unit):
    q = the(sentence, value_text)
    assert (q.value, q.unit) == (value, unit)


# -- years ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, one_year, year",
    [
        pytest.param("到2024年全区养老床位总量不少于9888张。", "9888张", None, 2024, id="000 崇明 到2024年"),
        pytest.param("到 2025 年底全区助餐服务日供应能力达到 9000 客。", "9000 客", None, 2025, id="001 崇明 2025年底"),
        pytest.param("到“十四五”末，全区综合为老服务中心达到80家，日间照护机构达到120家", "120家", None, 2025,
                     id="002 浦东 到十四五末"),
        pytest.param("“十四五”期间实现每千名老年人、每百张养老床位至少配备1名社会工作者。", "1名", None, 2025,
                     id="002 浦东 十四五期间"),
        pytest.param("1.出台促进汽车消费的惠民政策,2023年1月1日—3月31日在济源新购汽车按购车价格的5%给予消费者补贴,"
                     "最高不超过10000元/台。", "10000元", None, None, id="e07 济源 a calendar date is no horizon"),
        pytest.param("92.实施安居工程建设。全面完成2022年35个老旧小区改造。", "35个", None, None,
                     id="e07 济源 2022年35个 is no horizon"),
        pytest.param("为全区18个乡镇适龄婴幼儿家庭提供每年不少于10次线下科学育儿指导服务。", "10次", None, None,
                     id="001 崇明 每年 quota"),
        # one-year plans: the plan's year where the sentence names a deadline
        pytest.param("四季度原煤产量3500万吨左右,确保煤炭产业增加值扭负为正。", "3500万吨", 2022, 2022, id="e05 贵州 四季度"),
        pytest.param("四季度原煤产量3500万吨左右,确保煤炭产业增加值扭负为正。", "3500万吨", None, None,
                     id="e05 贵州 四季度 without one_year"),
        pytest.param("新开工改造28个老旧小区,年底前完成改造1100户。", "1100户", 2023, 2023, id="e07 济源 年底前"),
        pytest.param("力争一季度新开工重大项目超74个，完成重大项目投资300亿元以上。", "74个", 2026, 2026, id="p04 东莞 一季度"),
        pytest.param("对倍增企业一季度规模与效益发展情况开展综合评价，分档给予企业最高50万元的奖励。", "50万元", 2026, None,
                     id="p04 东莞 a subsidy takes no year"),
    ],
)
def test_year(sentence, value_text, one_year, year):
    assert the(sentence, value_text, one_year).year == year


# -- baselines -----------------------------------------------------------------------
def test_from_to_gives_one_quantity_with_its_baseline():
    # 001 崇明
    sentence = "到 2025 年，全区养老床位从 0.84 万张增加到 1.01 万张，其中护理型床位不低于 60%"
    beds = [q for q in find_quantities(sentence) if q.unit == "张"]
    assert [(q.value, q.baseline_value, q.year, q.comparator) for q in beds] == [(10100, 8400, 2025, "=")]


# -- kinds ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, kind",
    [
        # money the plan offers or commits
        pytest.param("给予一次性200万元的建设补助，经验收合格的社区养老服务站一次性补助20万元。", "200万元", "funding",
                     id="004 万州 建设补助"),
        pytest.param("对新增床位给予最高每张1.2万元的一次性建设补贴，给予每月80元的运营补贴。", "80元", "funding",
                     id="003 如皋 运营补贴"),
        pytest.param("力争一季度新开工重大项目超74个，完成重大项目投资300亿元以上。", "300亿元", "funding", id="p04 东莞 投资"),
        pytest.param("着力推进工业园区苦草项目建设，计划投资 4.4 亿元，预计建成后年产值可达 5.3 亿元。", "4.4 亿元", "funding",
                     id="001 崇明 计划投资 beside 年产值"),
        pytest.param("省级按照同期银行基准利率40%给予贴息，单个项目贴息期不超过3年，最高500万元。", "40%", "funding",
                     id="e04 安徽 subsidy rate"),
        pytest.param("2023年1月1日—3月31日在济源新购汽车按购车价格的5%给予消费者补贴,最高不超过10000元/台。", "5%", "funding",
                     id="e07 济源 subsidy share of a price"),
        # output and revenue are outcomes
        pytest.param("着力推进工业园区苦草项目建设，计划投资 4.4 亿元，预计建成后年产值可达 5.3 亿元。", "5.3 亿元", "target",
                     id="001 崇明 年产值"),
        pytest.param("形成一批有较强竞争力和影响力的济源建筑业龙头企业,建筑业总产值达到68亿元。", "68亿元", "target",
                     id="e07 济源 总产值"),
        pytest.param("到2024年全区养老床位总量不少于9888张（按28.25万户籍老年人口预测数计算）。", "9888张", "target",
                     id="000 崇明 beds"),
        pytest.param("推进养老机构建设，按照户籍老年人口的3.5%落实各乡镇养老床位责任指标，"
                     "到2024年全区养老床位总量不少于9888张（按28.25万户籍老年人口预测数计算）。", "9888张", "target",
                     id="000 崇明 beds after a quota"),
        pytest.param("到 2025 年，全区养老床位从 0.84 万张增加到 1.01 万张，其中护理型床位不低于 60%，社区养老服务设施均不低于"
                     "常住人口每千人 55 平方米。", "1.01 万张", "target", id="001 崇明 beds beside 每千人"),
        # standards: per-capita norms and shares of a population
        pytest.param("社区养老服务设施建筑面积不低于常住人口每千人55平方米。", "55平方米", "standard", id="000 崇明 每千人"),
        pytest.param("确保保基本养老床位数不低于户籍老年人口的1.5%。", "1.5%", "standard", id="000 崇明 户籍老年人口的"),
        pytest.param("按照与生活不能自理的入住对象配比不低于1:4", "1:4", "standard", id="003 如皋 ratio"),
        pytest.param("实现政务服务（12345热线）24小时在线、8小时咨询、1小时响应、零距离服务。", "8小时", "standard",
                     id="p04 东莞 service time"),
    ],
)
def test_kind(sentence, value_text, kind):
    assert the(sentence, value_text).kind == kind


# -- exclusions: what is printed but is no target -------------------------------------
@pytest.mark.parametrize(
    "sentence, kept",
    [
        # background figures
        pytest.param("服务资源方面，截至2022年底，全区养老床位总数达8547张，其中保基本床位5135张，在床位数量方面还存在一定的缺口",
                     [], id="001 崇明 截至 background"),
        pytest.param("着力建设乡镇养老服务中心，在我区已建成的283个农村养老互助点基础上，每年新建农村养老互助点80个，"
                     "到2022年，建成41个乡镇养老服务中心", ["80个", "41个"], id="004 万州 已建成的283个"),
        # ages
        pytest.param("助餐服务供给能力达到65岁以上户籍老年人口的5%。", ["5%"], id="000 崇明 65岁以上"),
        pytest.param("将城乡低保对象、特困人员中年满60周岁且生活不能自理的失能失智老年人和城乡低保对象、特困人员中年满80周岁的"
                     "老年人纳入基本公共养老服务保障范围，将90周岁及以上的低收入老年人纳入高龄津贴发放范围。", [],
                     id="004 万州 年满80周岁"),
        # durations in names
        pytest.param("建设城镇区域“15分钟养老服务圈”，分类发展社区交往型、专业照护型、功能嵌入型社区日间服务机构", [],
                     id="000 崇明 15分钟养老服务圈"),
        pytest.param("开通全市统一24小时为老服务热线（68812349）。", [], id="003 如皋 hotline name and phone number"),
        # counts of the plan's own parts
        pytest.param("重点实施8个提升计划，完成18项主要任务。", [], id="000 崇明 8个提升计划 18项主要任务"),
        pytest.param("健全政策体系、扩大服务供给、打造发展环境、完善监管服务等4个方面23项改革创新措施。", [],
                     id="001 崇明 4个方面23项"),
        pytest.param("做实做优综合为老服务中心8大类24项服务功能", [], id="002 浦东 8大类24项"),
        pytest.param("为全区18个乡镇适龄婴幼儿家庭提供每年不少于10次线下科学育儿指导服务。", ["10次"], id="001 崇明 全区18个乡镇"),
        # dates
        pytest.param("乡街道和相关部门要在2021年1月底前做好试点工作的阶段性总结", [], id="004 万州 date"),
        pytest.param("1.出台促进汽车消费的惠民政策,2023年1月1日—3月31日在济源新购汽车按购车价格的5%给予消费者补贴",
                     ["5%"], id="e07 济源 date span"),
        # document numbers
        pytest.param("沪崇府办发〔2023〕10号", [], id="001 崇明 document number"),
        pytest.param("为贯彻落实《国务院办公厅关于促进养老托育服务健康发展的意见》（国办发〔2020〕52号）精神", [],
                     id="001 崇明 cited document number"),
        # eligibility thresholds
        pytest.param("对其上一年度实施产业化项目并实际完成投资1000万元及以上的，省级按项目关键设备购置额的10%给予奖补，"
                     "单个企业最高2000万元。", ["10%", "2000万元"], id="e04 安徽 1000万元及以上"),
        pytest.param("每年滚动实施1000项亿元以上技术改造项目", ["1000项"], id="e04 安徽 亿元以上 size class"),
        pytest.param("对年营业收入50万元（含）以下的小规模纳税人给予补贴。", [], id="GUIDE.md 50万元（含）以下"),
        pytest.param("团购规模超过30套(含)不足100套的,每平方米补贴20元。", ["20元"], id="e07 济源 30套(含)"),
        pytest.param("一次性组织不少于300人、600人的大型团队,分别给予地接社1万元、3万元奖补。", ["1万元", "3万元"],
                     id="e07 济源 不少于300人的大型团队"),
        pytest.param("对在我市拥有1套住房并已结清相应购房贷款的家庭", [], id="e07 济源 拥有1套住房"),
        # relief durations and validity
        pytest.param("对符合条件的企业连续3年给予贷款贴息。", [], id="GUIDE.md 连续3年"),
        pytest.param("省级按照同期银行基准利率40%给予贴息，单个项目贴息期不超过3年，最高500万元。", ["40%", "500万元"],
                     id="e04 安徽 贴息期不超过3年"),
        pytest.param("本措施自印发之日起实施，有效期五年。", [], id="GUIDE.md 有效期五年"),
        pytest.param("本措施自印发之日起实施，有效期2年，灵璧县、泗县、萧县、砀山县可参照执行。", [], id="p09 宿州 有效期2年"),
        # 万 that is no 万户; an existing network a task relies on; capacities in names
        pytest.param("到2024年全区养老床位总量不少于9888张（按28.25万户籍老年人口预测数计算）。", ["9888张"],
                     id="000 崇明 28.25万户籍老年人口"),
        pytest.param("加强家庭育儿指导，依托1个区级早教中心、40个早教指导站的服务网络，为全区18个乡镇适龄婴幼儿家庭提供每年"
                     "不少于10次线下科学育儿指导服务。", ["10次"], id="001 崇明 依托1个区级早教中心"),
        pytest.param("推动宁德时代年产30万吨电池级磷酸铁一体化项目开工建设", [], id="e05 贵州 年产30万吨"),
        pytest.param("中石化织金50万吨/年聚乙醇酸(PGA)项目年底前完成投资15亿元以上", ["15亿元"], id="e05 贵州 50万吨/年"),
        # names and words without a number
        pytest.param("5G基站建设水平处于全国第一方阵", [], id="e04 安徽 5G"),
        pytest.param("确保基本养老服务应保尽保，实现签约服务达标全覆盖。", [], id="000 崇明 全覆盖"),
    ],
)
def test_exclusions(sentence, kept):
    assert value_texts(sentence) == kept


# -- what is measured ----------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, metric",
    [
        pytest.param("到2024年全区养老床位总量不少于9888张", "9888张", "养老床位总量", id="000 崇明 养老床位总量"),
        pytest.param("到2020年，建成30个养老服务中心、129个社区养老服务站", "30个", "养老服务中心", id="004 万州 30个"),
        pytest.param("到2020年，建成30个养老服务中心、129个社区养老服务站", "129个", "社区养老服务站", id="004 万州 129个"),
        pytest.param("到2024年，公办养老机构平均入住率不低于70%。", "70%", "公办养老机构平均入住率", id="000 崇明 入住率"),
        pytest.param("每个乡镇至少建设1个康复辅具社区租赁服务实体点。", "1个", "每个乡镇康复辅具社区租赁服务实体点",
                     id="000 崇明 每个乡镇"),
        pytest.param("经常参加文体活动的老年人比例超过30%。", "30%", "经常参加文体活动的老年人比例", id="003 如皋"),
        pytest.param("按照与生活不能自理的入住对象配比不低于1:4与其他入住对象配比不低于1:10的标准配备护理人员", "1:10",
                     "与其他入住对象配比", id="003 如皋 second ratio"),
    ],
)
def test_metric(sentence, value_text, metric):
    assert the(sentence, value_text).metric == metric


# -- offsets -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "到 2025 年，全区养老床位从 0.84 万张增加到 1.01 万张，其中护理型床位不低于 60%，社区养老服务设施均不低于常住人口每千人 55 平方米。",
        "建设240余座蔬菜制种育苗大棚,新发展蔬菜制种基地面积1万亩以上",
        "按照与生活不能自理的入住对象配比不低于1:4与其他入住对象配比不低于1:10的标准配备护理人员",
    ],
    ids=["001 崇明", "e07 济源", "003 如皋"],
)
def test_value_text_is_sliced_from_the_sentence(sentence):
    for q in find_quantities(sentence):
        assert sentence[q.start:q.end] == q.value_text
        assert q.sentence_start <= q.clause_start <= q.start < q.end <= q.sentence_end


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=list("到2024年全区养老床位总量不少于9888张，。约1.01万亿元%（含）以上-3个:"), max_size=40))
def test_offsets_hold_on_any_text(text):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.value_text
        assert q.value_max is None or q.value_max > q.value


# -- measure words beyond the seeds (issue 11) ----------------------------------------------
@pytest.mark.parametrize(
    "sentence, value_text, value, unit, kind",
    [
        pytest.param("至2026年金山铁路全天开行列车38对。", "38对", 38, "对", "target", id="h08 上海交通 对"),
        pytest.param("三年累计完成缓拥堵提升21个点位。", "21个点位", 21, "个", "target", id="h08 上海交通 个点位"),
        pytest.param("整治四滧港等8条段骨干河道。", "8条段", 8, "条段", "target", id="h04 崇明水务 条段"),
        pytest.param("开展50场次知识更新名家讲座。", "50场次", 50, "场次", "target", id="h10 广州人才 场次"),
        pytest.param("统筹实施低洼圩区的提标改造，达到20年一遇标准。", "20年一遇", 20, "年一遇", "standard",
                     id="h04 崇明水务 年一遇"),
        pytest.param("将工业园区排水标准提高到三年一遇。", "三年一遇", 3, "年一遇", "standard", id="h04 崇明水务 三年一遇"),
        pytest.param("至2035年，全区排水系统基本达到3-5年一遇排水能力。", "3-5年一遇", 3, "年一遇", "target",
                     id="h03 嘉定海绵 a return period reached by a date"),
    ],
)
def test_measure_words_beyond_the_seeds(sentence, value_text, value, unit, kind):
    q = the(sentence, value_text)
    assert (q.value, q.unit, q.kind) == (value, unit, kind)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("保洁频率提升至15天完成1次全线机械清理、冲洗，30天完成1次人工清洗。", ["15天", "30天"],
                     id="h08 上海交通 interval norms are their days, not their 1次"),
        pytest.param("每年不少于10次线下科学育儿指导服务。", ["10次"], id="000 崇明 a count of services stays"),
    ],
)
def test_interval_norms(sentence, expected):
    assert value_texts(sentence) == expected


# -- numbers that are not commitments (issue 11) --------------------------------------------
@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param("我区涉及此类整治面积约1068亩;", [], id="h07 奉贤 situation: 涉及"),
        pytest.param("（全区低洼圩区分布于14个乡镇）", [], id="h04 崇明水务 situation: 分布于"),
        pytest.param("实现6座水闸（含横沙东滩三期水闸1座）全部达到规划规模。", ["6座"],
                     id="h04 崇明水务 a figure inside (含…) is part of the total"),
        pytest.param("稳步推进巨富国潮文化馆建设，加快推进安远路899项目。", [], id="h01 静安 a house number"),
        pytest.param("完成既有多层住宅加装电梯700台", ["700台"], id="h01 静安 a count stays"),
        pytest.param("建设精品道路100条。", ["100条"], id="h08 上海交通 道路 is no address"),
        pytest.param("强化轨道交通站点周边50米内配套公交基础设施建设", [], id="h08 上海交通 the reach of a measure"),
        pytest.param("注：海绵城市建设用地面积要求按照100.9平方公里计。", [], id="h03 嘉定 a note under a table"),
        pytest.param("11.121人才梯队项目。重点培养不少于10名院士后备人才", ["10名"], id="h10 广州 an item number run into text"),
        pytest.param("用好“河长办”“防汛办”两个平台，做到部门联合", [], id="h04 崇明水务 the count of two named items"),
        pytest.param("做到机构、编制、人员、经费四个到位。", [], id="h10 广州 the count of four listed items"),
        pytest.param("建立四个门类、三个梯队的中青年业务骨干人才库", [], id="h04 崇明水务 structure counts"),
        pytest.param("建筑面积在90平方米以上按照10000元/套标准发放普惠消费券", ["10000元"], id="p09 宿州 a size class"),
        pytest.param("地上2万平方米以上新建公共建筑和10万平方米以上的新建居住小区鼓励采用装配式建筑", [],
                     id="p09 宿州 size classes before a noun"),
        pytest.param("城镇调查失业率控制在5.5%以内", ["5.5%"], id="e07 济源 控制在 is a bound, not a class"),
        pytest.param("自2020年嘉定区开展海绵城市建设达标评估以来，嘉定新城中心城区等共计25.2平方公里通过达标评估", [],
                     id="h03 嘉定 以来 looks back"),
    ],
)
def test_numbers_that_are_not_commitments(sentence, expected):
    assert value_texts(sentence) == expected


# -- changes, ranges of shares, understood 元, coefficients (issue 11) ---------------------------
@pytest.mark.parametrize(
    "sentence, value_text, value, value_max, unit, baseline, kind",
    [
        pytest.param("政府采购项目面向小微企业的价格扣除比例从6%-10%提高至10%-20%。", "10%-20%", 10, 20, "%", 6, "target",
                     id="p01 恩阳 a range of shares raised from a range"),
        pytest.param("城镇污水处理能力由12万吨/天，提高至24万吨/天，基本满足需要", "24万吨", 240000, None, "吨", 120000, "target",
                     id="h04 崇明水务 由X，提高至Y across a comma"),
        pytest.param("二孩家庭补贴不超过2万，三孩家庭补贴不超过3万。", "2万", 20000, None, "元", None, "funding",
                     id="p01 恩阳 the 元 of a subsidy is understood"),
        pytest.param("改善性住房面积为90平方米及以下的，减按1%的税率征收契税", "1%", 1, None, "%", None, "standard",
                     id="p01 恩阳 a reduced tax rate is the offer, not a qualifier"),
        pytest.param("车位土地配建比例0.8-1调整为0.6-0.8", "0.6-0.8", 0.6, 0.8, None, 0.8, "standard",
                     id="p01 恩阳 a coefficient range adjusted from another"),
        pytest.param("顶层涉及绿化达到覆土厚度要求的，可按0.4计入绿地率", "0.4", 0.4, None, None, None, "standard",
                     id="p09 宿州 a coefficient a rule sets"),
    ],
)
def test_changes_ranges_and_coefficients(sentence, value_text, value, value_max, unit, baseline, kind):
    q = the(sentence, value_text)
    assert (q.value, q.value_max, q.unit, q.baseline_value, q.kind) == (value, value_max, unit, baseline, kind)


def test_the_from_value_of_a_change_is_no_target():
    assert value_texts("城镇污水处理能力由12万吨/天，提高至24万吨/天") == ["24万吨"]
