"""extract.structure.outline: numbered headings read into a tree with spans."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.text.lines import split_lines
from extract.structure.metadata import read_metadata
from extract.structure.outline import build_outline, match_heading
from extract.readers import read_source
from extract.text.textnorm import fold

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = ["000_c428ca0736d105e4.txt", "001_7766aa58f5f172dd.txt", "002_019ae4dc2b2b33f6.txt",
         "003_4f30a381c0252c0e.txt", "004_06819636498526cc.txt"]


def outline_of(text: str, title_lines: set[int] = frozenset()):
    return build_outline(split_lines(text), len(text), title_lines)


def nodes(root):
    return [n for n in root.walk() if n is not root]


def shape(root):
    """(depth, style, number) of every node, in document order."""
    return [(n.depth, n.style, n.number) for n in nodes(root)]


# -- match_heading: one case per numbering style ------------------------------------
@pytest.mark.parametrize(
    "line, expected",
    [
        # chapter 一、
        ("三、主要任务", ("chapter", "三", 2)),                                        # 000 崇明
        ("十五、强化舆论宣传引导。加强媒体舆情监测监管", ("chapter", "十五", 3)),        # p08 西宁
        # paren_cn （一） and (一)
        ("（一）基本养老服务保障提升计划", ("paren_cn", "一", 3)),                      # 000 崇明
        ("(一)建立复工复产复市督导服务机制", ("paren_cn", "一", 3)),                    # e05 贵州
        ("(四) 具体指标", ("paren_cn", "四", 4)),                                      # 001 崇明
        ("(二十三)强化组织领导。", ("paren_cn", "二十三", 5)),                          # e05 贵州
        ("（十一）建立时间银行，打造区块链+养老生态服务体系", ("paren_cn", "十一", 4)),  # 004 万州
        # arabic 1. 1、 1． 1﹒
        ("1.完善基本养老服务保障。", ("arabic", "1", 2)),                              # 000 崇明
        ("1. 养老服务体系发展总体情况。", ("arabic", "1", 3)),                         # 001 崇明
        ("4、编制实施《浦东新区养老服务设施布局专项规划（2022—2035）》", ("arabic", "4", 2)),  # 002 浦东
        ("22．完善政府监管。", ("arabic", "22", 3)),                                   # 004 万州
        ("1﹒推进工业互联网外网建设。", ("arabic", "1", 2)),                            # e04 安徽
        # paren_arabic （1）, circled ① (no corpus text prints them; forms of the module docstring)
        ("（1）推进社区养老服务设施建设", ("paren_arabic", "1", 3)),
        ("(2)推进老年教育", ("paren_arabic", "2", 3)),
        ("①建设社区嵌入式养老服务设施", ("circled", "①", 1)),
        # box 专栏3
        ("专栏3 链式养老服务延伸工程", ("box", "3", 4)),                                # 003 如皋
        ("专栏1  工业互联网网络互联互通工程", ("box", "1", 5)),                        # e04 安徽
        # part 第三章 (no corpus text prints it)
        ("第三章 主要任务", ("part", "三", 4)),
        ("第二部分 重点任务", ("part", "二", 5)),
    ],
)
def test_match_heading(line, expected):
    assert match_heading(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "2020年底，我市户籍人口140.39万人",      # 003 如皋: a year is no number
        "2022年10月31日",                        # 000 崇明: the notice date
        "1.5%的户籍老年人口",                    # 000 崇明: a decimal is no `1.`
        "1.01 万张",                             # 001 崇明
        "40.1",                                  # 003 如皋: a table value
        "5G+工业互联网融合应用工程",              # e04 安徽
        "1 城乡居民社会养老保险参保率 (%)",       # 001 崇明: a row number without a stop
        "一、",                                  # a number with no words after it
        "（一）",
        "附件1",
        "一是加强组织领导",
    ],
)
def test_not_a_heading(line):
    assert match_heading(line) is None


# -- build_outline on small documents ------------------------------------------------
def test_depth_follows_the_usual_order():
    text = "一、主要任务\n（一）养老服务\n1.完善保障。\n（1）制定清单\n①建立机制"
    assert shape(outline_of(text)) == [(1, "chapter", "一"), (2, "paren_cn", "一"), (3, "arabic", "1"),
                                        (4, "paren_arabic", "1"), (5, "circled", "①")]


def test_depth_is_learnt_from_order_of_appearance():
    # A plan that puts `1.` above `（一）`: the first style seen is the outer level.
    text = "1.养老服务\n（一）完善保障。\n（二）发展服务。\n2.托育服务\n（一）增加供给。"
    assert shape(outline_of(text)) == [(1, "arabic", "1"), (2, "paren_cn", "一"), (2, "paren_cn", "二"),
                                        (1, "arabic", "2"), (2, "paren_cn", "一")]


def test_a_style_seen_before_closes_the_deeper_levels():
    text = "一、总体要求\n（一）指导思想\n1.坚持。\n二、主要任务\n（一）基本养老服务保障提升计划\n1.完善。"
    root = outline_of(text)
    one, two = root.children
    assert [c.heading for c in two.children] == ["(一)基本养老服务保障提升计划"]
    assert one.end == two.start == text.index("二、")
    assert one.children[0].end == one.children[0].children[0].end == two.start


def test_spans_of_a_small_document():
    text = "　　一、总体要求\n坚持以人民为中心。\n　　二、主要任务\n1.完善保障。制定清单。\n2.发展服务。"
    root = outline_of(text)
    one, two = root.children
    assert one.start == text.index("一、")          # the heading's first character, not its indent
    assert one.end == text.index("　　二、")         # the start of the line that closes it
    assert two.end == len(text)
    first, second = two.children
    assert first.heading == "1.完善保障。"           # heading phrase: up to the first 。
    assert (first.start, first.end) == (text.index("1."), text.index("2."))
    assert (second.start, second.end) == (text.index("2."), len(text))
    assert first.path == ["二、主要任务", "1.完善保障。"]


def test_an_item_whose_text_starts_with_a_digit_continues_its_list():
    # h10 广州: `11.121人才梯队项目。` after item 10 is item 11, not the decimal 11.121
    root = outline_of("10.“羊城学者”特聘岗位计划。\n11.121人才梯队项目。重点培养不少于10名。\n12.博士后培养项目。")
    assert [(n.style, n.number) for n in nodes(root)] == [("arabic", "10"), ("arabic", "11"), ("arabic", "12")]


def test_a_decimal_that_continues_no_list_is_no_heading():
    root = outline_of("1.总体目标。\n3.5万元以上的项目给予补贴。")
    assert [(n.style, n.number) for n in nodes(root)] == [("arabic", "1")]


def test_annex_opens_a_top_level_node():
    text = ("一、主要任务\n1.完善保障。\n附件：崇明区深化养老服务三年行动计划任务分工方案\n"
            "一、基本养老服务保障\n附件2\n二、养老服务供给")
    root = outline_of(text)
    chapter, annex = root.children
    assert annex.style == "annex" and annex.depth == 1
    assert annex.start == text.index("附件：")
    assert chapter.end == annex.start
    # headings after the marker belong to the annex; a second marker opens no second annex
    assert [(c.depth, c.heading) for c in annex.children] == [(2, "一、基本养老服务保障"), (2, "二、养老服务供给")]


def test_a_long_line_starting_with_annex_is_no_marker():
    text = "一、主要任务\n附件所列项目由区民政局会同区财政局、区发展改革委、区规划资源局、区住房城乡建设管理委逐项核定并于每年年底前报送区政府备案。\n1.完善保障。"
    root = outline_of(text)
    assert [n.style for n in nodes(root)] == ["chapter", "arabic"]


def test_title_lines_start_a_new_segment():
    # 001 崇明 / e04 安徽: a notice, then the plan; the plan's numbering restarts.
    text = "关于印发方案的通知\n一、充分认识重要意义\n二、认真组织实施\n某区养老服务行动方案\n一、总体要求\n（一）指导思想\n二、主要任务"
    root = outline_of(text, {3})
    notice_one, notice_two, plan = root.children
    assert (notice_one.segment, notice_two.segment) == (0, 0)
    assert plan.style == "doc" and plan.segment == 1 and plan.depth == 1
    assert plan.start == text.index("某区")
    assert notice_two.end == plan.start
    assert [(c.depth, c.heading, c.segment) for c in plan.children] == [(2, "一、总体要求", 1), (2, "二、主要任务", 1)]
    assert plan.children[0].children[0].heading == "(一)指导思想"


def test_a_box_takes_no_children():
    # 003 如皋: 专栏 boxes sit beside the numbered tasks
    text = "（二）完善养老服务多元供给体系\n5.巩固家庭养老基础地位。\n\t专栏1  家庭养老服务支持工程\n（1）提高居家上门服务标准\n6.强化社区养老依托功能。"
    root = outline_of(text)
    section = root.children[0]
    five, six = section.children
    box, point = five.children
    assert box.style == "box" and box.number == "1" and box.children == []
    assert box.end == point.start
    assert point.style == "paren_arabic" and point.parent is five
    assert six.number == "6" and six.depth == five.depth


def test_table_cells_are_not_headings():
    # 000 崇明 task-division table: `\t1` `\t基本养老服务保障提升计划`…
    text = "三、主要任务\n\t序号\t主要任务\n\t1.完善基本养老服务保障\t区民政局\n1.完善基本养老服务保障。"
    assert shape(outline_of(text)) == [(1, "chapter", "三"), (2, "arabic", "1")]


# -- build_outline on each seed ------------------------------------------------------
@pytest.fixture(scope="module")
def seeds():
    out = {}
    for name in SEEDS:
        text = read_source(CORPUS / name).text
        lines = split_lines(text)
        _, title_lines = read_metadata(lines, text)
        out[name[:3]] = (text, build_outline(lines, len(text), {t.first_line for t in title_lines}))
    return out


@pytest.mark.parametrize("doc", [s[:3] for s in SEEDS])
def test_seed_nodes_start_at_their_heading(seeds, doc):
    text, root = seeds[doc]
    for node in nodes(root):
        assert fold(text[node.start:node.start + len(node.heading)]) == node.heading, node.heading
        assert not text[node.start].isspace()


@pytest.mark.parametrize("doc", [s[:3] for s in SEEDS])
def test_seed_children_lie_within_their_parent(seeds, doc):
    text, root = seeds[doc]
    assert (root.start, root.end) == (0, len(text))
    for node in root.walk():
        for child in node.children:
            assert child.depth == node.depth + 1
            assert node.start <= child.start <= child.end <= node.end, child.heading
        for before, after in zip(node.children, node.children[1:]):
            assert before.end <= after.start, after.heading


def plan_segment(root):
    return next(n for n in root.children if n.style == "doc")


@pytest.mark.parametrize(
    "doc, chapters",
    [
        ("000", ["一、总体要求", "二、工作目标", "三、主要任务", "四、保障措施"]),
        ("001", ["一、实施背景", "二、总体要求", "三、重点任务", "四、保障要素"]),
        ("002", ["一、总体要求", "二、发展目标", "三、主要任务", "四、保障措施"]),
        ("003", ["一、发展基础", "二、面临形势", "三、总体要求", "四、主要任务", "五、保障措施"]),
        ("004", ["一、总体目标", "二、试点工作任务", "三、实施步骤", "四、保障措施"]),
    ],
)
def test_seed_chapters(seeds, doc, chapters):
    _, root = seeds[doc]
    assert [c.heading for c in plan_segment(root).children] == chapters


@pytest.mark.parametrize(
    "doc, numbers",
    [
        ("000", [str(i) for i in range(1, 19)]),
        ("002", [str(i) for i in range(1, 26)]),                      # `1、` numbering
        # 003 如皋 prints 37. between 26. and 28.: kept as printed
        ("003", [str(i) for i in range(1, 27)] + ["37", "28", "29", "30", "31"]),
        # 004 万州 prints its 20th item without a number
        ("004", [str(i) for i in range(1, 20)] + [str(i) for i in range(21, 31)]),
    ],
)
def test_seed_task_numbers(seeds, doc, numbers):
    _, root = seeds[doc]
    worklist = next(c for c in plan_segment(root).children if "任务" in c.heading)
    assert [n.number for n in worklist.walk() if n.style == "arabic"] == numbers


def test_seed_000_annex_and_task_division_segment(seeds):
    text, root = seeds["000"]
    kinds = [(c.style, c.segment) for c in root.children]
    assert kinds == [("doc", 1), ("annex", 1), ("doc", 2)]
    annex, division = root.children[1:]
    assert annex.start == text.index("附件：《崇明区")
    assert division.heading.endswith("任务分工方案")


def test_seed_000_every_safeguard_section_is_found(seeds):
    # 000 崇明, line 75
    _, root = seeds["000"]
    safeguards = plan_segment(root).children[3]
    assert [c.number for c in safeguards.children] == ["一", "二", "三", "四"]


def test_seed_003_boxes_sit_under_tasks(seeds):
    _, root = seeds["003"]
    boxes = [n for n in root.walk() if n.style == "box"]
    assert [b.number for b in boxes] == [str(i) for i in range(1, 11)]
    assert all(b.parent.style == "arabic" and not b.children for b in boxes)
    assert boxes[2].heading == "专栏3 链式养老服务延伸工程" and boxes[2].parent.number == "7"


def test_seed_004_wrapped_title_and_annex(seeds):
    text, root = seeds["004"]
    plan, annex = root.children
    assert plan.style == "doc" and plan.heading == "重庆市万州区居家和社区养老服务"   # first of two title lines
    assert annex.style == "annex" and annex.start == text.index("附件：重庆市万州区")
    assert plan.end == annex.start
