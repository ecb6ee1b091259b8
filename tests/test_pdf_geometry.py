"""PDF lines, paragraphs and tables rebuilt from geometry, on hand-made glyphs, lines and
cells (issue 13): the cases printed plans come apart on, without a PDF."""
from __future__ import annotations

import pytest

from extract.readers.pdf_glyphs import Glyph, glyph, glyph_lines, head_width
from extract.readers.pdf_health import text_layer_warnings
from extract.readers.pdf_lines import Line, cut_line_copies
from extract.readers.pdf_paragraphs import Geometry, join_lines, starts_paragraph
from extract.readers.pdf_stitch import continue_table, stitch
from extract.readers.pdf_tables import Cell, TableFragment

PT = 16.0           # 三号
PITCH = 23.25       # Chromium's line pitch for 16 pt Noto Serif CJK
SPACED = 39.25      # ... between <p> set 1 em apart


def run(text: str, x: float = 90.0, baseline: float = 100.0, size: float = PT,
        widths: dict[str, float] | None = None) -> list[Glyph]:
    """Glyphs set one after another: CJK a full em wide, ASCII half, `widths` overriding."""
    glyphs = []
    for char in text:
        width = (widths or {}).get(char, size / 2 if char.isascii() else size)
        glyphs.append(Glyph(char, x, x + width, baseline, size))
        x += width
    return glyphs


def texts(glyphs: list[Glyph]) -> list[str]:
    return [line.text for line in glyph_lines(glyphs)]


# --- lines from glyphs ----------------------------------------------------------------------

def test_baseline_comes_from_the_glyph_origin_not_its_box():
    """pdfminer gives the embedded CJK face no descent: its boxes sit 0.2 em above the Latin
    face's on the same printed line (e07 济源 at 16 pt); the origin is the same."""
    cjk = {"text": "源", "x0": 49.7, "x1": 65.7, "top": 46.25, "bottom": 62.25, "y1": 745.75, "size": 16.0,
           "upright": True, "matrix": (0.75, 0.0, 0.0, 0.75, 49.75, 729.75)}
    latin = {"text": "2", "x0": 65.7, "x1": 73.7, "top": 49.71, "bottom": 65.71, "y1": 742.29, "size": 16.0,
             "upright": True, "matrix": (0.75, 0.0, 0.0, 0.75, 65.7, 729.75)}
    assert glyph(cjk).baseline == pytest.approx(glyph(latin).baseline) == pytest.approx(62.25)


@pytest.mark.parametrize("glyphs, lines", [
    # faces of one line whose baselines differ by rounding stay on it
    pytest.param(run("占比") + run("≥95%", x=122, baseline=100.4) + run("，", x=154), ["占比≥95%，"], id="mixed-faces"),
    # lines a pitch apart are two lines
    pytest.param(run("一、总体要求") + run("（一）主要目标", baseline=100 + PITCH), ["一、总体要求", "（一）主要目标"],
                 id="two-lines"),
    # a smaller label raised beside a larger title is part of its line, in reading order
    pytest.param(run("附件1", x=90, baseline=86, size=12) + run("关于印发计划的通知", x=120, size=22),
                 ["附件1关于印发计划的通知"], id="label-beside-title"),
    # fake bold: the same glyph drawn twice over itself
    pytest.param(run("通知") + run("通知", x=90.4), ["通知"], id="overstrike"),
    # `（` set half an em back after `”` (Chromium's bracket compression) reads after it
    pytest.param([Glyph("站", 408.8, 424.8, 100, PT), Glyph("”", 424.8, 431.9, 100, PT),
                  Glyph("（", 423.9, 439.9, 100, PT), Glyph("7", 439.9, 447.9, 100, PT)], ["站”（7"],
                 id="compressed-bracket"),
    # a word space between Latin words
    pytest.param(run("public") + run("service", x=90 + 6 * 8 + 4), ["public service"], id="word-space"),
    # LibreOffice's 0.2 em between Asian and Latin text is no space
    pytest.param(run("到") + run("2025", x=106 + 3.2) + run("年", x=106 + 3.2 + 32 + 3.2), ["到2025年"],
                 id="asian-latin-spacing"),
    # a typed space between two names is kept
    pytest.param(run("王清宪") + run("省长", x=138 + 4), ["王清宪 省长"], id="typed-space"),
    # a letter-spaced title is no words
    pytest.param([Glyph("通", 200, 216, 100, PT), Glyph("知", 248, 264, 100, PT)], ["通知"], id="letter-spaced"),
])
def test_glyph_lines(glyphs, lines):
    assert texts(glyphs) == lines


@pytest.mark.parametrize("text, head", [
    ("车价格，的", "车"),                     # one ideograph
    ("价，格", "价，"),                       # closing punctuation stays with it
    ("（牵头单位", "（牵"),                   # an opening bracket goes with what follows
    ("2023年", "2023"),                      # a number is one piece
    ("95%以上", "95%"),
    ("动,2023年", "动,2023"),                 # a narrow comma binds the digits after it
])
def test_head_width(text, head):
    """The first unbreakable piece of a line: what could not have ended the line before."""
    glyphs = run(text)
    assert head_width(glyphs) == pytest.approx(sum(g.x1 - g.x0 for g in run(head)))


# --- paragraphs from indentation, spacing and line length -------------------------------------

LEFT, RIGHT = 33.75, 577.6
GEOMETRY = Geometry(LEFT, RIGHT, PT, ((PT, PITCH),))


def line(text: str, baseline: float, x1: float = RIGHT, head: float = PT, size: float = PT, page: int = 0,
         x0: float = LEFT) -> Line:
    return Line(text, x0, x1, baseline=baseline, size=size, head=head, page=page)


def spaced_lines(*paragraphs: list[tuple]) -> list[Line]:
    """Paragraphs of (text, x1[, head]) lines set PITCH apart within and SPACED apart between."""
    out, baseline = [], 100.0
    for paragraph in paragraphs:
        for text, x1, *head in paragraph:
            out.append(line(text, baseline, x1, head=head[0] if head else PT))
            baseline += PITCH
        baseline += SPACED - PITCH
    return out


SPACED_DOCUMENT = [[("一、总体要求", 130.0)], [("（一）主要目标", 150.0)], [("二、主要任务", 130.0)]]


@pytest.mark.parametrize("paragraphs, expected", [
    # a wrapped line ending with punctuation goes on where paragraphs are set apart by space
    ([[("加快推进重大项目前期工作。强化用地、用能、资金等要素保障，", RIGHT), ("推动项目早开工。", 200.0)]],
     ["加快推进重大项目前期工作。强化用地、用能、资金等要素保障，推动项目早开工。"]),
    # a line left short because the next line's first piece did not fit is wrapped
    ([[("在济源新购汽车按购车价格的5%给予补贴，最高不超过", RIGHT - 30), ("10000元/台。", 200.0, 40.0)]],
     ["在济源新购汽车按购车价格的5%给予补贴，最高不超过10000元/台。"]),
    # the responsibility note of a task stays with it
    ([[("完善公用充电基础设施布局，推动充电基础设施向干线公路服务区延伸。", RIGHT),
       ("（牵头单位：示范区发展改革和统计局）", 300.0)]],
     ["完善公用充电基础设施布局，推动充电基础设施向干线公路服务区延伸。（牵头单位：示范区发展改革和统计局）"]),
    # space between paragraphs parts them whatever the line length
    ([[("各开发区管理办公室，各镇人民政府，各街道办事处，区管委会各相关部门：", RIGHT)],
      [("《政策措施》已经示范区管委会同意，现印发给你们，请认真贯彻执行。", 500.0)]],
     ["各开发区管理办公室，各镇人民政府，各街道办事处，区管委会各相关部门：",
      "《政策措施》已经示范区管委会同意，现印发给你们，请认真贯彻执行。"]),
])
def test_paragraphs_set_apart_by_space(paragraphs, expected):
    lines = spaced_lines(*SPACED_DOCUMENT, *paragraphs)
    assert join_lines(lines, GEOMETRY)[3:] == expected


def test_title_and_doc_number_are_two_lines():
    """A 文号 under a title is its own line: after a larger title by the change of size ..."""
    lines = [line("上海市某区人民政府办公室关于印发《某区养老服务三年行动", 100, size=22),
             line("计划》的通知", 130, x1=200, size=22), line("某府办〔2023〕12号", 160, x1=200)]
    assert join_lines(lines, GEOMETRY) == ["上海市某区人民政府办公室关于印发《某区养老服务三年行动计划》的通知",
                                           "某府办〔2023〕12号"]


def test_doc_number_is_its_own_line_after_a_full_title():
    """... and after a title of the body's size whose last line is full, without space."""
    lines = [line("关于印发某区养老服务三年行动计划的通知", 100), line("某府办〔2023〕12号", 100 + PITCH, x1=200),
             line("各街道办事处、镇人民政府：", 100 + 2 * PITCH, x1=300)]
    assert join_lines(lines, Geometry(LEFT, RIGHT, PT)) == [
        "关于印发某区养老服务三年行动计划的通知", "某府办〔2023〕12号", "各街道办事处、镇人民政府："]


def test_paragraph_goes_on_over_a_page_break_where_paragraphs_are_spaced():
    """The break hides the space: a full line goes on unless a heading follows (e04's 19﹒)."""
    lines = spaced_lines(*SPACED_DOCUMENT, [("鼓励省内企业积极参与国家标准、行业标准的编制。", RIGHT)])
    lines += [line("围绕工业互联网网络、平台、安全体系建设，系统推进标准的应用示范。", 60, x1=500, page=1),
              line("20﹒加强人才队伍建设。", 60 + SPACED, x1=300, page=1)]
    assert join_lines(lines, GEOMETRY)[3:] == [
        "鼓励省内企业积极参与国家标准、行业标准的编制。围绕工业互联网网络、平台、安全体系建设，系统推进标准的应用示范。",
        "20﹒加强人才队伍建设。"]


@pytest.mark.parametrize("before, text, starts", [
    ("…得到全面推广。", "牵头单位：区民政局；责任单位：区财政局", True),       # 004: a note under its tasks
    ("（牵头单位：示范区文化广电和旅游局，", "责任单位：示范区财政金融局）", False),  # e07: the rest of a note
    ("现印发给你们，", "二、主要任务", True),
    ("…推动标准落地实施。", "24﹒促进区域协同发展。", True),                     # e04's numbering
])
def test_starts_paragraph(before, text, starts):
    assert starts_paragraph(before, text) is starts


def test_line_ending_with_an_opening_bracket_goes_on():
    """A printer without line-breaking rules leaves `（` at a line's end; the note goes on."""
    lines = [Line("形成规模效应。（", 90, 510), Line("责任单位：市发展改革委）", 90, 300)]
    assert join_lines(lines, Geometry(90.0, 510.0, 12.0)) == ["形成规模效应。（责任单位：市发展改革委）"]


# --- tables continued over page breaks ---------------------------------------------------------

def cell(text: str, box: tuple[float, float, float, float], open_top: bool = False, open_bottom: bool = False,
         last_x1: float | None = None) -> Cell:
    """A cell whose last line ends at `last_x1` (its right edge by default) at the cell's foot."""
    x0, top, x1, bottom = box
    last = Line(text[-4:], x0 + 2, last_x1 if last_x1 is not None else x1 - 2, baseline=bottom - 6, size=PT)
    return Cell(text, box, open_top, open_bottom, last=last if text else None, head=PT)


COLUMNS = (35.0, 55.0, 300.0, 450.0)
EDGES = (35.0, 55.0, 300.0, 450.0, 577.0)


def row(texts: list[str | None], top: float, bottom: float, **flags) -> list[Cell | None]:
    return [None if text is None else cell(text, (EDGES[c], top, EDGES[c + 1], bottom), **flags)
            for c, text in enumerate(texts)]


HEADER = ["序号", "工作任务", "具体内容", "牵头单位"]


def test_chromium_cut_row_and_merged_cell_carry_over():
    """Chromium leaves the cut parts open: row 3 is one row, the merged 牵头单位 of rows 2–4
    goes on over the break and stays covered below, for the table module to fill down."""
    page1 = TableFragment((35, 600, 577, 764), [
        row(HEADER, 600, 640),
        [*row(["2", "加强队伍建设", "开展职业技能培训。"], 640, 700)[:3], cell("区民政局、", (450, 640, 577, 764), open_bottom=True)],
        [*row(["3", "建立行业标准和", "制定居家养老服务"], 700, 764, open_bottom=True)[:3], None],
    ], COLUMNS, page=0)
    page2 = TableFragment((35, 28, 577, 200), [
        [*row(["", "服务规范", "等地方标准。"], 28, 80, open_top=True)[:3], cell("区财政局", (450, 28, 577, 140), open_top=True)],
        [*row(["4", "完善综合监管", "建立信用评价制度。"], 80, 140)[:3], None],
    ], COLUMNS, page=1)
    assert stitch([page1, page2]) == [HEADER, ["2", "加强队伍建设", "开展职业技能培训。", "区民政局、区财政局"],
                                      ["3", "建立行业标准和服务规范", "制定居家养老服务等地方标准。", ""],
                                      ["4", "完善综合监管", "建立信用评价制度。", ""]]


def test_libreoffice_cut_row_is_known_by_its_text():
    """LibreOffice rules both parts of a cut row; the second part goes on from full lines at
    the foot of the cells above (h01's 旧住房更新改造 row)."""
    rows = [row(HEADER, 600, 640), row(["5", "旧住房更新改造", "重点推进：彭一住宅小区成套改造", "区房管局"], 640, 798)]
    rows[-1][3] = cell("区房管局", (450, 640, 577, 798), last_x1=520)      # ended short: complete
    going_on = TableFragment((57, 29, 567, 68), [row(["", "", "项目，谈家桥路成套改造项目。", ""], 29, 68)], COLUMNS, 1)
    continue_table(rows, HEADER, going_on)
    assert [[c.text if c else "" for c in r] for r in rows][1:] == [
        ["5", "旧住房更新改造", "重点推进：彭一住宅小区成套改造项目，谈家桥路成套改造项目。", "区房管局"]]


def test_fresh_row_after_a_page_break_stays_a_row():
    """Under a row whose cells ended short or high (`2025年`, `77` at a tall row's top) a ruled
    row starting the next page is a row of its own (h03, h07 printed at 12 pt)."""
    rows = [row(HEADER, 600, 640), row(["4", "嘉定工业区1", "14.00", "2029年"], 640, 764)]
    rows[-1] = [cell(t, (EDGES[c], 640, EDGES[c + 1], 764), last_x1=EDGES[c] + 20) for c, t in
                enumerate(["4", "嘉定工业区1", "14.00", "2029年"])]
    fresh = TableFragment((35, 28, 577, 60), [row(["5", "嘉定工业区2", "12.37", "2030年"], 28, 60)], COLUMNS, 1)
    continue_table(rows, HEADER, fresh)
    assert [r[0].text for r in rows] == ["序号", "4", "5"]


def test_repeated_header_above_a_cut_row_is_dropped_other_repeats_kept():
    """A printer-repeated header before the rest of a cut row goes; a header the plan repeats
    mid-table (h03's 分解表) stays."""
    rows = [row(HEADER, 600, 640), row(["1", "甲", "内容", "区民政局"], 640, 764, open_bottom=True)]
    repeated = TableFragment((35, 28, 577, 200), [row(HEADER, 28, 60), row(["", "", "续", ""], 60, 90, open_top=True),
                                                  row(HEADER, 90, 120)], COLUMNS, 1)
    continue_table(rows, HEADER, repeated)
    assert [[c.text if c else "" for c in r] for r in rows] == [HEADER, ["1", "甲", "内容续", "区民政局"], HEADER]


# --- a line printed on both sides of a page break ----------------------------------------------

@pytest.mark.parametrize("pages, kept", [
    # the cut line, drawn whole on both pages, is read once
    ([[Line("现印发给你们。", 34, 200), Line("推进养老服务体系建设", 34, 200, size=PT)],
      [Line("推进养老服务体系建设", 34, 200, size=PT), Line("二、主要任务", 34, 130)]],
     [["现印发给你们。", "推进养老服务体系建设"], ["二、主要任务"]]),
    # the same words elsewhere on the line are another line
    ([[Line("推进养老服务体系建设", 34, 200)], [Line("推进养老服务体系建设", 66, 232)]],
     [["推进养老服务体系建设"], ["推进养老服务体系建设"]]),
    # a short repeat (a unit name under a unit name) is kept
    ([[Line("区民政局", 34, 98)], [Line("区民政局", 34, 98)]], [["区民政局"], ["区民政局"]]),
    # a table between them: a title the plan repeats over its second table (001's 重大政策清单)
    ([[Line("（四）重大政策清单等内容", 34, 200), "table"], ["table", Line("（四）重大政策清单等内容", 34, 200)]],
     [["（四）重大政策清单等内容", "table"], ["table", "（四）重大政策清单等内容"]]),
])
def test_cut_line_copies(pages, kept):
    dropped = cut_line_copies(pages)
    assert [[getattr(item, "text", item) for item in page if id(item) not in dropped] for page in pages] == kept


# --- a broken text layer -------------------------------------------------------------------------

def test_text_layer_warnings():
    single = [[Line(char) for char in "济源示范区二〇二三年大力提振市场信心"]]
    assert text_layer_warnings(single, [0], [0]) == ["text layer looks broken: 18 of 18 lines are one character"]
    assert text_layer_warnings([[Line("一、总体要求")]], [0, 12], [0, 12]) == [
        "12 characters outside the page box (page 2), 12 of them above or below it and left out"]
    assert text_layer_warnings([[Line("一、总体要求")]], [0], [0]) == []
