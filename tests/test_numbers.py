"""extract.text.numbers: Arabic and Chinese numerals as plans print them."""
from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.text.numbers import parse_number, tidy


@pytest.mark.parametrize(
    "token, expected",
    [
        # Arabic
        ("9888", 9888.0),          # 000 崇明: 养老床位总量不少于9888张
        ("1.01", 1.01),            # 001 崇明: 1.01 万张
        ("0.84", 0.84),            # 001 崇明
        ("3,000", 3000.0),
        ("1,234.5", 1234.5),
        ("230000", 230000.0),      # 001 崇明 project table
        (" 55 ", 55.0),            # 001 崇明: 每千人 55 平方米
        # Chinese numerals
        ("二十", 20.0),
        ("三百五十", 350.0),
        ("两千", 2000.0),
        ("两", 2.0),
        ("五", 5.0),               # p09 宿州: 有效期五年 (the number itself)
        ("十", 10.0),
        ("一百零五", 105.0),
        ("一万二", 12000.0),
        # not numbers
        ("", None),
        ("   ", None),
        ("万", None),
        ("一批", None),
        ("abc", None),
    ],
)
def test_parse_number(token, expected):
    assert parse_number(token) == expected


@given(st.integers(0, 99999))
def test_parse_number_reads_any_integer(n):
    assert parse_number(str(n)) == n
    assert parse_number(cn2an.an2cn(n)) == n


@given(st.integers(0, 9_999_999))
def test_parse_number_reads_thousands_separators(n):
    assert parse_number(f"{n:,}") == n


@pytest.mark.parametrize(
    "value, expected",
    [(1.01 * 1e4, 10100.0), (0.84 * 1e4, 8400.0), (4.4 * 1e8, 440000000.0), (28.25 * 1e4, 282500.0)],
)
def test_tidy_rounds_away_float_noise(value, expected):
    assert tidy(value) == expected
