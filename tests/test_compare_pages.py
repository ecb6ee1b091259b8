"""The pure helpers of plugins/compare_pages.py: numbers as printed, axes, labels, the SVG chart."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("compare_pages", ROOT / "plugins" / "compare_pages.py")
compare_pages = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(compare_pages)
Bar = compare_pages.Bar


@pytest.mark.parametrize("value, expected", [(60.0, "60"), (1.5, "1.5"), (10105.0, "10,105"), (0.84, "0.84"),
                                             (None, "")])
def test_format_number(value, expected):
    assert compare_pages.format_number(value) == expected


@pytest.mark.parametrize("row, expected", [
    # 如皋: 到2025年,全市护理型养老床位占比不低于75%
    ({"comparator": ">=", "value": 75.0, "value_max": None, "unit": "%", "year": 2025}, "≥75%（2025年）"),
    # 浦东: 护理型床位占总床位数的60%以上 (no year stated)
    ({"comparator": ">=", "value": 60.0, "value_max": None, "unit": "%", "year": None}, "≥60%"),
    ({"comparator": "=", "value": 300.0, "value_max": None, "unit": "张", "year": 2025}, "300张（2025年）"),
    ({"comparator": "range", "value": 30.0, "value_max": 50.0, "unit": "%", "year": None}, "30–50%"),
    ({"comparator": "~", "value": 1.01, "value_max": None, "unit": "万张", "year": None}, "约1.01万张"),
])
def test_statement_text(row, expected):
    assert compare_pages.statement_text(row) == expected


@pytest.mark.parametrize("max_value, expected", [(75, (80, 20)), (60, (60, 20)), (10105, (15000, 5000)),
                                                 (3.5, (4, 1)), (0, (1.0, 1.0))])
def test_nice_axis(max_value, expected):
    assert compare_pages.nice_axis(max_value) == pytest.approx(expected)


@pytest.mark.parametrize("text, width, expected", [
    ("如皋市 发展规划 2021–2025", 250, "如皋市 发展规划 2021–2025"),
    ("关于加快完善社会养老服务体系着力优化大城养老浦东样板的行动方案", 60, "关于加快…"),
])
def test_fit_text(text, width, expected):
    assert compare_pages.fit_text(text, width) == expected


def test_bar_chart_escapes_every_text():
    evil = '<script>alert(1)</script>"'
    bar = Bar(label=evil, value=60.0, value_max=None, text=evil, href='/-/plan/x?a=1&b="2"', tooltip=evil,
              plan_id=evil)
    svg = compare_pages.bar_chart_svg([bar], evil)
    assert "<script>" not in svg
    assert 'href="/-/plan/x?a=1&amp;b=&quot;2&quot;"' in svg
    assert svg.count("&lt;script&gt;") == 6  # aria-label, title, data-plan, tooltip, label, value text


def test_bar_chart_draws_ranges_and_scales_to_the_axis():
    bars = [Bar("A", 60.0, None, "≥60%", "/a", "", "p1"), Bar("B", 30.0, 50.0, "30–50%", "/b", "", "p2")]
    svg = compare_pages.bar_chart_svg(bars, "t")
    widths = [float(w) for w in re.findall(r'width="([\d.]+)" height="\d+" class="(?:value|range)"', svg)]
    plot = compare_pages.PLOT_WIDTH
    assert widths == pytest.approx([60 / 60 * plot, 30 / 60 * plot, 20 / 60 * plot], abs=0.1)
    assert svg.count('class="bar"') == 2


@pytest.mark.parametrize("rows, expected", [
    ([{"year": 2021, "period_start": 2021, "period_end": 2025}], [2021, 2022, 2023, 2024, 2025]),
    ([{"year": 2025, "period_start": 2023, "period_end": 2025}, {"year": 2035, "period_start": 2023,
                                                                  "period_end": 2025}], list(range(2023, 2036))),
    # a misread year far away: only the years with items
    ([{"year": 1949, "period_start": None, "period_end": None}, {"year": 2025, "period_start": None,
                                                                  "period_end": None}], [1949, 2025]),
    ([], []),
])
def test_timeline_years(rows, expected):
    assert compare_pages.timeline_years(rows) == expected
