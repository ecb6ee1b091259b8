"""Every limit of extract/limits.py holds at its value and refuses past it; sniffing names what a file is."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from extract import limits
from extract.limits import OverLimit, check_text, check_unpacked
from extract.readers import UnreadableDocument, read_source
from extract.readers.docx import read_docx_bytes
from extract.readers.html import read_html_bytes
from extract.readers.sniff import PLAN_CHARACTERS, binary_kind, foreign_char_share, text_problem
from extract.readers.table import SpanCell, grid_from_spans
from extract.text.numbers import parse_number

_spec = importlib.util.spec_from_file_location("crafted_files", ROOT / "scripts" / "crafted_files.py")
crafted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(crafted)


def lines_of(n_chars: int, width: int = 1000) -> str:
    return "\n".join("床" * width for _ in range(n_chars // (width + 1) + 1))[:n_chars]


def test_document_chars():
    check_text(lines_of(limits.MAX_DOCUMENT_CHARS))
    with pytest.raises(OverLimit, match="characters of text"):
        check_text(lines_of(limits.MAX_DOCUMENT_CHARS + 1))


def test_paragraph_chars():
    check_text("床" * limits.MAX_PARAGRAPH_CHARS)
    with pytest.raises(OverLimit, match="a paragraph of 100,001 characters"):
        check_text("床" * (limits.MAX_PARAGRAPH_CHARS + 1))


@pytest.mark.parametrize("run, limit, words", [("9", limits.MAX_DIGIT_RUN, "digits"),
                                               ("九", limits.MAX_NUMERAL_RUN, "Chinese numerals")])
def test_digit_and_numeral_runs(run, limit, words):
    check_text(f"新增床位{run * limit}张")
    with pytest.raises(OverLimit, match=words):
        check_text(f"新增床位{run * (limit + 1)}张")


@pytest.mark.parametrize("token, value", [("1" + "0" * 15, 1e15), ("1" + "0" * 17, None), ("9" * 310, None),
                                          ("九" * 400, None), ("1e999", None)])
def test_numbers_past_any_plan_are_no_numbers(token, value):
    assert parse_number(token) == value


def page(span: int) -> bytes:
    return (f'<html><body><h1>某区养老服务行动计划</h1><table><tr><td colspan="{span}">任务</td><td>单位</td></tr>'
            f'<tr><td>建设养老床位</td><td>区民政局</td></tr></table></body></html>').encode("utf-8")


def test_html_span():
    read_html_bytes("a.html", page(limits.MAX_SPAN))
    with pytest.raises(OverLimit, match="spans 1,001 columns"):
        read_html_bytes("a.html", page(limits.MAX_SPAN + 1))


def grid_docx(tmp_path: Path, span: int) -> bytes:
    path = tmp_path / "a.docx"
    crafted.docx(path, f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'
                 + crafted.PARAGRAPH.format("任务") + "</w:tc></w:tr></w:tbl>" + crafted.PARAGRAPH.format(crafted.TITLE))
    return path.read_bytes()


def test_docx_grid_span(tmp_path):
    read_docx_bytes("a.docx", grid_docx(tmp_path, limits.MAX_SPAN))
    with pytest.raises(OverLimit, match="spans 1,001 columns"):
        read_docx_bytes("a.docx", grid_docx(tmp_path, limits.MAX_SPAN + 1))


def test_table_cells():
    rows = [[SpanCell("任务", rowspan=limits.MAX_SPAN, colspan=limits.MAX_SPAN // 5)]]
    assert len(grid_from_spans(rows)[0]) == limits.MAX_SPAN // 5
    with pytest.raises(OverLimit, match="cells"):
        grid_from_spans(rows * 2)


def numbered_docx(tmp_path: Path, start: int) -> bytes:
    path = tmp_path / "n.docx"
    crafted.docx(path, crafted.PARAGRAPH.format(crafted.TITLE) + crafted.NUMBERED.format("主要任务") * 2,
                 crafted.NUMBERING.replace("{start}", str(start)).replace("{fmt}", "decimal"))
    return path.read_bytes()


def test_list_numbers(tmp_path):
    assert f"{limits.MAX_LIST_NUMBER - 1}、主要任务" in read_docx_bytes("n.docx", numbered_docx(
        tmp_path, limits.MAX_LIST_NUMBER - 1)).text
    with pytest.raises(OverLimit, match="list numbering"):
        read_docx_bytes("n.docx", numbered_docx(tmp_path, limits.MAX_LIST_NUMBER))


def test_docx_expansion():
    check_unpacked(1_000_000, limits.MAX_DOCX_EXPANSION * 1_000_000)
    check_unpacked(10_000, limits.DOCX_UNPACKED_FLOOR)                 # small files may unpack to the floor
    with pytest.raises(OverLimit, match="compression bomb"):
        check_unpacked(1_000_000, limits.MAX_DOCX_EXPANSION * 1_000_000 + 1)
    with pytest.raises(OverLimit):
        check_unpacked(10 * 2**20, limits.MAX_DOCX_UNPACKED + 1)       # never past the cap


def test_zip_bomb_refused_before_unpacking(tmp_path):
    crafted.zip_bomb(tmp_path / "b.docx", 64)
    with pytest.raises(OverLimit, match="compression bomb"):
        read_docx_bytes("b.docx", (tmp_path / "b.docx").read_bytes())


@pytest.mark.parametrize("data, suffix, kind", [
    (b"%PDF-1.7\n...", ".txt", "a PDF file"), (b"%PDF-1.7\n...", ".html", "a PDF file"),
    (b"%PDF-1.7\n...", ".pdf", None), (b"PK\x03\x04...", ".txt", "a zip archive"), (b"PK\x03\x04...", ".docx", None),
    (b"\x89PNG\r\n\x1a\n...", ".html", "a PNG image"), ("关于印发".encode(), ".txt", None),
])
def test_binary_kind(data, suffix, kind):
    found = binary_kind(data, suffix)
    assert (found is None) if kind is None else found.startswith(kind)


@pytest.mark.parametrize("text, words", [
    ("\0" * 100, "binary data"), ("关于印发养老服务行动计划的通知\n" * 5, None),
    ((crafted.TITLE * 5).encode("utf-8").decode("utf-16-le", "replace"), "mojibake"),
])
def test_text_problem(text, words):
    problem = text_problem(text)
    assert (problem is None) if words is None else words in problem


@given(st.text(max_size=300) | st.text("区民政局，。（）①≥ab12\x00\uac00\ue000", max_size=300))
def test_foreign_characters_are_those_no_plan_uses(text):
    """The share is counted with the complement of PLAN_CHARACTERS: the same count."""
    expected = (len(text) - len(PLAN_CHARACTERS.findall(text))) / len(text) if text else 0.0
    assert foreign_char_share(text) == expected


def test_real_plans_pass_every_check():
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.suffix in (".txt", ".html", ".docx", ".pdf"):
            check_text(read_source(path).text)


def test_pdf_under_a_text_name_is_reported_as_a_pdf(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(UnreadableDocument, match="a PDF file under a .txt name"):
        read_source(tmp_path / "x.txt")
