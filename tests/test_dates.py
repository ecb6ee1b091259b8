"""extract.text.dates: dates, deadlines and plan periods as plans write them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.text.dates import deadline_of, five_year_span, iso_date, year_span


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022年10月31日", "2022-10-31"),             # 000 崇明 notice date
        ("2023年3月30日印发", "2023-03-30"),          # 001 崇明
        ("2020年6月", "2020-06"),                    # 004 万州 完成时限
        ("2020年6月30日前", "2020-06-30"),
        ("2021年", "2021"),
        ("2022年底", "2022"),
        ("2022年13月", "2022"),                      # no such month: the year alone
        ("2022.10.31", "2022-10-31"),
        ("2022-10", "2022-10"),
        ("2022/10/31", "2022-10-31"),
        ("二〇二二年", None),
        ("长期坚持", None),
        ('到"十四五"末', None),
    ],
)
def test_iso_date(text, expected):
    assert iso_date(text) == expected


@given(st.integers(1990, 2099), st.integers(1, 12), st.integers(1, 28))
def test_iso_date_of_any_printed_date(year, month, day):
    assert iso_date(f"{year}年{month}月{day}日") == f"{year}-{month:02d}-{day:02d}"
    assert iso_date(f"{year}年{month}月") == f"{year}-{month:02d}"


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2020年6月", "2020-06"),                    # 004 万州 task-division table
        ("2021年12月", "2021-12"),                   # 004 万州
        ("2021年8月-10月", "2021-10"),               # 004 万州 指导验收阶段: the end of the span
        ("2020年4月至6月", "2020-06"),               # 004 万州 启动实施阶段
        ("2020年7月至2021年7月", "2021-07"),          # 004 万州 全面实施阶段
        ("2021年1月底前", "2021-01"),                # 004 万州
        ("2022年底", "2022"),
        ("长期坚持", None),
        ("持续推进", None),                          # 000 崇明
        ("6月底", None),                             # no year: no deadline
        ("", None),
    ],
)
def test_deadline_of(cell, expected):
    assert deadline_of(cell) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("如皋市“十四五”养老服务发展规划", (2021, 2025)),                 # 003 如皋
        ("上海市养老服务发展\"十三五\"规划", (2016, 2020)),
        ("“十五五”时期", (2026, 2030)),
        ("“十四五”期间", (2021, 2025)),                                  # 000 崇明
        ("崇明区深化养老服务三年行动计划（2022-2024年）", None),          # 000 崇明
        ("关于本区“一老一小”整体解决方案", None),                        # 001 崇明
    ],
)
def test_five_year_span(text, expected):
    assert five_year_span(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("崇明区深化养老服务三年行动计划（2022-2024年）", (2022, 2024)),                               # 000 崇明
        ("关于加快完善社会养老服务体系着力优化大城养老浦东样板的行动方案（2023-2025）", (2023, 2025)),  # 002 浦东
        ("《浦东新区养老服务设施布局专项规划（2022—2035）》", (2022, 2035)),                           # 002 浦东
        ("《崇明区学前教育三年行动计划（2019—2021年）》", (2019, 2021)),                               # 001 崇明
        ("安徽省工业互联网创新发展行动计划（2021-2023年）", (2021, 2023)),                             # e04 安徽
        ("2021年至2023年", (2021, 2023)),
        ("2024-2022", None),                                                                          # backwards
        ("济源示范区2023年大力提振市场信心促进经济稳定向好政策措施", None),                            # e07 济源
    ],
)
def test_year_span(text, expected):
    assert year_span(text) == expected


@given(st.integers(2000, 2099), st.integers(0, 15), st.sampled_from(["-", "—", "–", "~", "至", "到"]),
       st.sampled_from(["（{}{}{}年）", "({}{}{})", "{}年{}{}年"]))
def test_year_span_of_any_title_span(start, length, dash, form):
    end = min(start + length, 2099)
    assert year_span("某区养老服务行动方案" + form.format(start, dash, end)) == (start, end)
