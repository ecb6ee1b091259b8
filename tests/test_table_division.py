"""Task-division tables whose columns are known by what they hold, rows rebuilt where merged
cells were dropped, and rows linked to the body's tasks by labels, parallel numbers or titles.

Cases are rows of real annex tables: h01 (静安 城市更新, 任务类型/序号/工作任务/推进单位 with
`行动一：…` label rows), h08 (上海交通, nine columns with per-year plans and 牵头/配合/实施主体),
000 and 004 (seed tables printed one cell per line).
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from extract.entities.org_names import is_org_list, looks_like_org, org_pieces
from extract.structure.table_columns import cell_kind, header_roles, load_column_rules, read_columns
from extract.structure.table_links import KeyValue, key_value, link_rows, title_similarity
from extract.structure.table_records import read_task_division, table_kind
from extract.structure.table_rows import align, aligned_rows
from extract.structure.tables import find_tables
from extract.text.lines import split_lines


def only_table(text: str):
    (table,) = find_tables(split_lines(text))
    return table


# -- org names ------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("区规划资源局、区建设管理委、区发展改革委、区文化旅游局、江宁路街道、石门二路街道", True),   # h01
    ("区“两旧”专班、区房管局、区旧改总办、区成套办、各相关街镇", True),                        # h01
    ("设施运行处 设施养护处", True),                                                          # h08, a wrapped cell
    ("各行业主管部门、各区", True),                                                            # h08
    ("市交通委（计划财务处）", True),                                                         # h08
    ("上海铁路局集团有限公司、上海金山铁路有限公司", True),                                   # h08
    ("区民政局，区财政局", True),                                                             # 001
    ("加快推进各类旧住房更新改造。", False),                                                   # h01 item
    ("建设精品道路100条。", False),                                                           # h08 year cell
    ("推进走马塘片区规划研究", False),                                                         # h01 item
    ("历史文化风貌区风貌保护街坊风貌保护道路", False),                                          # h01 task type
    ("海绵城市系统方案", False),                                                              # h03 task type
    ("/", False),
])
def test_is_org_list(text, expected):
    assert is_org_list(text) is expected


def test_org_pieces_split_at_spaces_after_a_name_only():
    assert org_pieces("设施运行处 设施养护处") == ["设施运行处", "设施养护处"]
    assert org_pieces("区人力资源 社会保障局") == ["区人力资源 社会保障局"]


@pytest.mark.parametrize("name", ["区土地储备中心", "各相关部门和单位", "置业集团", "各区", "区“两旧”专班"])
def test_looks_like_org(name):
    assert looks_like_org(name)


# -- column roles ------------------------------------------------------------------------------
def test_column_rules_load_with_every_role():
    roles = {rule.role for rule in load_column_rules()}
    assert {"number", "item", "task", "lead", "co", "office", "deadline", "year_plan", "duties"} <= roles


@pytest.mark.parametrize("header, roles", [
    ("牵头 部门", ["lead"]),
    ("实施 主体", ["co"]),
    ("推进单位", ["co"]),
    ("2025年计划", ["year_plan"]),
    ("具体项目及目标", ["item"]),
    ("主要方向", ["task"]),
    ("市卫健委内牵头处室", ["office", "lead"]),
    ("职责分工", ["duties"]),
])
def test_header_roles(header, roles):
    assert header_roles(header) == roles


@pytest.mark.parametrize("cell, kind", [
    ("12", "seq"), ("（3）", "seq"), ("2021年12月", "date"), ("区民政局、区财政局", "orgs"),
    ("/", "empty"), ("建设精品道路100条。", "text"),
])
def test_cell_kind(cell, kind):
    assert cell_kind(cell) == kind


H08 = "\n".join([
    "任务 分类\t主要方向\t重点任务（2024-2026）\t2024年工作项目\t2025年计划\t2026年计划\t牵头 部门\t配合 部门\t实施 主体",
    "（一） 提升交通设施环境品质\t1、改善城市道路环境\t（1）建设精品道路300条。\t建设精品道路100条。\t建设精品道路100条。"
    "\t建设精品道路100条。\t设施养护处\t各相关部门和单位\t各行业主管部门、各区",
    "2、改善农村道路环境\t（2）推进“四好农村路”高质量发展。\t农村公路提档升级改造300公里。\t农村公路提档升级改造200公里。"
    "\t农村公路提档升级改造100公里。\t设施养护处\t各相关部门和单位\t各行业主管部门、各区",
    "3、提升慢行交通空间品质\t（3）完成慢行交通专项提升项目300项。\t完成慢行交通专项提升项目110个。\t完成慢行交通专项提升项目110个。"
    "\t完成慢行交通专项提升项目80个。\t设施运行处 设施养护处\t各相关部门和单位\t各行业主管部门、各区",
    "（4）建设慢行交通精品区域50个。\t建设慢行交通精品区17个。\t建设慢行交通精品区17个。\t建设慢行交通精品区16个。",
    "（14）强化车辆投放，每年投运中小车型公交车200辆。\t200辆\t200辆\t200辆",
])

H01 = "\n".join([
    "任务类型\t序号\t工作任务\t推进单位",
    "行动一：再造发展新极行动（综合区域整体焕新行动）",
    "1\t“一江一河”地区：重点推进东斯文里区域整体更新。\t区规划资源局、区建设管理委、江宁路街道",
    "2\t推进走马塘片区规划研究\t区规划资源局、区建设管理委、市北高新集团",
    "行动二：重塑美丽新居行动（人居环境品质提升行动）",
    "旧区改造\t4\t全面完成中心城区零星二级旧里以下房屋改造\t区“两旧”专班、区房管局、各相关街镇",
    "旧住房更新改造\t5\t推进小梁薄板等老旧住房成套改造",
    "6\t加快推进各类旧住房更新改造。",
    "“美丽家园”建设\t8\t创建20个新时代“美丽家园”特色小区",
])


def test_h08_columns_by_header_and_cells():
    assert read_columns(only_table(H08)).roles == [
        "task", "task", "item", "year_plan", "year_plan", "year_plan", "lead", "co", "co"]


def test_h01_columns_and_label_rows():
    table = only_table(H01)
    assert read_columns(table).roles == ["task", "number", "item", "co"]
    assert [r.cells[0].text[:3] for r in table.rows if r.label] == ["行动一", "行动二"]
    assert table_kind(table) == "task_list"


@pytest.mark.parametrize("row_index, expected", [
    # the first row of a merged group prints every cell
    (0, ["（一）提升", "1、改善城", "（1）建设", "建设精品道", "建设精品道", "建设精品道", "设施养护处", "各相关部门", "各行业主管"]),
    # 任务分类 merged: the row starts at 主要方向
    (1, [None, "2、改善农", "（2）推进", "农村公路提", "农村公路提", "农村公路提", "设施养护处", "各相关部门", "各行业主管"]),
    # 分类, 方向 and the three unit columns merged: the row holds the item and its year cells
    (3, [None, None, "（4）建设", "建设慢行交", "建设慢行交", "建设慢行交", None, None, None]),
    (4, [None, None, "（14）强化", "200辆", "200辆", "200辆", None, None, None]),
])
def test_h08_short_rows_align_to_their_columns(row_index, expected):
    table = only_table(H08)
    row = table.rows[row_index]
    cells = align(row, read_columns(table))
    assert [c.text[:5] if c else None for c in cells] == [e[:5] if e else None for e in expected]


def test_h01_rows_take_merged_units_within_their_label_group():
    text = H01
    rows = read_task_division(only_table(text), text)
    by_number = {r.number: r for r in rows}
    units = lambda n: [u for u, _, _ in by_number[n].co]  # noqa: E731
    assert units("5") == units("6") == units("8") == ["区“两旧”专班", "区房管局", "各相关街镇"]
    assert by_number["1"].label.startswith("行动一") and by_number["8"].label.startswith("行动二")
    assert by_number["8"].groups == ["“美丽家园”建设"]


def test_h08_item_number_moves_to_the_row_number_and_year_cells_keep_their_year():
    rows = read_task_division(only_table(H08), H08)
    first = rows[0]
    assert (first.number, first.text) == ("1", "建设精品道路300条。")
    assert [(year, cell.text) for year, cell in first.year_cells] == [
        (2024, "建设精品道路100条。"), (2025, "建设精品道路100条。"), (2026, "建设精品道路100条。")]
    assert [u for u, _, _ in rows[2].lead] == ["设施运行处", "设施养护处"]
    assert [u for u, _, _ in rows[3].lead] == ["设施运行处", "设施养护处"]   # merged from the row above
    assert rows[3].groups == ["（一）提升交通设施环境品质", "3、提升慢行交通空间品质"]   # cell text squashed


# -- linking rows to tasks -----------------------------------------------------------------------
@dataclass
class Task:
    number: str
    title: str


@pytest.mark.parametrize("text, number, title", [
    ("行动一：再造发展新极行动（综合区域整体焕新行动）", 1, "再造发展新极行动综合区域整体焕新行动"),
    ("1、改善城市道路环境", 1, "改善城市道路环境"),
    ("（一） 提升交通设施环境品质", 1, "提升交通设施环境品质"),
    ("12、提升国省干线出行通达度", 12, "提升国省干线出行通达度"),
    ("第二部分 任务", 2, "任务"),
    ("三堤三网两生态", None, "三堤三网两生态"),
    ("完善基本养老服务保障", None, "完善基本养老服务保障"),
])
def test_key_value(text, number, title):
    assert key_value(text) == KeyValue(number, title)


def test_title_similarity_counts_a_shortened_title_as_close():
    assert title_similarity("再造发展新极行动", "再造发展新极行动——综合区域整体焕新") > 0.8
    assert title_similarity("改善城市道路环境", "提升轨道交通服务水平") < 0.5


def test_h01_rows_link_by_their_label_rows():
    tasks = [Task("一", "再造发展新极行动——综合区域整体焕新"), Task("二", "重塑美丽新居行动——人居环境品质提升")]
    rows = read_task_division(only_table(H01), H01)
    assert [tasks.index(t) + 1 for t in link_rows(rows, tasks)] == [1, 1, 2, 2, 2, 2]


def test_h08_rows_link_by_the_parallel_numbered_column_not_the_chapter_column():
    tasks = [Task("一", "改善城市道路环境"), Task("二", "改善农村道路环境"), Task("三", "提升慢行交通空间品质")]
    rows = read_task_division(only_table(H08), H08)
    assert [tasks.index(t) + 1 for t in link_rows(rows, tasks)] == [1, 2, 3, 3, 3]


def test_rows_naming_no_task_link_to_none():
    rows = read_task_division(only_table(H01), H01)
    assert link_rows(rows, [Task("1", "完善基本养老服务保障")]) == [None] * len(rows)


def test_aligned_rows_keep_label_rows_apart():
    table = only_table(H01)
    rows = aligned_rows(table, read_columns(table))
    assert len(rows) == 6 and all(not r.row.label for r in rows)


def test_a_page_grid_with_a_gap_on_the_wrong_side_is_laid_out_again():
    # h08 printed from a page whose grid put row (2)'s merged 任务分类 gap after its item
    text = H08.replace("2、改善农村道路环境\t（2）推进“四好农村路”高质量发展。\t",
                       "2、改善农村道路环境\t（2）推进“四好农村路”高质量发展。\t\t")
    table = only_table(text)
    row = table.rows[1]
    assert len(row.cells) == 9 and row.cells[2].text == ""
    cells = align(row, read_columns(table))
    assert [c.text[:5] if c else None for c in cells][:3] == [None, "2、改善农", "（2）推进"]


def test_rows_that_restate_tasks_in_their_own_text_link_to_them():
    # a division table with one row per task and no group column: 序号 | 工作任务 | 责任单位
    text = "\n".join([
        "序号\t工作任务\t责任单位",
        "1\t完善基本养老服务保障。制定基本养老服务清单。\t区民政局",
        "2\t发展社区嵌入式养老服务\t区民政局、各乡镇",
    ])
    tasks = [Task("1", "完善基本养老服务保障"), Task("2", "发展社区嵌入式养老服务网络"), Task("3", "加强人才队伍建设")]
    rows = read_task_division(only_table(text), text)
    assert [tasks.index(t) + 1 for t in link_rows(rows, tasks)] == [1, 2]
