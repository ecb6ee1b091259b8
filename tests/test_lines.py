"""extract.text.lines: a document as lines that know their offsets."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.text.lines import split_lines

LINE_ALPHABET = st.sampled_from(list("一、（）()1.区民政局\t \u3000\r\n:：[]bookmark_"))
doc_text = st.text(LINE_ALPHABET, max_size=300) | st.text(max_size=300)


# -- offsets: properties over arbitrary text ----------------------------------------
@given(doc_text)
def test_each_line_slices_back_to_its_raw_text(text):
    for line in split_lines(text):
        assert text[line.start:line.end] == line.raw


@given(doc_text)
def test_lines_cover_the_text(text):
    lines = split_lines(text)
    assert "\n".join(line.raw for line in lines) == text
    assert [line.index for line in lines] == list(range(len(lines)))
    assert lines[-1].end == len(text)


@given(doc_text)
def test_folded_line_keeps_length(text):
    for line in split_lines(text):
        assert len(line.folded) == len(line.raw)


@given(doc_text)
def test_lead_points_at_the_first_character_of_the_content(text):
    for line in split_lines(text):
        if line.is_blank:
            assert line.lead == line.end
        else:
            assert line.folded[line.lead - line.start:].startswith(line.content)


# -- offsets: small cases ------------------------------------------------------------
def test_offsets_of_a_heading_and_its_paragraph():
    # 000 崇明
    text = "三、主要任务\n\n重点实施8个提升计划，完成18项主要任务。"
    lines = split_lines(text)
    assert [(ln.index, ln.start, ln.end) for ln in lines] == [(0, 0, 6), (1, 7, 7), (2, 8, len(text))]
    assert lines[1].is_blank


def test_a_windows_line_end_stays_in_raw_but_not_in_content():
    line = split_lines("一、总体要求\r\n坚持以人民为中心")[0]
    assert line.raw == "一、总体要求\r"
    assert line.content == "一、总体要求"


# -- content, lead and cells ---------------------------------------------------------
@pytest.mark.parametrize(
    "raw, content, lead",
    [
        ("　　一、总体要求", "一、总体要求", 2),                       # 000 崇明: ideographic spaces
        ("  （一）强化统筹推进工作机制", "(一)强化统筹推进工作机制", 2),   # 000 崇明: ASCII spaces
        ("(四) 具体指标", "(四) 具体指标", 0),                        # 001 崇明
        ("[bookmark: _GoBack]（一）启动实施阶段（2020年4月至6月）。",   # 004 万州: Word bookmark
         "(一)启动实施阶段(2020年4月至6月)。", 19),
        ("1﹒推进工业互联网外网建设。", "1.推进工业互联网外网建设。", 0),  # e04 安徽
        ("\t序号", "序号", 1),                                         # 000 崇明 table cell
        pytest.param("\u2003\u2003（二）优化考核督查机制", "(二)优化考核督查机制", 2,  # 000 崇明, line 75
                     id="000 em-space indent"),
    ],
)
def test_content_and_lead(raw, content, lead):
    line = split_lines(raw)[0]
    assert line.content == content
    assert line.lead == lead


@pytest.mark.parametrize(
    "raw, is_cell",
    [
        ("\t序号", True),                                                    # 000 崇明: one cell per line
        ("\t", True),                                                        # 000 崇明: a merged (empty) cell
        ("一级指标\t二级指标\t2020 年基 值\t2025 年目 标值\t责任单位", True),  # 001 崇明: a TAB row
        ("\t2 基本医疗保险参保率 (%)\t应保尽保\t应保尽保\t区医保局", True),    # 001 崇明: merged first cell
        ("区公安分局、各乡镇", False),                                        # 000 崇明: continuation of a cell
        ("一、总体要求", False),
        ("　　一、总体要求", False),
        ("(一) 养老托育重大项目清单\t\t\t\t\t\t\t\t", True),   # 001 崇明: the title row of a TAB table
    ],
)
def test_is_cell(raw, is_cell):
    assert split_lines(raw)[0].is_cell is is_cell


@pytest.mark.parametrize("raw", ["", "   ", "\t", "\r", "　　", "[bookmark: _GoBack]"])
def test_blank_lines(raw):
    assert split_lines(raw)[0].is_blank
