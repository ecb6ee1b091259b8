"""extract.entities.responsibility: who leads and who takes part, in every form the corpora print."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.entities.responsibility import find_default_declaration, find_notes, parse_standalone, split_units
from extract.text.textnorm import fold, squash

OFFSET = 1000  # notes are found in a task's body; offsets are the document's


def mentions(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.role) for note in find_notes(text, OFFSET) for m in note.mentions]


def assert_offsets_point_at_mentions(text: str, found) -> None:
    for m in found:
        assert squash(text[m.start - OFFSET:m.end - OFFSET]) == m.text


# -- find_notes: every form -----------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, expected",
    [
        pytest.param(
            "推动养老服务设施全覆盖。（责任部门：区民政局、区规划资源局、区财政局、区医保局、区卫生健康委、区司法局、区公安分局、各乡镇）",
            [("区民政局", "co"), ("区规划资源局", "co"), ("区财政局", "co"), ("区医保局", "co"), ("区卫生健康委", "co"),
             ("区司法局", "co"), ("区公安分局", "co"), ("各乡镇", "co")],
            id="000 崇明 责任部门"),
        pytest.param(
            "为全区18个乡镇适龄婴幼儿家庭提供线下科学育儿指导服务。（责任单位：区民政局、区教育局、区文化旅游局）",
            [("区民政局", "co"), ("区教育局", "co"), ("区文化旅游局", "co")],
            id="001 崇明 责任单位"),
        pytest.param(
            "(牵头单位:示范区发展改革和统计局,责任单位:示范区交通运输局、住房和城乡建设局、自然资源和规划局、机关事务管理局、财政金融局)",
            [("示范区发展改革和统计局", "lead"), ("示范区交通运输局", "co"), ("住房和城乡建设局", "co"),
             ("自然资源和规划局", "co"), ("机关事务管理局", "co"), ("财政金融局", "co")],
            id="e07 济源 牵头单位 and 责任单位"),
        pytest.param(
            "(牵头单位:示范区发展改革和统计局(商务局),责任单位:示范区财政金融局、民政局)",
            [("示范区发展改革和统计局(商务局)", "lead"), ("示范区财政金融局", "co"), ("民政局", "co")],
            id="e07 济源 牵头单位 with a bracketed alias"),
        pytest.param(
            "将城乡低保对象纳入保障范围。（区民政局牵头，区发改委、区财政局、区人社局、区卫健委、各街镇组织实施）",
            [("区民政局", "lead"), ("区发改委", "co"), ("区财政局", "co"), ("区人社局", "co"), ("区卫健委", "co"),
             ("各街镇", "co")],
            id="002 浦东 牵头…组织实施"),
        pytest.param(
            "研究进一步放宽皮卡车进城限制。（各地级以上市人民政府，省公安厅、发展改革委按职责分工负责）",
            [("各地级以上市人民政府", "co"), ("省公安厅", "co"), ("发展改革委", "co")],
            id="p06 广东 按职责分工负责"),
        pytest.param(
            "（各地级以上市人民政府，省商务厅、公安厅，省税务局按职责分工负责）",
            [("各地级以上市人民政府", "co"), ("省商务厅", "co"), ("公安厅", "co"), ("省税务局", "co")],
            id="p06 广东 three clauses, one verb"),
        pytest.param(
            "（各地级以上市人民政府，省体育局负责）",
            [("各地级以上市人民政府", "co"), ("省体育局", "co")],
            id="p06 广东 负责"),
        pytest.param(
            "（区民政局牵头，区发改委、区教育局、区人社局（医保局）、各街镇组织实施）",
            [("区民政局", "lead"), ("区发改委", "co"), ("区教育局", "co"), ("区人社局（医保局）", "co"), ("各街镇", "co")],
            id="002 浦东 区人社局（医保局） kept whole"),
        pytest.param(
            "逐一解决销账。(责任单位:各市〔州〕、各县〔市、区、特区〕人民政府)",
            [("各市〔州〕", "co"), ("各县〔市、区、特区〕人民政府", "co")],
            id="e05 贵州 nested brackets"),
        pytest.param(
            "(责任单位:省发展改革委、其他省直有关部门和单位,各市〔州〕、各县〔市、区、特区〕人民政府)",
            [("省发展改革委", "co"), ("其他省直有关部门和单位", "co"), ("各市〔州〕", "co"),
             ("各县〔市、区、特区〕人民政府", "co")],
            id="e05 贵州 half-width comma between groups"),
        pytest.param(
            "稳定市场预期，增强市场信心。（责任单位：市委网信办、 市住房保障房产局、市市场监管局、各县区人民政府）",
            [("市委网信办", "co"), ("市住房保障房产局", "co"), ("市市场监管局", "co"), ("各县区人民政府", "co")],
            id="p08 西宁 stray space"),
        pytest.param(
            "鼓励房地产企业适当让利。(责任单位: 市房管中心)",
            [("市房管中心", "co")],
            id="p09 宿州 space after the colon"),
        pytest.param(
            "[责任单位：市商务局、市财政局]",
            [("市商务局", "co"), ("市财政局", "co")],
            id="GUIDE.md square brackets"),
        pytest.param(
            "（责任单位：区民政局、区财政局等）",
            [("区民政局", "co"), ("区财政局", "co")],
            id="GUIDE.md trailing 等"),
        pytest.param(
            "(责任单位:省能源局、国家矿山安全监察局贵州局、省住房城乡建设厅、省交通运输厅、省公安厅、省应急厅等单位,"
            "各市〔州〕、各县〔市、区、特区〕人民政府)",
            [("省能源局", "co"), ("国家矿山安全监察局贵州局", "co"), ("省住房城乡建设厅", "co"), ("省交通运输厅", "co"),
             ("省公安厅", "co"), ("省应急厅", "co"), ("各市〔州〕", "co"), ("各县〔市、区、特区〕人民政府", "co")],
            id="e05 贵州 trailing 等单位"),
        # a bare list of bodies closing a task, no label or verb (issue 11); the forms the issue names
        pytest.param(
            "加快推进产业用地集中连片开发。（各街镇、区规划资源局、区土储中心）",
            [("各街镇", "co"), ("区规划资源局", "co"), ("区土储中心", "co")],
            id="bare list after the sentence"),
        pytest.param(
            "推进国有企业存量用地提质增效（区属国企、各街镇等）。",
            [("区属国企", "co"), ("各街镇", "co")],
            id="bare list before the full stop, trailing 等"),
        pytest.param(
            "完善可再生能源建设激励机制。\n（责任单位：区发展改革委、区建管委，各街道管理办）",
            [("区发展改革委", "co"), ("区建管委", "co"), ("各街道管理办", "co")],
            id="h02 黄浦 a note on its own line"),
    ],
)
def test_find_notes(sentence, expected):
    assert mentions(sentence) == expected
    assert_offsets_point_at_mentions(sentence, [m for n in find_notes(sentence, OFFSET) for m in n.mentions])


@pytest.mark.parametrize(
    "sentence",
    [
        "到2024年全区养老床位总量不少于9888张（按28.25万户籍老年人口预测数计算）。",            # 000 崇明
        "构建“1(社区综合为老服务中心)+N（家门口服务站点）”设施网络。",                          # 000 崇明
        "开展“老年服务与管理专业（专科）”定向培养",                                            # 000 崇明
        "为贯彻落实《国务院办公厅关于促进养老托育服务健康发展的意见》（国办发〔2020〕52号）精神",  # 001 崇明
        "特别是职业院校（含技工学校等）开设养老护理相关专业",                                    # 003 如皋
        "凡购买市区 (含市管园区) 新建商品住房的",                                               # p09 宿州
        "（由区民政局负责。具体办法另行制定）",     # a cue word inside a sentence is no note (made up)
        "由区人社局（医保局）负责落实。",            # a second name glossing a body is no bare note
        "推进养老服务（区民政局）建设",              # a gloss inside a sentence
        "鼓励社会力量参与（如养老机构、社区组织）。",  # examples, not a list of bodies
    ],
)
def test_ordinary_parentheses_are_no_notes(sentence):
    assert find_notes(sentence) == []


def test_note_span_covers_the_brackets():
    # 000 崇明
    text = "实现签约服务达标全覆盖。（责任部门：区卫生健康委、区民政局、各乡镇）"
    (note,) = find_notes(text, OFFSET)
    assert text[note.start - OFFSET:note.end - OFFSET] == "（责任部门：区卫生健康委、区民政局、各乡镇）"


def test_two_notes_in_one_body():
    # e03 北京 items end in a note; a body can hold more than one
    text = "打造标杆应用。（责任单位：市科委中关村管委会）推广示范应用。（责任单位：市经济和信息化局、市卫生健康委）"
    notes = find_notes(text)
    assert [[m.text for m in n.mentions] for n in notes] == [["市科委中关村管委会"], ["市经济和信息化局", "市卫生健康委"]]


# Real unit names, to build notes from.
UNIT_NAMES = ["区民政局", "区人社局（医保局）", "各乡镇", "市委网信办", "示范区发展改革和统计局(商务局)", "各市〔州〕",
              "各县〔市、区、特区〕人民政府", "国家矿山安全监察局贵州局", "街道办事处", "区卫生健康委"]


@given(st.lists(st.sampled_from(UNIT_NAMES), min_size=1, max_size=6),
       st.sampled_from(["（责任单位：", "(责任单位:", "（责任部门：", "[责任单位：", "(责任单位: "]),
       st.sampled_from(["、", "，", "、 ", ","]),
       st.text(alphabet="推进养老服务。，", max_size=20))
def test_any_labelled_note_gives_back_its_units(units, label, separator, before):
    text = before + label + separator.join(units) + ("]" if label.startswith("[") else "）")
    found = [m for n in find_notes(text, OFFSET) for m in n.mentions]
    assert [m.text for m in found] == units
    assert {m.role for m in found} == {"co"}
    assert_offsets_point_at_mentions(text, found)


# -- parse_standalone: a note on a line of its own -----------------------------------
@pytest.mark.parametrize(
    "line, expected",
    [
        pytest.param(
            "牵头单位：区民政局；责任单位：区财政局、区住房城乡建委、区城市管理局、各镇乡人民政府、街道办事处。",
            [("区民政局", "lead"), ("区财政局", "co"), ("区住房城乡建委", "co"), ("区城市管理局", "co"),
             ("各镇乡人民政府", "co"), ("街道办事处", "co")],
            id="004 万州 group line"),
        pytest.param(
            "牵头单位：区民政局、区财政局；责任单位：区政府办公室、区发展改革委、各镇乡人民政府、街道办事处。",
            [("区民政局", "lead"), ("区财政局", "lead"), ("区政府办公室", "co"), ("区发展改革委", "co"),
             ("各镇乡人民政府", "co"), ("街道办事处", "co")],
            id="004 万州 two leads"),
        pytest.param("推进养老服务高质量发展。", [], id="no label"),
    ],
)
def test_parse_standalone(line, expected):
    found = parse_standalone(line, OFFSET)
    assert [(m.text, m.role) for m in found] == expected
    assert_offsets_point_at_mentions(line, found)


# -- split_units ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("区人社局（医保局）、各镇乡人民政府、街道办事处", ["区人社局（医保局）", "各镇乡人民政府", "街道办事处"]),  # GUIDE.md
        ("各市〔州〕、各县〔市、区、特区〕人民政府", ["各市〔州〕", "各县〔市、区、特区〕人民政府"]),               # e05 贵州
        ("区财政局、区市场监管局、区大数发展局、各镇乡人民政府、街道办事处。",                                    # 004 万州 table
         ["区财政局", "区市场监管局", "区大数发展局", "各镇乡人民政府", "街道办事处"]),
        ("区民政局、区司法局、\n\n区公安分局、各乡镇", ["区民政局", "区司法局", "区公安分局", "各乡镇"]),        # 000 崇明 split cell
        ("区卫生健康委，区经委，区农业农村委，相关乡镇", ["区卫生健康委", "区经委", "区农业农村委", "相关乡镇"]),  # 001 崇明 清单
        ("区民政局/区财政局", ["区民政局", "区财政局"]),
        ("区民政局、区财政局等", ["区民政局", "区财政局"]),
        ("区、镇", []),                                              # one-character pieces are no units
        ("、区民政局、", ["区民政局"]),
        ("区民政局、按照全区统一部署做好养老服务设施建设用地保障和规划审批等各项工作的相关部门和有关单位", ["区民政局"]),  # a sentence
    ],
)
def test_split_units(raw, expected):
    found = split_units(fold(raw), OFFSET, "co", raw)
    assert [m.text for m in found] == expected
    assert all(m.role == "co" for m in found)
    assert_offsets_point_at_mentions(raw, found)


def test_split_units_keeps_the_role_given():
    assert {m.role for m in split_units("区民政局、区财政局", 0, "lead", "区民政局、区财政局")} == {"lead"}


# -- find_default_declaration ---------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("以下均需各园区管委会、各县区人民政府落实，不再列出。", ["各园区管委会", "各县区人民政府"]),      # GUIDE.md
        ("以下各项任务均需各园区管委会、各县区人民政府负责落实,不再一一列出。", ["各园区管委会", "各县区人民政府"]),
        ("各县区人民政府要抓好落实。", []),
    ],
)
def test_find_default_declaration(sentence, expected):
    found = find_default_declaration(sentence, OFFSET)
    assert [m.text for m in found] == expected
    assert all(m.role == "co" for m in found)
    assert_offsets_point_at_mentions(sentence, found)
