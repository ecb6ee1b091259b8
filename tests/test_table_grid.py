"""Numeric tables: cell values, indicator tables with several target columns, value grids.

Cases are rows of real tables: h04 (崇明水务 indicator table, 2025 and 2035 targets with
their own measure words), h03 (嘉定海绵 达标评估推进计划表, rows keyed by year), h07 (奉贤
任务量分解表, a place × year allocation under a three-row header, unit in a caption line).
"""
from __future__ import annotations

import pytest

from extract.figures.cell_values import CellValue, parse_value_cell
from extract.figures.table_grid import caption_unit, read_value_grid
from extract.structure.table_records import read_indicator_table
from extract.structure.tables import find_tables
from extract.text.lines import split_lines


def only_table(text: str):
    (table,) = find_tables(split_lines(text))
    return table


@pytest.mark.parametrize("cell, expected", [
    ("≥73％", CellValue(">=", 73, None, "%", False)),                       # h04
    ("128.92平方公里", CellValue("=", 128.92, None, "平方公里", False)),     # h04
    ("（86.4％）", CellValue("=", 86.4, None, "%", True)),                  # h04 a 2019 value in brackets
    ("≥98％（除危废外）", CellValue(">=", 98, None, "%", False)),            # h04 a note after the value
    ("≤9％", CellValue("<=", 9, None, "%", False)),                         # h04
    ("84 左右", CellValue("~", 84, None, None, False)),                      # 001
    ("> 85", CellValue(">", 85, None, None, False)),                         # 001
    ("3-5个", CellValue("range", 3, 5, "个", False)),
    ("1145.10", CellValue("=", 1145.1, None, None, False)),                 # h07
])
def test_parse_value_cell(cell, expected):
    assert parse_value_cell(cell) == expected


@pytest.mark.parametrize("cell", ["/", "应保尽保", "2028年", "2020年-2023年", "嘉北公园二期", "城市80/农村40", "（一）"])
def test_cells_that_print_no_value(cell):
    assert parse_value_cell(cell) is None


H04 = "\n".join([
    "序号\t指标名称\t指标属性\t基准值（2020年）\t目标值（2025年）\t目标值（2035年）",
    "1\t主海塘达标率\t预期性\t46％\t≥73％\t100％",
    "3\t河湖水面积\t约束性\t120.14平方公里\t128.92平方公里\t148.37平方公里",
    "4\t市、区管河道断面水质稳定在Ⅲ类（含Ⅲ类）以上水体比重\t预期性\t（86.4％）\t100％\t100％",
])


def test_indicator_table_with_two_target_columns():
    found = [(i.metric, i.comparator, i.value, i.unit, i.year, i.baseline_value, i.binding)
             for i in read_indicator_table(only_table(H04), H04)]
    assert found == [
        ("主海塘达标率", ">=", 73, "%", 2025, 46, "预期性"),
        ("主海塘达标率", "=", 100, "%", 2035, 46, "预期性"),
        ("河湖水面积", "=", 128.92, "平方公里", 2025, 120.14, "约束性"),
        ("河湖水面积", "=", 148.37, "平方公里", 2035, 120.14, "约束性"),
        ("市、区管河道断面水质稳定在Ⅲ类（含Ⅲ类）以上水体比重", "=", 100, "%", 2025, 86.4, "预期性"),
        ("市、区管河道断面水质稳定在Ⅲ类（含Ⅲ类）以上水体比重", "=", 100, "%", 2035, 86.4, "预期性"),
    ]


H03 = "\n".join([
    "年份\t达标区域\t达标区域面积（平方公里）\t达标区域总面积占比",
    "片区\t总计",
    "2020年-2023年\t嘉定新城中心城区、嘉北公园一期\t25.20\t25.20\t25%",
    "2024年\t远香湖南\t4.73\t40.39\t40%",
    "嘉北公园二期\t10.46",
    "2025年\t黄渡大居\t4.27\t52.12\t52%",
])


def test_rows_keyed_by_year_give_their_year_and_the_header_unit():
    found = [(g.value.value, g.unit, g.year) for g in read_value_grid(only_table(H03), "", first_year=2024)]
    # 2020年-2023年 is the baseline row, before the plan starts
    assert found == [(4.73, "平方公里", 2024), (40.39, "平方公里", 2024), (40, "%", 2024),
                     (10.46, "平方公里", 2024),
                     (4.27, "平方公里", 2025), (52.12, "平方公里", 2025), (52, "%", 2025)]


H07_CAPTION = "奉贤区违法用地综合整治三年行动（2024-2026）任务量分解表\n面积单位：亩\n"
H07 = "\n".join([
    "街镇\t产业类存量违法用地\t重点开发区域\t2024-2026年任务量图斑面积\t分年度任务量图斑面积",
    "C类\t大吴泾\t奉贤新城\t2024年30%\t2025年40%\t2026年30%",
    "图斑面积\t个数\t图斑面积\t图斑面积\t图斑面积",
    "青村镇\t1145.10\t77\t14.21\t0.00\t574\t172\t230\t172",
    "金海街道\t19.09\t8\t6.00\t0.00\t19\t10\t9\t0",
])


def test_allocation_grid_takes_year_columns_and_their_total_not_the_stock():
    found = [(g.metric, g.value.value, g.unit, g.year) for g in read_value_grid(only_table(H07), H07_CAPTION, 2024)]
    assert [(v, u, y) for _, v, u, y in found] == [
        (172, "亩", 2024), (230, "亩", 2025), (172, "亩", 2026), (574, "亩", 2026),   # 574 = 172 + 230 + 172
        (10, "亩", 2024), (9, "亩", 2025), (19, "亩", 2026),                       # a zero is no target
        (30, "%", 2024), (40, "%", 2025), (30, "%", 2026),                         # the header's shares
    ]
    assert found[0][0].startswith("青村镇")


def test_caption_unit():
    assert caption_unit("面积单位：亩") == "亩"
    assert caption_unit("单位：万元") == "万元"
    assert caption_unit("表1 嘉定区海绵城市达标评估推进计划表") is None


def test_a_table_of_text_is_no_grid():
    text = "海绵示范区\t建设目标\n远香湖中央活动区\t打造高品质海绵示范会客厅。\n北虹桥商务区\t提高雨水资源利用效率。"
    assert read_value_grid(only_table(text), "", 2024) == []
