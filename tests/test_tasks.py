"""extract.structure.tasks: the finest numbered items of the work list (GUIDE.md "tasks").

Small outlines built from real plans' lines; each case names its document.
"""
from __future__ import annotations

import pytest

from extract.structure.outline import build_outline
from extract.structure.roles import assign_roles
from extract.structure.tasks import find_tasks
from extract.text.lines import split_lines


def tasks_of(text: str):
    lines = split_lines(text)
    root = build_outline(lines, len(text))
    assign_roles(root)
    return find_tasks(root, lines, text, 0)


# h04 崇明水务: a work list four levels deep; the （1） items are the tasks, `1.海塘达标。` is path
H04 = "\n".join([
    "四、“十四五”主要任务",
    "（一）强化防洪除涝体系建设，保障防汛安全",
    "1.海塘达标。按照崇明三岛主海塘全部达到200年一遇高潮位的远景目标要求，到2025年：",
    "（1）崇明岛主海塘推进达标建设68.94公里，主海塘达标率77.6％。",
    "（2）长兴岛主海塘推进达标建设10.26公里，主海塘达标率96.8％。",
    "（3）长效开展三岛海塘维修、市场化养护。",
    "2.泵闸建设。按照崇明三岛规划水闸43座的远期布局：",
    "（1）完成崇明岛8座水闸的续建。",
    "（四）优化供水保障体系建设，提高资源品质",
    "1.管网安全保障工程。实施崇明岛57公里原水管线复线项目。",
    "2.管网更新工程。根据轻重缓急，聚焦重点发展区域。",
])


def test_the_finest_numbered_item_of_each_branch_is_the_task():
    found = [(t.number, t.title, t.path[-1]) for t in tasks_of(H04)]
    assert found == [
        ("1", "崇明岛主海塘推进达标建设68.94公里，主海塘达标率77.6％", "1.海塘达标。"),
        ("2", "长兴岛主海塘推进达标建设10.26公里，主海塘达标率96.8％", "1.海塘达标。"),
        ("3", "长效开展三岛海塘维修、市场化养护", "1.海塘达标。"),
        ("1", "完成崇明岛8座水闸的续建", "2.泵闸建设。"),
        ("1", "管网安全保障工程", "(四)优化供水保障体系建设,提高资源品质"),
        ("2", "管网更新工程", "(四)优化供水保障体系建设,提高资源品质"),   # headings are folded
    ]


@pytest.mark.parametrize("text, numbers", [
    pytest.param("三、主要任务\n①建立养老服务清单制度。\n②完善养老服务设施布局。", ["①", "②"], id="circled items are tasks"),
    pytest.param("三、主要任务\n1.完善养老服务。\n2.发展老年教育。", ["1", "2"], id="000 崇明 plain items"),
    pytest.param("三、主要任务\n（一）重点任务\n（二）其他任务", [], id="headings without action text are no tasks"),
])
def test_task_numbers(text, numbers):
    assert [t.number for t in tasks_of(text)] == numbers


def test_items_of_a_stage_schedule_are_no_tasks():
    # h07 奉贤: 五、行动步骤 lists stages with deadlines, not actions
    text = ("四、整治要求\n(一)分解任务目标，逐地块确定整治方案\n按照总体目标，根据各街镇存量违法用地情况分解任务。\n"
            "五、行动步骤\n(一)方案制定阶段(3月底前)\n区政府要结合实际制定年度实施方案。\n(二)整治推进阶段(12月中旬前)\n各街镇推进整治。")
    assert [t.title for t in tasks_of(text)] == ["分解任务目标，逐地块确定整治方案"]


def test_a_bracketed_note_on_its_own_line_covers_its_group():
    text = ("三、主要任务\n（一）推进光伏建设\n1.推进公共建筑屋顶光伏。\n2.推进工业厂房屋顶光伏。\n"
            "（责任单位：区发展改革委、区建管委）\n（二）推进地热利用\n3.开展地热能试点。（责任单位：区规划资源局）")
    units = [[m.text for m in t.mentions] for t in tasks_of(text)]
    assert units == [["区发展改革委", "区建管委"], ["区发展改革委", "区建管委"], ["区规划资源局"]]


def test_items_with_their_own_note_lines_keep_them():
    # h02 黄浦: every item is followed by its own note line
    text = ("一、主要任务\n1.推进光伏建设。\n（责任单位：区发展改革委）\n2.推进地热利用。\n（责任单位：区规划资源局）")
    assert [[m.text for m in t.mentions] for t in tasks_of(text)] == [["区发展改革委"], ["区规划资源局"]]
