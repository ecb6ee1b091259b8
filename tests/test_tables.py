"""extract.structure.tables and extract.structure.table_records: flattened tables read back into rows, and what they say.

Small tables are built here in both flattened forms word-processor exports
produce (one cell per line; one TAB-separated row per line); the seeds'
real tables are read as they are.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.text.lines import split_lines
from extract.readers import read_source
from extract.structure.table_records import read_indicator_table, read_projects, read_task_division, table_kind
from extract.structure.tables import fill_down, find_tables
from extract.text.textnorm import squash

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = ["000_c428ca0736d105e4.txt", "001_7766aa58f5f172dd.txt", "003_4f30a381c0252c0e.txt",
         "004_06819636498526cc.txt"]


def cell_lines(*rows: list[str], title: str | None = None) -> str:
    """One cell per line (`\\t序号`), rows separated by a blank line."""
    blocks = ([f"\t{title}", ""] if title else []) + ["\n".join(f"\t{c}" for c in row) + "\n" for row in rows]
    return "\n".join(blocks)


def tab_rows(*rows: list[str]) -> str:
    """One row per line, cells separated by TABs (`序号\\t项目名称\\t…`)."""
    return "\n".join("\t".join(row) for row in rows) + "\n"


def only_table(text: str):
    (table,) = find_tables(split_lines(text))
    return table


def texts(table) -> list[list[str]]:
    return [row.texts() for row in table.rows]


def assert_cells_slice_back(table, text: str) -> None:
    for row in [table.header] + table.rows:
        for cell in row.cells:
            assert squash(text[cell.start:cell.end]) == cell.text


# -- reading the two flattened forms -------------------------------------------------
def test_one_cell_per_line_with_merged_cells():
    # 000 崇明 任务分工方案: an empty `\t` line is a merged cell
    text = cell_lines(["序号", "主要任务", "具体项目及目标", "责任单位"],
                      ["1", "完善基本养老服务保障", "制定基本养老服务清单。", "区民政局"],
                      ["2", "", "落实稳定投入机制，建立经济调节机制。", "区财政局"])
    table = only_table(text)
    assert table.header.texts() == ["序号", "主要任务", "具体项目及目标", "责任单位"]
    assert texts(table) == [["1", "完善基本养老服务保障", "制定基本养老服务清单。", "区民政局"],
                            ["2", "", "落实稳定投入机制，建立经济调节机制。", "区财政局"]]
    assert_cells_slice_back(table, text)


def test_tab_rows_with_an_empty_leading_cell():
    # 001 崇明 具体指标: the merged 一级指标 cell is an empty field
    text = tab_rows(["一级指标", "二级指标", "2020 年基 值", "2025 年目 标值", "责任单位"],
                    ["养老 领域", "4 养老床位总数 (张)", "8439", "10105", "区民政局"],
                    ["", "5 护理型床位占总养老床位的比重 (%)", "30", "≥ 60", "区民政局 区卫生健康委"])
    table = only_table(text)
    assert table.header.texts() == ["一级指标", "二级指标", "2020年基值", "2025年目标值", "责任单位"]
    assert texts(table) == [["养老领域", "4养老床位总数(张)", "8439", "10105", "区民政局"],
                            ["", "5护理型床位占总养老床位的比重(%)", "30", "≥60", "区民政局区卫生健康委"]]
    assert_cells_slice_back(table, text)


def test_a_title_line_before_the_table():
    # 003 如皋 / 004 万州: the table's title is a one-cell block
    text = cell_lines(["分类", "主要指标", "目标值", "2020年"], ["养老床位", "每千名老年人拥有养老床位(张)", "≥40", "40.1"],
                      title="如皋市“十三五”期间养老服务主要指标完成情况")
    assert only_table(text).title == "如皋市“十三五”期间养老服务主要指标完成情况"


def test_a_cell_broken_over_lines():
    # 000 崇明 row 6: `\t区民政局、区司法局、` / `` / `区公安分局、各乡镇`
    text = ("\t序号\n\t主要任务\n\t具体项目及目标\n\t责任单位\n\n"
            "\t6\n\t完善基本养老服务保障\n\t加强老年人权益保障普法宣传。\n\t区民政局、区司法局、\n\n区公安分局、各乡镇\n\n")
    table = only_table(text)
    assert texts(table) == [["6", "完善基本养老服务保障", "加强老年人权益保障普法宣传。", "区民政局、区司法局、区公安分局、各乡镇"]]
    assert_cells_slice_back(table, text)


def test_a_header_cell_broken_over_lines():
    # 003 如皋 主要发展指标: `\t指标` / `` / `属性`
    text = "\t分类\n\t序号\n\t指标\n\t2025年目标值\n\t指标\n\n属性\n\n\t居家社区养老\n\t1\n\t老年人接受居家上门服务覆盖率(%)\n\t18\n\t约束性\n\n"
    assert only_table(text).header.texts() == ["分类", "序号", "指标", "2025年目标值", "指标属性"]


def test_a_header_repeated_after_a_page_break_one_cell_per_line():
    header = ["序号", "主要任务", "具体项目及目标", "责任单位"]
    text = cell_lines(header, ["1", "完善基本养老服务保障", "制定基本养老服务清单。", "区民政局"],
                      header, ["2", "发展基本养老服务", "推广、宣传一批孝亲敬老文化。", "区文明办"])
    assert [row[0] for row in texts(only_table(text))] == ["1", "2"]


def test_a_header_repeated_after_a_page_break_tab_rows():
    # 001 崇明 养老托育重大项目清单: the list title and the header again after the page break
    title = ["(一) 养老托育重大项目清单"] + [""] * 8
    header = ["序号", "项目名称", "项目类型", "建设期限", "建设地点", "建设内容和规模", "总投资(万元)", "申请市级预算内投资(万元)", "责任单位"]
    text = tab_rows(title, header,
                    ["5", "护理型床位建设", "改建", "2021-2025", "全区养老机构", "全区完成约 6000 张护理型床位建设。", "1200", "600", "区民政局，区卫生健康委"],
                    title, header,
                    ["6", "社区老年助餐服务场所", "新建/改建", "2021-2025", "各乡镇", "新增约 26 个社区老年助餐服务场所。", "660", "330", "相关乡镇"])
    assert [row[:2] for row in texts(only_table(text))] == [["5", "护理型床位建设"], ["6", "社区老年助餐服务场所"]]


def test_a_row_split_by_a_page_break():
    # 000 崇明 row 13: `\t13` `\t养老服务供给提升计划`, two blank lines, then the rest of the row
    text = ("\t序号\n\t计划名称\n\t主要任务\n\t具体项目及目标\n\t责任单位\n\n"
            "\t13\n\t养老服务供给提升计划\n\n\n\t完善社区嵌入式养老服务网络\n"
            "\t优化社区养老服务设施功能布局。\n\t区民政局、各乡镇\n\n")
    assert texts(only_table(text)) == [["13", "养老服务供给提升计划", "完善社区嵌入式养老服务网络", "优化社区养老服务设施功能布局。",
                                        "区民政局、各乡镇"]]


def test_a_stray_space_before_a_cells_tab():
    # 004 万州: ` \t建立时间银行，打造区块链+养老生态服务体系。` is still a cell
    text = cell_lines(["序号", "工作任务", "具体内容", "完成时限"],
                      ["29", "建立时间银行。", "用参与公益服务的时间量化志愿者的付出。", "2021年12月"]).replace("\t建立时间银行。", " \t建立时间银行。")
    assert texts(only_table(text)) == [["29", "建立时间银行。", "用参与公益服务的时间量化志愿者的付出。", "2021年12月"]]


def test_lines_that_are_no_table():
    text = "一、总体要求\n坚持以人民为中心。\n(一) 养老托育重大项目清单\t\t\t\t\n"
    assert find_tables(split_lines(text)) == []


# -- fill_down -----------------------------------------------------------------------
def test_fill_down_within_groups():
    text = tab_rows(["序号", "工作任务", "具体内容", "完成时限", "牵头单位"],
                    ["1", "健全体制机制", "健全组织机构。", "2020年6月", "区民政局、区财政局"],
                    ["2", "", "完善政策体系。", "", ""],
                    ["4", "关爱困境老人", "认真履行政府托底保障职责。", "2021年3月", ""],
                    ["5", "", "健全养老服务补贴和高龄补贴制度。", "2020年8月", ""])
    filled = fill_down(only_table(text), [1, 3, 4], group_column=1)
    assert filled == [
        ["1", "健全体制机制", "健全组织机构。", "2020年6月", "区民政局、区财政局"],
        ["2", "健全体制机制", "完善政策体系。", "2020年6月", "区民政局、区财政局"],
        # a new task starts a group: its empty cells take nothing from the group above
        ["4", "关爱困境老人", "认真履行政府托底保障职责。", "2021年3月", ""],
        ["5", "关爱困境老人", "健全养老服务补贴和高龄补贴制度。", "2020年8月", ""],
    ]


def test_fill_down_without_groups_and_short_rows():
    text = tab_rows(["分类", "序号", "指标", "属性"], ["机构养老", "6", "护理型床位数占养老机构床位比例(%)", "约束性"],
                    ["", "7", "全市护理院建成率(%)"])
    assert fill_down(only_table(text), [0, 3]) == [
        ["机构养老", "6", "护理型床位数占养老机构床位比例(%)", "约束性"],
        ["机构养老", "7", "全市护理院建成率(%)", "约束性"],
    ]


# -- table_kind ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "header, title, kind",
    [
        (["序号", "计划名称", "主要任务", "具体项目及目标", "责任单位"], None, "task_division"),          # 000 崇明
        (["序号", "工作任务", "具体内容", "完成时限", "牵头单位", "责任单位"], None, "task_division"),     # 004 万州
        (["一级指标", "二级指标", "2020年基值", "2025年目标值", "责任单位"], None, "indicators"),         # 001 崇明
        (["分类", "序号", "指标", "2025年目标值", "指标属性"], "如皋市“十四五”养老服务主要发展指标", "indicators"),  # 003
        (["分类", "主要指标", "目标值", "2020年完成情况"], "如皋市“十三五”期间养老服务主要指标完成情况", "past"),    # 003
        (["序号", "项目名称", "项目类型", "建设期限", "总投资(万元)", "责任单位"], None, "projects"),       # 001 崇明
        (["序号", "改革名称", "重点工作举措和内容", "预期目标", "责任单位"], None, "other"),               # 001 崇明
    ],
)
def test_table_kind(header, title, kind):
    text = tab_rows(header, ["1"] + ["甲乙"] * (len(header) - 1))
    table = only_table(text)
    table.title = title
    assert table_kind(table) == kind


# -- read_task_division --------------------------------------------------------------
def test_read_task_division_fills_merged_cells():
    # 004 万州, first rows of 任务分工表
    text = cell_lines(["序号", "工作任务", "具体内容", "完成时限", "牵头单位", "责任单位"],
                      ["1", "健全体制机制，着力构建养老服务工作体系。", "健全组织机构。", "2020年6月", "区民政局、区财政局",
                       "区政府办公室、各镇乡人民政府、街道办事处"],
                      ["2", "", "完善政策体系。", "2020年6月", "", ""],
                      ["3", "", "建立督促机制。", "2021年8月-10月", "", ""])
    table = only_table(text)
    rows = read_task_division(table, text)
    assert [(r.number, r.parent_name, r.text, r.deadline) for r in rows] == [
        ("1", "健全体制机制，着力构建养老服务工作体系。", "健全组织机构。", "2020-06"),
        ("2", "健全体制机制，着力构建养老服务工作体系。", "完善政策体系。", "2020-06"),
        ("3", "健全体制机制，着力构建养老服务工作体系。", "建立督促机制。", "2021-10"),
    ]
    assert all([u for u, _, _ in r.lead] == ["区民政局", "区财政局"] for r in rows)
    assert all([u for u, _, _ in r.co] == ["区政府办公室", "各镇乡人民政府", "街道办事处"] for r in rows)
    # units of the row's own cell keep their offsets in the document
    for name, start, end in rows[0].lead + rows[0].co:
        assert text[start:end] == name


def test_read_task_division_without_a_deadline_column():
    text = cell_lines(["序号", "主要任务", "具体项目及目标", "责任单位"],
                      ["1", "完善基本养老服务保障", "制定基本养老服务清单。", "区民政局"])
    (row,) = read_task_division(only_table(text), text)
    assert (row.deadline, row.deadline_text, row.lead, [u for u, _, _ in row.co]) == (None, None, [], ["区民政局"])


def test_offices_inside_the_lead_body_are_no_units():
    # GUIDE.md: `市卫健委内牵头处室` names offices, not units
    text = tab_rows(["序号", "主要任务", "具体内容", "牵头单位", "市卫健委内牵头处室"],
                    ["1", "推进医养结合", "扶持医养结合养老机构。", "市卫健委", "老龄健康处"])
    (row,) = read_task_division(only_table(text), text)
    assert ([u for u, _, _ in row.lead], row.co) == (["市卫健委"], [])


# -- read_indicator_table ------------------------------------------------------------
def test_read_indicator_table():
    # 001 崇明 具体指标, in small
    text = tab_rows(["一级指标", "二级指标", "2020 年基 值", "2025 年目 标值", "责任单位"],
                    ["养老 领域", "2 基本医疗保险参保率 (%)", "应保尽保", "应保尽保", "区医保局"],
                    ["", "5 护理型床位占总养老床位的比重 (%)", "30", "≥ 60", "区民政局 区卫生健康委"],
                    ["", "8 老年助餐供客能力 (客/日)", "5500", "9000", "区民政局"],
                    ["", "9 人均期望寿命 (岁)", "83.76", "84 左右", "区卫生健康委"],
                    ["", "12 示范性老年友好社区 (活力发展社 区) 数 (个)", "/", "≥ 30", "区卫生健康委 区民政局"])
    rows = read_indicator_table(only_table(text), text)
    assert [(r.metric, r.unit, r.comparator, r.value, r.year, r.baseline_value, r.baseline_year, r.units) for r in rows] == [
        ("护理型床位占总养老床位的比重", "%", ">=", 60, 2025, 30, 2020, ["区民政局", "区卫生健康委"]),
        ("老年助餐供客能力", "客", "=", 9000, 2025, 5500, 2020, ["区民政局"]),
        ("人均期望寿命", "岁", "~", 84, 2025, 83.76, 2020, ["区卫生健康委"]),
        ("示范性老年友好社区(活力发展社区)数", "个", ">=", 30, 2025, None, None, ["区卫生健康委", "区民政局"]),
    ]


def test_indicator_label_without_a_unit_takes_the_unit_its_words_imply():
    # 003 如皋: `新增养老护理床位` prints no unit
    text = tab_rows(["分类", "序号", "指标", "2025年目标值", "指标属性"], ["机构养老", "10", "新增养老护理床位", "1000", "预期性"])
    (row,) = read_indicator_table(only_table(text), text)
    assert (row.metric, row.unit, row.value, row.year, row.binding) == ("新增养老护理床位", "张", 1000, 2025, "预期性")


# -- read_projects -------------------------------------------------------------------
def test_read_projects():
    # 001 崇明 养老托育重大项目清单
    text = tab_rows(["序号", "项目名称", "项目类型", "建设期限", "建设地点", "建设内容和规模", "总投资(万元)", "申请市级预算内投资(万元)", "责任单位"],
                    ["1", "中信养老社区", "新建", "2021-2023", "陈家镇", "包含护理床位 100 张，其他床位 550 张。", "230000", "/", "东滩建设集团"],
                    ["7", "长者运动健康之家", "新建/改建", "2021-2025", "各乡镇", "新增 23 个长者运动健康之家。", "1170", "200",
                     "区体育局, 区民政局, 相关乡镇"])
    rows = read_projects(only_table(text), text)
    assert [(p.number, p.name, p.project_type, p.period, p.location, p.investment_wan, p.units) for p in rows] == [
        ("1", "中信养老社区", "新建", "2021-2023", "陈家镇", 230000, ["东滩建设集团"]),
        ("7", "长者运动健康之家", "新建/改建", "2021-2025", "各乡镇", 1170, ["区体育局", "区民政局", "相关乡镇"]),
    ]
    assert [[m[0] for m in p.money] for p in rows] == [[230000], [1170, 200]]


# -- the seeds' real tables ----------------------------------------------------------
@pytest.fixture(scope="module")
def seed_tables():
    out = {}
    for name in SEEDS:
        text = read_source(CORPUS / name).text
        out[name[:3]] = (text, find_tables(split_lines(text)))
    return out


@pytest.mark.parametrize("doc", [s[:3] for s in SEEDS])
def test_seed_cells_slice_back_to_the_text(seed_tables, doc):
    text, tables = seed_tables[doc]
    for table in tables:
        assert_cells_slice_back(table, text)


@pytest.mark.parametrize(
    "doc, kinds",
    [
        ("000", ["task_division"]),
        ("001", ["indicators", "projects", "task_list", "task_list", "task_list", "task_list", "task_list"]),
        ("003", ["past", "indicators"]),
        ("004", ["task_division"]),
    ],
)
def test_seed_table_kinds(seed_tables, doc, kinds):
    _, tables = seed_tables[doc]
    assert [table_kind(t) for t in tables] == kinds


def test_seed_000_task_division(seed_tables):
    text, (table,) = seed_tables["000"]
    rows = read_task_division(table, text)
    assert [r.number for r in rows] == [str(i) for i in range(1, 64)]
    by_number = {r.number: r for r in rows}
    co = lambda n: [u for u, _, _ in by_number[n].co]  # noqa: E731
    # parent names, filled down over merged cells
    assert [by_number[n].parent_name for n in ("1", "2", "6", "7", "13", "16")] == [
        "完善基本养老服务保障", "完善基本养老服务保障", "完善基本养老服务保障", "发展基本养老服务",
        "完善社区嵌入式养老服务网络", "推动农村互助式养老服务发展"]
    assert co("2") == ["区民政局", "区规划资源局", "各乡镇"]
    assert co("6") == ["区民政局", "区司法局", "区公安分局", "各乡镇"]   # the split unit cell
    assert by_number["13"].text == "优化社区养老服务设施功能布局，社区养老服务设施建筑面积不低于常住人口每千人55平方米。"
    assert by_number["16"].text == "到2024年，每个乡镇至少培育3-4个睦邻综合体。"
    assert all(r.lead == [] and r.deadline is None for r in rows)


def test_seed_004_task_division(seed_tables):
    text, (table,) = seed_tables["004"]
    assert table.title == "重庆市万州区居家和社区养老服务改革试点工作任务分工表"
    rows = read_task_division(table, text)
    lead = lambda r: [u for u, _, _ in r.lead]  # noqa: E731
    co = lambda r: [u for u, _, _ in r.co]  # noqa: E731
    first, second = rows[0], rows[1]
    assert (first.number, first.deadline, first.deadline_text) == ("1", "2020-06", "2020年6月")
    assert lead(first) == lead(second) == ["区民政局", "区财政局"]
    assert co(second)[-2:] == ["各镇乡人民政府", "街道办事处"]
    fourth = next(r for r in rows if r.number == "4")
    assert (lead(fourth), co(fourth), fourth.deadline) == (
        ["区民政局"], ["区财政局", "区住房城乡建委", "区城市管理局", "各镇乡人民政府", "街道办事处"], "2021-03")
    # the rows printed without 序号 at the end of the table (建立时间银行 …)
    last_two = rows[-2:]
    assert [(r.number, r.text[:6], r.deadline) for r in last_two] == [(None, "建立时间银行", "2021-12"),
                                                                      (None, "打造特色智慧", "2021-12")]
    assert all(co(r) == ["区财政局", "区市场监管局", "区大数发展局", "各镇乡人民政府", "街道办事处"] for r in last_two)


def test_seed_001_indicator_table(seed_tables):
    text, tables = seed_tables["001"]
    rows = {r.metric: r for r in read_indicator_table(tables[0], text)}
    beds = rows["养老床位总数"]
    assert (beds.unit, beds.comparator, beds.value, beds.year, beds.baseline_value, beds.baseline_year) == (
        "张", "=", 10105, 2025, 8439, 2020)
    nursing = rows["护理型床位占总养老床位的比重"]
    assert (nursing.unit, nursing.comparator, nursing.value, nursing.value_text) == ("%", ">=", 60, "≥60")
    assert nursing.units == ["区民政局", "区卫生健康委"]                     # `区民政局 区卫生健康委`: two units
    assert rows["城乡居民社会养老保险参保率"].units == ["区人力资源社会保障局"]  # `区人力资源 社会保障局`: one
    life = rows["人均期望寿命"]
    assert (life.comparator, life.value, life.unit) == ("~", 84, "岁")
    assert "基本医疗保险参保率" not in rows                                  # 应保尽保: no number


@pytest.mark.parametrize(
    "doc, metric",
    [
        ("001", "城乡居民社会养老保险参保率"),                  # `1 城乡居民社会养老保险参保率 (%)`: row number dropped
        pytest.param("001", "0-6岁儿童保健管理率", id="001 `15 0-6 岁儿童保健管理率`"),
        ("003", "老年人接受居家上门服务覆盖率"),
        pytest.param("003", "80周岁及以上老年人能力评估覆盖率", id="003 `80周岁及以上`"),
    ],
)
def test_seed_indicator_metric(seed_tables, doc, metric):
    text, tables = seed_tables[doc]
    (table,) = [t for t in tables if table_kind(t) == "indicators"]
    assert metric in [r.metric for r in read_indicator_table(table, text)]


def test_seed_003_past_table_still_reads_as_indicators(seed_tables):
    # the past table's rows are read like any indicator table; its kind keeps them out of the targets
    text, tables = seed_tables["003"]
    past = tables[0]
    assert table_kind(past) == "past"
    assert ("每千名老年人拥有养老床位", "张", ">=", 40) in [
        (r.metric, r.unit, r.comparator, r.value) for r in read_indicator_table(past, text)]


def test_seed_001_projects(seed_tables):
    text, tables = seed_tables["001"]
    projects = read_projects(tables[1], text)
    assert [p.number for p in projects] == [str(i) for i in range(1, 10)]
    assert (projects[0].name, projects[0].investment_wan, projects[0].units) == ("中信养老社区", 230000, ["东滩建设集团"])
    assert projects[7].location == "东平镇建设镇向化镇城桥镇"
