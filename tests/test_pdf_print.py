"""Plans printed the way offices publish them read back as written (issue 13).

The committed fixtures (`tests/fixtures/readers/make_printed.py`) are one small plan
at 16 pt with Latin digits in a Times-like face, printed by Chromium and by
LibreOffice, and an old-style web page saved as .docx; where Chromium and
LibreOffice are installed the plan is also printed afresh. Each must give back the
plan's lines: numbered headings with their numbers, `≥95%` on its line, the 文号 on a
line of its own, and the task row a page break cuts as one row whose merged 牵头单位
cell carries over. A text layer that has come apart is reported in `build_problems`.
"""
from __future__ import annotations

import importlib.util
import io
import logging
import sqlite3
from pathlib import Path

import pytest
from docx import Document

from conftest import build
from extract.readers import read_source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
_spec = importlib.util.spec_from_file_location("make_printed", FIXTURES / "make_printed.py")
make_printed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_printed)
_spec = importlib.util.spec_from_file_location("make_pdf", FIXTURES / "make_pdf.py")
make_pdf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_pdf)

PRINTED = ["printed_16pt.pdf", "libreoffice_16pt.pdf"]
TASK_ROWS = 5


def read_lines(path: Path) -> list[str]:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)   # `Could not get FontBBox` per glyph
    return read_source(path).text.splitlines()


def check_printed_plan(lines: list[str]) -> None:
    """What any faithful reading of PLAN_HTML gives back, whoever printed it."""
    title = f"{make_printed.LABEL}{make_printed.TITLE}"
    # the raised 12 pt label and the 22 pt title are one line, in reading order; the 文号 its own
    assert lines[:2] == [title, make_printed.DOC_NUMBER]
    # numbered headings keep their numbers
    for heading in make_printed.HEADINGS:
        assert heading in lines
    # `≥95%` stays on its line, inside its sentence
    assert any(line.startswith(make_printed.TARGET_SENTENCE) for line in lines)
    # the task table: the header and one line per task, the cut row whole
    rows = [line.split("\t") for line in lines if "\t" in line]
    assert [row[:2] for row in rows] == [["序号", "工作任务"], ["1", "推进社区嵌入式养老服务"],
                                         ["2", "加强养老护理员队伍建设"], ["3", make_printed.CUT_ROW_TASK],
                                         ["4", "完善养老服务综合监管"], ["5", "推动智慧养老发展"]]
    # the merged 牵头单位 of rows 2–4 carried over the break: in its first row, covered below
    assert [row[3] for row in rows[2:5]] == [make_printed.MERGED_LEAD, "", ""]
    assert all(len(row) == 4 for row in rows)
    assert lines[-1] == "本计划自印发之日起施行。"


@pytest.mark.parametrize("name", PRINTED)
def test_printed_fixture_reads_as_written(name):
    check_printed_plan(read_lines(FIXTURES / name))


@pytest.mark.parametrize("name", PRINTED)
def test_printed_fixture_has_no_warnings(name):
    assert read_source(FIXTURES / name).warnings == ()


def test_layout_table_docx_reads_as_paragraphs():
    """An old-style web page saved as .docx: its one-column layout table is no table; the
    paragraphs and the real table inside it read as in the page."""
    lines = read_lines(FIXTURES / "layout_table.docx")
    assert lines[1:4] == [make_printed.TITLE, make_printed.DOC_NUMBER, "各街道办事处、镇人民政府，区政府各委、办、局："]
    assert make_printed.HEADINGS[0] in lines and make_printed.TARGET_SENTENCE in lines
    assert "序号\t工作任务\t牵头单位" in lines and "1\t推进社区嵌入式养老服务\t区民政局" in lines


def docx_with_table(cells: list[list[str]], paragraphs_per_cell: int = 1) -> bytes:
    """A title, then a table whose cells each hold their text in `paragraphs_per_cell` paragraphs."""
    document = Document()
    document.add_paragraph("关于印发某区养老服务三年行动计划的通知")
    table = document.add_table(rows=len(cells), cols=len(cells[0]))
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            for _ in range(paragraphs_per_cell - 1):
                cell.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("cells, expected", [
    # one column: layout, each paragraph of each cell a line
    ([["一、总体要求"], ["到2025年，护理型床位占比≥95%。"]],
     ["一、总体要求", "一、总体要求", "到2025年，护理型床位占比≥95%。", "到2025年，护理型床位占比≥95%。"]),
    # a cell holding most of the document: layout too
    ([["首页", "一、总体要求" * 30]], ["首页", "首页", *["一、总体要求" * 30] * 2]),
    # a data table stays a table, a cell's paragraphs joined on its row
    ([["序号", "工作任务"], ["1", "推进社区嵌入式养老服务"]],
     ["序号 序号\t工作任务 工作任务", "1 1\t推进社区嵌入式养老服务 推进社区嵌入式养老服务"]),
])
def test_docx_layout_tables(tmp_path, cells, expected):
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_with_table(cells, paragraphs_per_cell=2))
    assert read_lines(path)[1:] == expected


# --- printed afresh where the converters are ---------------------------------------------------

def test_plan_printed_by_chromium_reads_as_written(tmp_path):
    if not make_printed.chromium():
        pytest.skip("no Chromium to print the plan (apt-get install chromium fonts-noto-cjk fonts-liberation)")
    check_printed_plan(read_lines(make_printed.print_chromium(make_printed.PLAN_HTML, tmp_path / "plan.pdf")))


def test_plan_printed_by_libreoffice_reads_as_written(tmp_path):
    if not make_printed.soffice():
        pytest.skip("no LibreOffice to convert the plan (apt-get install libreoffice-writer)")
    check_printed_plan(read_lines(make_printed.print_libreoffice(make_printed.PLAN_HTML, tmp_path / "plan.pdf")))


def test_web_page_saved_by_libreoffice_as_docx_reads_as_paragraphs(tmp_path):
    if not make_printed.soffice():
        pytest.skip("no LibreOffice to convert the page (apt-get install libreoffice-writer)")
    lines = read_lines(make_printed.save_docx(make_printed.LAYOUT_HTML, tmp_path / "page.docx"))
    assert make_printed.DOC_NUMBER in lines and make_printed.HEADINGS[0] in lines


# --- a text layer that has come apart ----------------------------------------------------------

def stray_text_pdf() -> bytes:
    """A page of text with a clipped line drawn below the page box (the half of a line a
    page break cut, which the next page prints whole)."""
    ops = [make_pdf.text_op(90, 700 - 20 * i, "为深入贯彻落实党中央决策部署，推进养老服务体系建设。") for i in range(3)]
    ops.append(make_pdf.text_op(90, -8, "二、主要任务"))
    return make_pdf.pdf_bytes(["\n".join(ops)])


def scattered_text_pdf() -> bytes:
    """Every glyph on a baseline of its own: a text layer that reads as one-character lines."""
    text = "为深入贯彻落实党中央国务院决策部署推进养老服务体系建设"
    return make_pdf.pdf_bytes(["\n".join(make_pdf.text_op(90 + 12 * i, 700 - 14 * i, char)
                                         for i, char in enumerate(text))])


def test_glyphs_below_the_page_are_left_out_and_reported(tmp_path):
    path = tmp_path / "stray.pdf"
    path.write_bytes(stray_text_pdf())
    source = read_source(path)
    assert "二、主要任务" not in source.text
    assert source.warnings == ("6 characters outside the page box (page 1), 6 of them above or below it and left out",)


def test_broken_text_layers_are_warnings_in_build_problems(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "stray.pdf").write_bytes(stray_text_pdf())
    (corpus / "scattered.pdf").write_bytes(scattered_text_pdf())
    result = build(corpus, tmp_path / "kb.db")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "kb.db") as con:
        problems = sorted(con.execute("select file_name, severity, message from build_problems"))
    assert problems == [
        ("scattered.pdf", "warning", "text layer looks broken: 27 of 27 lines are one character"),
        ("stray.pdf", "warning", "6 characters outside the page box (page 1), 6 of them above or below it and left out"),
    ]
