"""Document readers: every source format comes back as the plain text the pipeline reads."""
from __future__ import annotations

import difflib
import importlib.util
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extract.pipeline import extract_document
from extract.readers import SUPPORTED_SUFFIXES, SourceText, UnreadableDocument, read_source
from extract.readers.docx_numbering import NUMBER_FORMATS
from extract.readers.encoding import decode_text
from extract.readers.html import page_lines
from extract.readers.pdf_lines import Line, strip_running_lines
from extract.readers.pdf_paragraphs import Geometry, join_lines
from extract.readers.radicals import fold_radicals
from extract.readers.table import SpanCell, grid_from_spans

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEVSET = SHARED / "devset" / "html"
SEEDS = sorted(CORPUS.glob("*.txt"))

_spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "make_pdf.py")
make_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_pdf)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- text files: encodings --------------------------------------------------------------

@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_text_is_its_utf8_decoding(seed):
    source = read_source(seed)
    assert source.text == seed.read_bytes().decode("utf-8")
    assert (source.format, source.encoding, source.file_name) == ("txt", "utf-8", seed.name)


@pytest.mark.parametrize("codec, recorded", [
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),          # Python writes a BOM
    ("utf-8-sig", "utf-8-sig"),
    ("utf-16-le", "utf-16-le"),    # no BOM: found by its NUL bytes
    ("utf-32", "utf-32"),
])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seed_reencoded_reads_back_identical(tmp_path, seed, codec, recorded):
    original = seed.read_text(encoding="utf-8")
    source = read_source(write(tmp_path, seed.name, original.encode(codec)))
    assert source.text == original
    assert source.encoding == recorded


@pytest.mark.parametrize("data, text, encoding", [
    ("一、总体要求\r\n（一）指导思想\r\n".encode("gbk"), "一、总体要求\n（一）指导思想\n", "gb18030"),
    ("镕基\n".encode("gb18030"), "镕基\n", "gb18030"),                       # GBK-only character
    ("十四五\n".encode("gb2312"), "十四五\n", "gb18030"),
    ("\ufeff通知\n".encode("utf-8"), "通知\n", "utf-8-sig"),                  # BOM stripped from text
    ("通知\r行\n".encode("utf-8"), "通知\r行\n", "utf-8"),                     # lone CR kept
])
def test_decode_cases(tmp_path, data, text, encoding):
    source = read_source(write(tmp_path, "plan.txt", data))
    assert (source.text, source.encoding) == (text, encoding)


def test_sha256_is_of_raw_bytes(tmp_path):
    import hashlib
    data = "通知\r\n".encode("gb18030")
    assert read_source(write(tmp_path, "a.txt", data)).sha256 == hashlib.sha256(data).hexdigest()


# --- web pages: charset ------------------------------------------------------------------

PAGE = ("<html><head>{meta}<title>站点</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> &gt; <a href='/zwgk'>政务公开</a></div>"
        "<div class='zw'><p>　　关于推进城市更新行动的实施意见</p><p>各区人民政府，市政府各委、办、局：</p>"
        "<p>　　现将《实施意见》印发给你们，请认真贯彻执行。到2025年完成改造老旧小区300个。</p></div>"
        "<div class='footer'>主办单位：某某市人民政府办公室 网站标识码1234</div></body></html>")
PAGE_LINES = ["关于推进城市更新行动的实施意见", "各区人民政府，市政府各委、办、局：",
              "现将《实施意见》印发给你们，请认真贯彻执行。到2025年完成改造老旧小区300个。"]


@pytest.mark.parametrize("meta, codec, encoding", [
    ('<meta charset="utf-8">', "utf-8", "utf-8"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb2312", "gb18030"),
    ("", "gbk", "gb18030"),                                   # no declaration at all
    ('<meta charset="utf-8">', "gb18030", "gb18030"),         # declared wrongly
    ('<meta charset="gb2312">', "utf-8", "utf-8"),            # declared wrongly the other way
    ("", "utf-16", "utf-16"),
])
def test_html_charset(tmp_path, meta, codec, encoding):
    source = read_source(write(tmp_path, "page.html", PAGE.format(meta=meta).encode(codec)))
    assert source.text.splitlines() == PAGE_LINES
    assert (source.format, source.encoding) == ("html", encoding)


def test_html_wrong_declaration_warns(tmp_path):
    data = PAGE.format(meta='<meta charset="utf-8">').encode("gbk")
    assert read_source(write(tmp_path, "page.htm", data)).warnings


# --- web pages: rendering, case tables ---------------------------------------------------

def body(inner: str) -> str:
    """A page with navigation and footer around a content container."""
    return ("<html><body><ul class='nav'><li><a href='/'>首页</a></li><li><a>机构</a></li></ul>"
            f"<div class='content'>{inner}</div>"
            "<div class='footer'><p>版权所有：某某市人民政府</p><p>网站标识码：3301000001</p></div></body></html>")


LONG = "为深入贯彻落实党中央国务院决策部署和省委省政府部署要求，进一步完善工作措施，强化服务保障。"


@pytest.mark.parametrize("inner, expected", [
    # inline tags joined as shown: numbers outside the spans (p08 西宁)
    (f"<p>{LONG}</p><p><span>竞买保证金按不低于挂牌起始价的</span>20%<span>执行</span></p>",
     [LONG, "竞买保证金按不低于挂牌起始价的20%执行"]),
    (f"<p>{LONG}</p><p><strong>一、</strong><b>总体</b><em>要求</em></p>", [LONG, "一、总体要求"]),
    # block elements and <br> are line breaks; U+3000 indent and blank paragraphs dropped
    (f"<p>{LONG}</p><p>　　第一行<br/>第二行</p><p>&nbsp;</p><p>　</p><div><section>第三行</section></div>",
     [LONG, "第一行", "第二行", "第三行"]),
    # a source line break between Chinese characters is not a space
    (f"<p>{LONG}</p><p>推动\n        经济发展</p>", [LONG, "推动经济发展"]),
    # scripts and styles inside the body are neither run nor kept
    (f"<p>{LONG}</p><script>document.write('<p>脚本文字</p>')</script><style>p{{color:red}}</style><p>正文</p>",
     [LONG, "正文"]),
    # hidden elements and comments are not shown
    (f"<p>{LONG}</p><p style='display:none'>隐藏文字</p><!-- 注释文字 --><p>正文</p>", [LONG, "正文"]),
])
def test_html_rendering(inner, expected):
    assert page_lines(body(inner)) == expected


TABLE = (f"<p>{LONG}</p>"
         "<table><tr><th>序号</th><th>重点任务</th><th>责任单位</th><th>完成时限</th></tr>"
         "<tr><td rowspan='2'>1</td><td>新建养老床位\n 500张</td><td>市民政局</td><td rowspan='2'>2025年底</td></tr>"
         "<tr><td>改造老旧小区</td><td>市住房城乡建设局</td></tr>"
         "<tr><td colspan='2'>合计</td><td><p>市发展改革委</p><p>市财政局</p></td><td>—</td></tr></table>"
         "<p>附件：重点任务分工表</p>")


def test_html_table_rows_tab_joined_with_empty_merged_cells():
    assert page_lines(body(TABLE)) == [
        LONG,
        "序号\t重点任务\t责任单位\t完成时限",
        "1\t新建养老床位 500张\t市民政局\t2025年底",
        "\t改造老旧小区\t市住房城乡建设局\t",
        "合计\t\t市发展改革委 市财政局\t—",
        "附件：重点任务分工表",
    ]


def test_html_metadata_box_is_not_body():
    meta = ("<table><tr><td>索引号：</td><td>0001/2023-00565</td><td>发布机构：</td><td>市政府办公室</td></tr>"
            "<tr><td>成文日期：</td><td>2023-11-13</td><td>文号：</td><td>某府〔2023〕1号</td></tr></table>")
    assert page_lines(body(meta + f"<p>{LONG}</p>")) == [LONG]


def test_html_layout_table_is_read_as_paragraphs():
    page = ("<html><body><table><tr><td><a href='/'>首页</a></td></tr>"
            f"<tr><td><p>关于印发实施方案的通知</p><p>{LONG}</p><p>{LONG}</p></td></tr></table></body></html>")
    assert page_lines(page) == ["关于印发实施方案的通知", LONG, LONG]


def test_html_title_above_body_kept_date_row_dropped():
    page = ("<html><body><h1 class='logo'>某某市人民政府</h1><div class='nav'><a>首页</a></div>"
            "<div class='article'><h1>关于印发实施方案的通知</h1><div class='date'>发布日期：2026-01-28 浏览次数：12</div>"
            f"<div class='article-content'><p>{LONG}</p><p>{LONG}</p></div></div></body></html>")
    assert page_lines(page) == ["关于印发实施方案的通知", LONG, LONG]


def test_html_body_carried_twice_is_read_once():
    escaped = "\\u003Cp\\u003E" + LONG.encode("unicode_escape").decode() + "\\u003C/p\\u003E"
    page = (f'<html><head><script>window._CONFIG = {{"DETAIL": {{"content":"{escaped}"}}}};</script></head>'
            f"<body><div class='article-content'><p>{LONG}</p></div></body></html>")
    assert page_lines(page) == [LONG]


def test_html_body_only_in_script_is_read_from_there():
    escaped = "\\u003Cp\\u003E" + LONG.encode("unicode_escape").decode() + "\\u003C/p\\u003E"
    page = (f'<html><head><script>window._CONFIG = {{"DETAIL": {{"content":"{escaped}"}}}};</script></head>'
            "<body><div class='article-content'></div></body></html>")
    assert page_lines(page) == [LONG]


@pytest.mark.parametrize("rows, grid", [
    ([[SpanCell("序号", rowspan=2), SpanCell("任务")], [SpanCell("推进改革")]], [["序号", "任务"], ["", "推进改革"]]),
    ([[SpanCell("合计", colspan=2), SpanCell("3")], [SpanCell("1"), SpanCell("a"), SpanCell("b")]],
     [["合计", "", "3"], ["1", "a", "b"]]),
    ([[SpanCell(" 市发展改革委\n 市财政局\t")]], [["市发展改革委 市财政局"]]),
])
def test_grid_from_spans(rows, grid):
    assert grid_from_spans(rows) == grid


# --- web pages: the four dev pages --------------------------------------------------------

DEV_PAGES = sorted((DEVSET / "corpus").glob("*.html")) if DEVSET.is_dir() else []


@pytest.mark.skipif(not DEV_PAGES, reason=f"dev set not found at {DEVSET}")
@pytest.mark.parametrize("page", DEV_PAGES, ids=lambda p: p.name[:3])
def test_dev_page_matches_reference_text(page):
    reference = (DEVSET / "text" / f"{page.stem}.txt").read_text(encoding="utf-8")
    text = read_source(page).text
    ratio = difflib.SequenceMatcher(None, squeeze(text), squeeze(reference), autojunk=False).ratio()
    assert ratio >= 0.99


# --- Word files -----------------------------------------------------------------------------

def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("关于印发养老服务三年行动计划的通知")
    document.add_paragraph("　　各成员单位：")
    document.add_paragraph("")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate([["序号", "重点任务", "责任单位"], ["1", "新建养老床位500张", "区民政局"],
                             ["", "改造示范点10个", "区卫生健康委"], ["合计", "", "—"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))         # vertically merged 序号
    table.cell(3, 0).merge(table.cell(3, 1))         # horizontally merged 合计
    table.cell(1, 0).text = "1"
    table.cell(3, 0).text = "合计"
    document.add_paragraph("附件：重点任务分工表")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_merged_table_in_order(tmp_path):
    source = read_source(write(tmp_path, "plan.docx", docx_bytes()))
    assert (source.format, source.encoding) == ("docx", None)
    assert source.text.splitlines() == [
        "关于印发养老服务三年行动计划的通知",
        "各成员单位：",
        "序号\t重点任务\t责任单位",
        "1\t新建养老床位500张\t区民政局",
        "\t改造示范点10个\t区卫生健康委",
        "合计\t\t—",
        "附件：重点任务分工表",
    ]


def _runs_tab(paragraph):
    paragraph.add_run("东莞市发展和改革局").add_tab()
    paragraph.add_run("2026年1月27日")


def _runs_break(paragraph):
    paragraph.add_run("东莞市发展和改革局").add_break()
    paragraph.add_run("2026年1月27日")


def _runs_split(paragraph):
    for piece in ("竞买保证金按不低于挂牌起始价的", "20%", "执行"):
        paragraph.add_run(piece).bold = piece == "20%"


@pytest.mark.parametrize("build, lines", [
    (_runs_tab, ["东莞市发展和改革局 2026年1月27日"]),       # TAB is kept for table cells only
    (_runs_break, ["东莞市发展和改革局", "2026年1月27日"]),  # a manual line break is a line
    (_runs_split, ["竞买保证金按不低于挂牌起始价的20%执行"]),   # runs joined without a gap
])
def test_docx_runs(tmp_path, build, lines):
    document = Document()
    build(document.add_paragraph())
    out = io.BytesIO()
    document.save(out)
    assert read_source(write(tmp_path, "runs.docx", out.getvalue())).text.splitlines() == lines


# --- Word list numbering: numbers Word draws, not typed -------------------------------------

def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    """One `w:lvl` of an abstract list; `extra` adds `<w:suff …/>`, `<w:lvlRestart …/>`, `<w:pStyle …/>`."""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


NOTHING = '<w:suff w:val="nothing"/>'
# 一、 / （一） / 1. as Chinese plans number their three levels; 1. restarts under each （一）.
PLAN_LEVELS = (lvl(0, "chineseCounting", "%1、", extra=NOTHING)
               + lvl(1, "chineseCounting", "（%2）", extra=NOTHING)
               + lvl(2, "decimal", "%3."))


def numbering_xml(abstracts: dict[int, str], nums: dict[int, int], overrides: dict[int, str] | None = None) -> str:
    """<w:numbering> with abstract lists (id -> levels), nums (numId -> abstract id) and their w:lvlOverride."""
    overrides = overrides or {}
    body = "".join(f'<w:abstractNum w:abstractNumId="{a}">{levels}</w:abstractNum>' for a, levels in abstracts.items())
    body += "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{a}"/>{overrides.get(n, "")}</w:num>'
                    for n, a in nums.items())
    return f'<w:numbering {nsdecls("w")}>{body}</w:numbering>'


def set_numbering(document, xml: str) -> None:
    """python-docx has no numbering API: swap the template's definitions for ours."""
    element = document.part.numbering_part.element
    for child in list(element):
        element.remove(child)
    for child in parse_xml(xml):
        element.append(child)


def number(paragraph, num_id: int | None, ilvl: int | None = None) -> None:
    ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    num_xml = f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}>{ilvl_xml}{num_xml}</w:numPr>'))


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def numbered_docx(xml: str, paragraphs: list[tuple[int | None, int, str]]) -> bytes:
    """Paragraphs (numId or None, ilvl, text) under the numbering definitions `xml`."""
    document = Document()
    set_numbering(document, xml)
    for num_id, ilvl, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            number(paragraph, num_id, ilvl)
    return saved(document)


@pytest.mark.parametrize("xml, paragraphs, lines", [
    pytest.param(numbering_xml({0: PLAN_LEVELS}, {1: 0}), [
        (1, 0, "总体要求"), (1, 0, "主要任务"), (None, 0, "重点实施8个提升计划。"),
        (1, 1, "基本养老服务保障提升计划"), (1, 2, "完善基本养老服务保障。"), (1, 2, "发展基本养老服务。"),
        (1, 1, "养老服务供给提升计划"), (1, 2, "优化养老床位供给。"),
        (1, 0, "保障措施"), (1, 1, "强化统筹推进工作机制"),
    ], [
        "一、总体要求", "二、主要任务", "重点实施8个提升计划。",
        "（一）基本养老服务保障提升计划", "1. 完善基本养老服务保障。", "2. 发展基本养老服务。",
        "（二）养老服务供给提升计划", "1. 优化养老床位供给。",
        "三、保障措施", "（一）强化统筹推进工作机制",
    ], id="plan-three-levels-restart"),
    pytest.param(numbering_xml({0: lvl(0, "decimal", "%1.", extra=NOTHING)
                                + lvl(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>' + NOTHING)}, {1: 0}),
                 [(1, 0, "甲"), (1, 1, "子"), (1, 1, "丑"), (1, 0, "乙"), (1, 1, "寅")],
                 ["1.甲", "1.子", "2.丑", "2.乙", "3.寅"], id="lvlRestart-0-never-restarts"),
    pytest.param(numbering_xml({0: lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2")}, {1: 0}),
                 [(1, 0, "总则"), (1, 1, "目的"), (1, 1, "范围"), (1, 0, "分则"), (1, 1, "职责")],
                 ["1. 总则", "1.1 目的", "1.2 范围", "2. 分则", "2.1 职责"], id="multi-level-text"),
    pytest.param(numbering_xml({0: lvl(0, "bullet", "\uf0b7"), 1: lvl(0, "bullet", "●")}, {1: 0, 2: 1}),
                 [(1, 0, "养老服务体系更加完善。"), (2, 0, "群众满意度不断提高。")],
                 ["养老服务体系更加完善。", "群众满意度不断提高。"], id="bullets-draw-no-number"),
    pytest.param(numbering_xml({0: lvl(0, "chineseCounting", "%1、", extra=NOTHING)}, {1: 0, 2: 0, 3: 0},
                               {2: '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'}),
                 [(1, 0, "甲"), (1, 0, "乙"), (3, 0, "丙"), (2, 0, "丁"), (2, 0, "戊")],
                 ["一、甲", "二、乙", "三、丙", "五、丁", "六、戊"], id="shared-list-continues-startOverride-restarts"),
    pytest.param(numbering_xml({0: lvl(0, "chineseCounting", "%1、", start=9, extra=NOTHING)}, {1: 0}),
                 [(1, 0, "甲"), (1, 0, "乙"), (1, 0, "丙")], ["九、甲", "十、乙", "十一、丙"], id="w-start"),
    pytest.param(numbering_xml({0: lvl(0, "decimalEnclosedCircle", "%1", extra=NOTHING)
                                + lvl(1, "decimal", "（%2）", extra=NOTHING)}, {1: 0}),
                 [(1, 1, "推进"), (1, 0, "落实"), (1, 1, "完善")], ["（1）推进", "①落实", "（1）完善"],
                 id="circled-and-paren-arabic"),
    pytest.param(numbering_xml({0: lvl(0, "chineseCounting", "%1.") + lvl(1, "decimal", "%1.%2",
                                                                           extra='<w:isLgl/>')}, {1: 0}),
                 [(1, 0, "总则"), (1, 1, "目的")], ["一. 总则", "1.1 目的"], id="isLgl-all-digits"),
    pytest.param(numbering_xml({0: lvl(0, "decimal", "%1.")}, {1: 0}),
                 [(1, 0, "甲"), (1, 0, "　"), (1, 0, "丙"), (0, 0, "不编号")],
                 ["1. 甲", "3. 丙", "不编号"], id="empty-item-counts-numId-0-unnumbered"),
])
def test_docx_list_numbering(tmp_path, xml, paragraphs, lines):
    source = read_source(write(tmp_path, "numbered.docx", numbered_docx(xml, paragraphs)))
    assert source.text.splitlines() == lines


@pytest.mark.parametrize("fmt, value, shown", [
    ("chineseCounting", 1, "一"), ("chineseCounting", 10, "十"), ("chineseCounting", 11, "十一"),
    ("chineseCounting", 20, "二十"), ("chineseCounting", 21, "二十一"), ("chineseCounting", 105, "一百零五"),
    ("chineseCountingThousand", 110, "一百一十"), ("japaneseCounting", 3, "三"),
    ("chineseLegalSimplified", 12, "壹拾贰"), ("ideographTraditional", 2, "乙"), ("ideographDigital", 10, "一〇"),
    ("decimalEnclosedCircle", 3, "③"), ("decimalEnclosedCircleChinese", 21, "㉑"), ("decimalEnclosedParen", 1, "⑴"),
    ("decimalZero", 7, "07"), ("decimalFullWidth", 12, "１２"),
    ("lowerLetter", 2, "b"), ("upperLetter", 27, "AA"), ("lowerRoman", 4, "iv"), ("upperRoman", 14, "XIV"),
    ("none", 3, ""),
])
def test_number_formats(fmt, value, shown):
    assert NUMBER_FORMATS[fmt](value) == shown


def test_docx_numbering_from_heading_style(tmp_path):
    """Numbers set on the Heading styles (no numPr on the paragraphs), as templates of 政府办 do."""
    document = Document()
    set_numbering(document, numbering_xml(
        {0: lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="Heading1"/>' + NOTHING)
         + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="Heading2"/>' + NOTHING)}, {1: 0}))
    for style, ilvl in (("Heading 1", None), ("Heading 2", 1)):
        pPr = document.styles[style].element.get_or_add_pPr()
        pPr.append(parse_xml(f'<w:numPr {nsdecls("w")}>'
                             + (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "")
                             + '<w:numId w:val="1"/></w:numPr>'))
    document.add_heading("总体要求", level=1)
    document.add_paragraph("坚持以人民为中心的发展思想。")
    document.add_heading("主要任务", level=1)
    document.add_heading("基本养老服务保障提升计划", level=2)
    document.add_heading("养老服务供给提升计划", level=2)
    text = read_source(write(tmp_path, "styled.docx", saved(document))).text
    assert text.splitlines() == [
        "一、总体要求", "坚持以人民为中心的发展思想。", "二、主要任务",
        "（一）基本养老服务保障提升计划", "（二）养老服务供给提升计划",
    ]


def test_docx_numbering_of_template_list_styles(tmp_path):
    """Word's List Number / List Bullet styles: the level is the one whose w:pStyle names the style."""
    document = Document()
    for text, style in (("推进改革", "List Number"), ("完善机制", "List Number"), ("项目符号", "List Bullet"),
                        ("二级编号", "List Number 2"), ("加强保障", "List Number")):
        document.add_paragraph(text, style=style)
    text = read_source(write(tmp_path, "template.docx", saved(document))).text
    assert text.splitlines() == ["1. 推进改革", "2. 完善机制", "项目符号", "1. 二级编号", "3. 加强保障"]


def test_docx_numbering_in_table_cells(tmp_path):
    """A 序号 column Word numbers by itself: the cells hold empty numbered paragraphs."""
    document = Document()
    set_numbering(document, numbering_xml({0: lvl(0, "decimal", "%1")}, {1: 0}))
    document.add_paragraph("重点任务分工表")
    table = document.add_table(rows=4, cols=2)
    for r, task in enumerate(["重点任务", "制定基本养老服务清单", "编制养老服务设施布局专项规划", "落实稳定投入机制"]):
        table.cell(r, 1).text = task
        if r == 0:
            table.cell(r, 0).text = "序号"
        else:
            number(table.cell(r, 0).paragraphs[0], 1, 0)
    text = read_source(write(tmp_path, "table.docx", saved(document))).text
    assert text.splitlines() == ["重点任务分工表", "序号\t重点任务", "1\t制定基本养老服务清单",
                                 "2\t编制养老服务设施布局专项规划", "3\t落实稳定投入机制"]


# Typed heading numbers of a seed plan, and the list level Word would give each.
TYPED_NUMBERS = (
    (0, re.compile(r"^[一二三四五六七八九十]+、")),          # 三、主要任务
    (1, re.compile(r"^[（(][一二三四五六七八九十]+[）)]")),  # （一）基本养老服务保障提升计划
    (2, re.compile(r"^\d{1,2}\.(?!\d)")),                    # 1.完善基本养老服务保障。
)


def seed_as_numbered_docx(seed: Path) -> bytes:
    """The seed's paragraphs before its attachment, with typed heading numbers turned into Word's."""
    document = Document()
    # The tasks count on from one section to the next (1.–18. across （一）–（八）): level 2 never restarts.
    set_numbering(document, numbering_xml({0: lvl(0, "chineseCounting", "%1、", extra=NOTHING)
                                           + lvl(1, "chineseCounting", "（%2）", extra=NOTHING)
                                           + lvl(2, "decimal", "%3.", extra='<w:lvlRestart w:val="0"/>')}, {1: 0}))
    for line in seed.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("附件"):
            break
        if not line:
            continue
        level = next(((ilvl, m) for ilvl, pattern in TYPED_NUMBERS if (m := pattern.match(line))), None)
        paragraph = document.add_paragraph(line[level[1].end():] if level else line)
        if level:
            number(paragraph, 1, level[0])
    return saved(document)


def test_docx_of_seed_plan_with_word_numbering_gives_its_tasks(tmp_path):
    """000 崇明区养老服务三年行动计划 with Word-numbered headings: the same work list as its .txt."""
    seed = CORPUS / "000_c428ca0736d105e4.txt"
    data = seed_as_numbered_docx(seed)
    typed = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert typed[typed.index("主要任务") + 3].startswith("完善基本养老服务保障。")
    assert not any(pattern.match(text) for text in typed for _, pattern in TYPED_NUMBERS)
    source = read_source(write(tmp_path, "seed.docx", data))
    printed = seed.read_text(encoding="utf-8").split("\n附件：")[0]
    assert [squeeze(line) for line in source.text.splitlines()] == [squeeze(line) for line in printed.splitlines()
                                                                    if line.strip()]
    from_docx = extract_document(source)
    from_txt = extract_document(read_source(seed))
    expected = [(t.number, t.title, t.path) for t in from_txt.tasks if t.kind == "task"]
    assert len(expected) == 18
    assert [(t.number, t.title, t.path) for t in from_docx.tasks if t.kind == "task"] == expected


# --- PDFs -----------------------------------------------------------------------------------

def test_pdf_fixture_reads_as_its_paragraphs():
    """Committed fixture: 5 pages, running head, `- n -` numbers, indented paragraphs over pages, a ruled table."""
    source = read_source(FIXTURES / "plan_sample.pdf")
    lines = source.text.splitlines()
    table = ["\t".join(row) for row in make_pdf.SAMPLE_TABLE]
    after = make_pdf.SAMPLE_PARAGRAPHS.index(make_pdf.SAMPLE_PARAGRAPHS[make_pdf.SAMPLE_TABLE_AFTER]) + 1
    assert lines == make_pdf.SAMPLE_PARAGRAPHS[:after] + table + make_pdf.SAMPLE_PARAGRAPHS[after:]
    assert (source.format, source.encoding) == ("pdf", None)


def test_pdf_fixture_is_current():
    assert (FIXTURES / "plan_sample.pdf").read_bytes() == make_pdf.sample_pdf()


def seed_paragraphs(seed: Path) -> list[str]:
    """A seed plan's non-empty lines; flattened table rows (TAB) and `m²` are left out,
    as the test font (STSong-Light, UniGB-UCS2-H) has no glyph for TAB or `²`."""
    lines = (line.strip() for line in seed.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and "\t" not in line and "²" not in line]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_pdf_of_seed_plan_gives_back_its_paragraphs(tmp_path, seed):
    """Printed with indented paragraphs, every paragraph comes back as one line (spaces aside)."""
    paragraphs = seed_paragraphs(seed)
    streams = make_pdf.layout(paragraphs, header="某某市人民政府文件", indent=True)
    text = read_source(write(tmp_path, "seed.pdf", make_pdf.pdf_bytes(streams))).text
    assert "某某市人民政府文件" not in text and "- 2 -" not in text
    assert [squeeze(line) for line in text.splitlines()] == [squeeze(p) for p in paragraphs]


@pytest.mark.parametrize("seed", SEEDS[:2], ids=lambda p: p.name[:3])
def test_pdf_of_seed_plan_without_indent_keeps_all_text(tmp_path, seed):
    """Without indents, paragraph ends are guessed from punctuation; no text is lost or doubled."""
    paragraphs = seed_paragraphs(seed)
    streams = make_pdf.layout(paragraphs, header="某某市人民政府文件")
    text = read_source(write(tmp_path, "seed.pdf", make_pdf.pdf_bytes(streams))).text
    assert squeeze(text) == squeeze("".join(paragraphs))


@pytest.mark.parametrize("pages, expected", [
    # page numbers in their printed forms
    ([[Line("正文一。"), Line("- 1 -")], [Line("正文二。"), Line("— 2 —")]], [["正文一。"], ["正文二。"]]),
    ([[Line("第1页"), Line("正文一。")], [Line("第 2 页 共 2 页"), Line("正文二。")]], [["正文一。"], ["正文二。"]]),
    # a running head repeated on every page, digits aside
    ([[Line("东府办〔2026〕3号"), Line("正文一。")], [Line("东府办〔2026〕3号"), Line("正文二。")]],
     [["正文一。"], ["正文二。"]]),
    # a single page keeps its first line
    ([[Line("关于印发实施方案的通知"), Line("正文。")]], [["关于印发实施方案的通知", "正文。"]]),
    # bare numbers counting the pages up are page numbers ...
    ([[Line("正文一。"), Line("1")], [Line("正文二。"), Line("2")], [Line("正文三。"), Line("3")]],
     [["正文一。"], ["正文二。"], ["正文三。"]]),
    # ... a bare number that does not (a table cell at a page's foot) is kept
    ([[Line("正文一。"), Line("24")], [Line("正文二。"), Line("8")], [Line("正文三。"), Line("- 3 -")]],
     [["正文一。", "24"], ["正文二。", "8"], ["正文三。"]]),
])
def test_strip_running_lines(pages, expected):
    assert [[line.text for line in page] for page in strip_running_lines(pages)] == expected


FULL, SHORT = 510.0, 300.0


@pytest.mark.parametrize("lines, expected", [
    # a full line without final punctuation goes on; Chinese joined without a space
    ([("一、支持企业稳产增产。对倍增企业一季度规模与效益", FULL), ("发展情况开展综合评价。", SHORT)],
     ["一、支持企业稳产增产。对倍增企业一季度规模与效益发展情况开展综合评价。"]),
    # digits broken over lines
    ([("每家企业最高补贴3", FULL), ("0万元。", SHORT)], ["每家企业最高补贴30万元。"]),
    # a full line ending with 。 ends its paragraph
    ([("现印发给你们，请认真组织实施。", FULL), ("一、总体要求", SHORT)], ["现印发给你们，请认真组织实施。", "一、总体要求"]),
    # the next line starts a numbered heading
    ([("（责任单位：市商务局、市贸促会）", FULL), ("（二）完善市场体系", SHORT)],
     ["（责任单位：市商务局、市贸促会）", "（二）完善市场体系"]),
    # a short line (title, signature, date) ends its paragraph
    ([("东莞市发展和改革局", SHORT), ("2026年1月27日", SHORT)], ["东莞市发展和改革局", "2026年1月27日"]),
    # Latin words broken over lines get their space back
    ([("public", FULL), ("service。", SHORT)], ["public service。"]),
])
def test_join_lines(lines, expected):
    assert join_lines([Line(text, 90.0, x1) for text, x1 in lines], Geometry(90.0, FULL, 12.0)) == expected


INDENT = 114.0  # two characters in


@pytest.mark.parametrize("lines, expected", [
    # where paragraphs start indented, an unindented line after a full one goes on, even after 。
    ([(INDENT, "　　一、支持企业稳产增产。对倍增企业开展综合评价。", FULL), (90.0, "鼓励企业早复工。", SHORT),
      (INDENT, "二、千方百计扩投资。", SHORT), (INDENT, "三、全面保障用工需求。", SHORT),
      (INDENT, "本措施自印发之日起实施。", SHORT)],
     ["一、支持企业稳产增产。对倍增企业开展综合评价。鼓励企业早复工。", "二、千方百计扩投资。",
      "三、全面保障用工需求。", "本措施自印发之日起实施。"]),
    # ... and an indented line after a full one starts a paragraph, even without punctuation
    ([(INDENT, "为深入贯彻落实党中央国务院决策部署", FULL), (INDENT, "各区人民政府", SHORT),
      (INDENT, "一、总体要求。", SHORT), (INDENT, "二、重点任务。", SHORT), (INDENT, "三、保障措施。", SHORT)],
     ["为深入贯彻落实党中央国务院决策部署", "各区人民政府", "一、总体要求。", "二、重点任务。", "三、保障措施。"]),
])
def test_join_lines_with_indented_paragraphs(lines, expected):
    lines = [Line(text, x0, x1) for x0, text, x1 in lines]
    assert join_lines(lines, Geometry(90.0, FULL, 12.0)) == expected


def cut_merged_cell_pdf() -> bytes:
    """A ruled table whose last column is merged over both body rows and cut by the page's
    foot, drawn as Chromium draws it (004 万州 分工表 printed without `break-inside`): the
    merged cell has its top rule and sides but no bottom rule, so it is no cell to pdfplumber."""
    xs, tops = [90, 150, 300, 450], [700, 676, 652, 628]
    ops = [make_pdf.rule_op(xs[0], y, xs[-1], y) for y in tops[:2]]
    ops += [make_pdf.rule_op(xs[0], y, xs[2], y) for y in tops[2:]]
    ops += [make_pdf.rule_op(x, tops[0], x, tops[-1]) for x in xs]
    cells = {(0, 0): "序号", (0, 1): "具体内容", (0, 2): "牵头单位", (1, 0): "1", (1, 1): "开展标准制定",
             (1, 2): "区民政局", (2, 0): "2", (2, 1): "加大实施力度"}
    ops += [make_pdf.text_op(xs[c] + 4, tops[r] - 17, text) for (r, c), text in cells.items()]
    return make_pdf.pdf_bytes(["\n".join(ops)])


def test_pdf_merged_cell_cut_by_page_break_keeps_its_text(tmp_path):
    """The cut cell's text goes to its first row, left empty below for the table module to fill down."""
    text = read_source(write(tmp_path, "cut.pdf", cut_merged_cell_pdf())).text
    assert text.splitlines() == ["序号\t具体内容\t牵头单位", "1\t开展标准制定\t区民政局", "2\t加大实施力度\t"]


@pytest.mark.parametrize("printed, written", [
    # Kangxi Radicals, folded by NFKC: 000 崇明, 004 万州 printed by Chromium with Noto CJK SC
    ("养⽼服务", "养老服务"),
    ("2020年6⽉", "2020年6月"),
    ("⼯作任务", "工作任务"),
    # ... except where NFKC gives a form not written in mainland text
    ("⼊⼾调查", "入户调查"),
    # ... and a traditional form the font drew stays traditional
    ("⾨", "門"),
    # CJK Radicals Supplement: simplified radicals that stand for a whole character
    ("区⺠政局", "区民政局"),
    ("部⻔协作", "部门协作"),
    ("⻓效机制", "长效机制"),
    ("补⻬短板", "补齐短板"),
    ("⻝堂", "食堂"),
    # ... component forms are no character alone and stay
    ("⺅", "⺅"),
    # one glyph for a double dash
    ("⸺以上海为例", "——以上海为例"),
    # glyph variants: technical angle brackets for 〈〉, the wave dash for ～ (issue 13)
    ("《关于做好\u2329国务院办公厅关于促进养老托育服务健康发展的意见\u232a贯彻落实工作的通知》",
     "《关于做好〈国务院办公厅关于促进养老托育服务健康发展的意见〉贯彻落实工作的通知》"),
    ("3\u301c5年", "3～5年"),
    # ordinary text is untouched, full-width punctuation included
    ("（一）健全组织机构，", "（一）健全组织机构，"),
])
def test_fold_radicals(printed, written):
    assert fold_radicals(printed) == written


def test_radicals_are_folded_in_pdfs_only(tmp_path):
    """A text file is read as written: only a PDF's text layer maps glyphs to radicals."""
    assert read_source(write(tmp_path, "plan.txt", "区⺠政局\n".encode())).text == "区⺠政局\n"


def test_pdf_without_text_layer_is_scanned(tmp_path):
    blank = make_pdf.pdf_bytes(["0 0 m 100 100 l S", "0 0 m 50 50 l S"])
    with pytest.raises(UnreadableDocument, match="scanned PDF: no text layer") as error:
        read_source(write(tmp_path, "扫描件.pdf", blank))
    assert error.value.file_name == "扫描件.pdf"


def test_encrypted_pdf(tmp_path):
    data = make_pdf.pdf_bytes([make_pdf.text_op(90, 700, "正文。")], encrypted=True)
    with pytest.raises(UnreadableDocument, match="encrypted"):
        read_source(write(tmp_path, "locked.pdf", data))


# --- unreadable files -----------------------------------------------------------------------

def broken_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    return out.getvalue()


@pytest.mark.parametrize("name, data, reason", [
    ("plan.txt", b"", "empty"),
    ("plan.html", b"", "empty"),
    ("plan.txt", b"  \n\r\n ", "empty"),
    ("plan.html", b"<html><body><div class='nav'></div></body></html>", "empty"),
    ("plan.docx", b"PK\x03\x04 truncated", "corrupt Word file"),
    ("plan.docx", broken_zip(), "corrupt Word file"),
    ("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "encrypted Word file or legacy .doc"),
    ("plan.pdf", b"%PDF-1.4\n1 0 obj <<", "corrupt PDF"),
    ("plan.pdf", b"<html>not a pdf</html>", "corrupt PDF"),
    ("plan.doc", b"\xd0\xcf\x11\xe0", "unknown format"),
    ("plan.xlsx", b"PK", "unknown format"),
    ("README", b"text", "unknown format"),
])
def test_unreadable(tmp_path, name, data, reason):
    with pytest.raises(UnreadableDocument, match=reason) as error:
        read_source(write(tmp_path, name, data))
    assert error.value.file_name == name
    assert str(error.value).startswith(name)


def test_interface():
    assert SUPPORTED_SUFFIXES == (".txt", ".html", ".htm", ".docx", ".pdf")
    source = read_source(SEEDS[0])
    assert isinstance(source, SourceText) and source.warnings == ()
    assert decode_text("通知".encode("gb18030")) == ("通知", "gb18030")
