"""extract.structure.roles: which sections of a plan are its work list."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.text.lines import split_lines
from extract.structure.metadata import read_metadata
from extract.structure.outline import build_outline
from extract.readers import read_source
from extract.structure.roles import assign_roles, role_of_heading

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize(
    "heading, role",
    [
        # goals
        ("一、总体要求", "goals"),                         # 000 崇明
        ("（一）指导思想", "goals"),                       # 001 崇明
        ("二、发展目标", "goals"),                         # 002 浦东
        ("二、工作目标", "goals"),                         # 000 崇明
        ("一、总体目标", "goals"),                         # 004 万州
        ("（二）基本原则", "goals"),                       # 001 崇明
        # worklist
        ("三、主要任务", "worklist"),                      # 000 崇明
        ("三、重点任务", "worklist"),                      # 001 崇明
        ("二、试点工作任务", "worklist"),                  # 004 万州
        ("二、行动步骤", "worklist"),                      # e04 安徽
        ("二、标杆应用工程", "worklist"),                  # e03 北京
        ("(一)网络体系强基行动。", "worklist"),            # e04 安徽
        # safeguards
        ("四、保障措施", "safeguards"),                    # 000 崇明
        ("四、保障要素", "safeguards"),                    # 001 崇明
        ("（一）组织实施", "safeguards"),                  # e03 北京
        ("三、实施步骤", "safeguards"),                    # 004 万州
        ("九、强化组织保障", "safeguards"),                # e05 贵州
        ("（一）加强组织领导，完善协调推进机制", "safeguards"),  # 002 浦东
        # background
        ("一、发展基础", "background"),                    # 003 如皋
        ("二、面临形势", "background"),                    # 003 如皋
        ("一、实施背景", "background"),                    # 001 崇明
        ("（二）发展趋势", "background"),                  # 001 崇明
        ("三、“十四五”发展思路", "goals"),                 # h04 崇明水务
        ("（一）指导方针", "goals"),                       # h04 崇明水务
        ("六、工作保障", "safeguards"),                    # h07 奉贤
        # chapters that are not work lists (issue 11)
        ("二、整治内容", "scope"),                         # h07 奉贤: the categories of land in scope
        ("一、适用范围", "scope"),                         # measures: who may apply
        ("二、支持对象", "scope"),                         # measures: who may apply
        ("三、工作流程", "procedure"),                     # procedures
        ("五、职责分工", "duties"),                        # each department's standing duties
        # no role: the heading names a topic, not a purpose
        ("（一）基本养老服务保障提升计划", None),          # 000 崇明
        ("（一）健全体制机制，着力构建养老服务工作体系", None),  # 004 万州
        ("三、发挥市场和企业的主体作用", None),            # e04 安徽
        ("四、建立齐抓共管的工作机制", None),              # e04 安徽
        ("三、示范性应用", None),                          # e03 北京
        ("一、支持企业稳产增产。对倍增企业一季度规模与效益发展情况开展综合评价", None),  # p04 东莞
    ],
)
def test_role_of_heading(heading, role):
    assert role_of_heading(heading) == role


def roles_of(text: str, title_lines: set[int] = frozenset()) -> dict[str, str]:
    root = build_outline(split_lines(text), len(text), title_lines)
    assign_roles(root)
    return {n.heading: n.role for n in root.walk() if n is not root}


# -- assign_roles on small outlines --------------------------------------------------
def test_children_inherit_a_decided_role():
    text = ("一、总体要求\n（一）指导思想\n（二）发展目标\n二、主要任务\n（一）基本养老服务保障提升计划\n"
            "1.完善基本养老服务保障。\n三、保障措施\n（一）加强组织领导\n1.建立联席会议制度。")
    assert roles_of(text) == {
        "一、总体要求": "goals", "(一)指导思想": "goals", "(二)发展目标": "goals",
        "二、主要任务": "worklist", "(一)基本养老服务保障提升计划": "worklist", "1.完善基本养老服务保障。": "worklist",
        "三、保障措施": "safeguards", "(一)加强组织领导": "safeguards", "1.建立联席会议制度。": "safeguards",
    }


def test_only_section_levels_are_classified():
    # e05 贵州: `41.建立重大项目“一对一”服务保障机制` is an action, not a safeguards chapter
    text = "五、实施项目建设“百日攻坚战”\n(十四)加强项目要素保障和建设实施\n41.建立重大项目“一对一”服务保障机制,对各项手续办理实行全流程跟踪服务。"
    assert set(roles_of(text).values()) == {"auto"}


def test_unnamed_chapters_after_the_worklist_are_safeguards_without_a_safeguards_chapter():
    # e04 安徽 行动计划: 二、行动步骤 then two chapters that name no purpose
    text = ("一、总体要求\n（一）指导思想\n二、行动步骤\n（一）网络体系强基行动。\n1﹒推进工业互联网外网建设。\n"
            "三、发挥市场和企业的主体作用\n（一）构建工业互联网产业生态。\n四、建立齐抓共管的工作机制\n（一）加强工作组织协调。")
    roles = roles_of(text)
    assert roles["二、行动步骤"] == roles["1.推进工业互联网外网建设。"] == "worklist"
    assert roles["三、发挥市场和企业的主体作用"] == roles["(一)构建工业互联网产业生态。"] == "safeguards"
    assert roles["四、建立齐抓共管的工作机制"] == roles["(一)加强工作组织协调。"] == "safeguards"


def test_unnamed_chapters_stay_open_when_a_safeguards_chapter_exists():
    # e03 北京: 二、标杆应用工程, then 三/四/五 (no purpose word), then 六、保障措施
    text = ("一、发展目标\n二、标杆应用工程\n（一）人工智能+机器人\n三、示范性应用\n（一）科研探索\n"
            "四、商业化应用\n五、联合研发平台建设\n六、保障措施\n（一）组织实施")
    roles = roles_of(text)
    assert roles["三、示范性应用"] == roles["(一)科研探索"] == "auto"
    assert roles["四、商业化应用"] == roles["五、联合研发平台建设"] == "auto"
    assert roles["六、保障措施"] == roles["(一)组织实施"] == "safeguards"


def test_chapters_before_the_worklist_stay_open():
    text = "一、支持工业互联网平台建设\n二、主要任务\n1.推进。\n三、强化宣传引导"
    roles = roles_of(text)
    assert roles["一、支持工业互联网平台建设"] == "auto"
    assert roles["三、强化宣传引导"] == "safeguards"


def test_the_rule_applies_per_document_segment():
    # e04 安徽: the attached 若干政策 (segment 1) has no work-list heading; its chapters stay open
    text = ("支持工业互联网发展若干政策\n一、支持工业互联网平台建设\n二、支持企业数字化转型\n"
            "安徽省工业互联网创新发展行动计划（2021-2023年）\n一、总体要求\n二、行动步骤\n三、发挥市场和企业的主体作用")
    root = build_outline(split_lines(text), len(text), {0, 3})
    assign_roles(root)
    policy, plan = root.children
    assert [c.role for c in policy.children] == ["auto", "auto"]
    assert [c.role for c in plan.children] == ["goals", "worklist", "safeguards"]


def test_a_chapter_of_stages_is_a_schedule_whatever_its_name():
    # h07 奉贤: 五、行动步骤 lists stages; e04's 二、行动步骤 lists actions and stays a work list
    text = ("四、整治要求\n(一)分解任务目标，逐地块确定整治方案\n五、行动步骤\n根据目标任务，每年度按步骤有序推进。\n"
            "(一)方案制定阶段(3月底前)\n(二)整治推进阶段(12月中旬前)\n(三)验收总结阶段(12月底前)\n六、工作保障\n(一)加强组织保障")
    roles = roles_of(text)
    assert roles["五、行动步骤"] == roles["(二)整治推进阶段(12月中旬前)"] == "schedule"
    assert roles["六、工作保障"] == "safeguards"
    assert roles["(一)分解任务目标,逐地块确定整治方案"] in ("auto", "worklist")


def test_annex_and_box_roles():
    text = "一、主要任务\n1.巩固家庭养老基础地位。\n\t专栏1  家庭养老服务支持工程\n附件：任务分工表\n一、基本养老服务"
    roles = roles_of(text)
    assert roles["专栏1  家庭养老服务支持工程"] == "box"
    assert roles["附件:任务分工表"] == roles["一、基本养老服务"] == "annex"


# -- assign_roles on real outlines ---------------------------------------------------
def document_roles(path: Path) -> dict[str, str]:
    text = read_source(path).text
    lines = split_lines(text)
    meta, title_lines = read_metadata(lines, text)
    root = build_outline(lines, len(text), {t.first_line for t in title_lines})
    assign_roles(root)
    plan = next(n for n in root.children if n.style == "doc" and n.start == meta.title_start)
    return {c.heading: c.role for c in plan.children}


def test_roles_of_seed_000():
    assert document_roles(ROOT / "corpus" / "000_c428ca0736d105e4.txt") == {
        "一、总体要求": "goals", "二、工作目标": "goals", "三、主要任务": "worklist", "四、保障措施": "safeguards",
    }


def test_roles_of_seed_004():
    assert document_roles(ROOT / "corpus" / "004_06819636498526cc.txt") == {
        "一、总体目标": "goals", "二、试点工作任务": "worklist", "三、实施步骤": "schedule", "四、保障措施": "safeguards",
    }


E04 = SHARED / "devset" / "corpus" / "e04_anhui_industrial_internet_action_plan_2021_2023.txt"


@pytest.mark.skipif(not E04.exists(), reason="../shared/devset is not beside this clone")
def test_roles_of_e04_plan_without_safeguards_chapter():
    assert document_roles(E04) == {
        "一、总体要求": "goals", "二、行动步骤": "worklist",
        "三、发挥市场和企业的主体作用": "safeguards", "四、建立齐抓共管的工作机制": "safeguards",
    }
