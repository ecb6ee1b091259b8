"""Dates and years as plans write them.

`2022年10月31日` -> 2022-10-31, `2020年6月` -> 2020-06, `到"十四五"末` -> 2025,
`2022年底` -> 2022, `2021年8月-10月` -> 2021-10 (the end of a span).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from extract.text.numbers import parse_number

# 2022年10月31日  2022年8月
FULL_DATE = re.compile(r"(20\d{2}|19\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
# 2022.10.31 / 2022-10-31 / 2022/10
NUMERIC_DATE = re.compile(r"(20\d{2})[./-](\d{1,2})(?:[./-](\d{1,2}))?(?!\d)")
# 2022年 / 2022年底 / 2022年末
YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
# "十四五" / 十四五 and their end (末/期末/时期末)
FIVE_YEAR_PLANS = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030)}
FIVE_YEAR = re.compile(r'["“]?(十[三四五]五)["”]?\s*(?:(?:时期|期)?末|期间|时期)?')
# A span of years in a title: （2022-2024年） (2023-2025) 2021—2023年
YEAR_SPAN = re.compile(r"(20\d{2})\s*(?:年)?\s*[-—–~至到]\s*(20\d{2})")
# A small count of years: `5` `三` `两` `十二`.
YEAR_COUNT = r"(\d{1,2}|[一二两三四五六七八九十]{1,2})"
# `2012年起5年内` `自2024年起三年内`: a span counted from a first year.
FROM_YEAR_WITHIN = re.compile(rf"(20\d{{2}})\s*年\s*(?:起|开始)\s*(?:的)?\s*{YEAR_COUNT}\s*年(?:内|时间|左右)")


def year_count(token: str) -> int | None:
    """`5` -> 5, `三` -> 3, `两` -> 2; None past twenty years (no plan counts further)."""
    value = parse_number(token.replace("两", "二"))
    return int(value) if value and 0 < value <= 20 else None


def counted_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Each `X年起N年内` of `text` as (where it ends, first year, last year): `2012年起5年内` -> 2012, 2016."""
    for m in FROM_YEAR_WITHIN.finditer(text):
        n = year_count(m.group(2))
        if n:
            yield m.end(), int(m.group(1)), int(m.group(1)) + n - 1


def iso_date(text: str) -> str | None:
    """`2022年10月31日` -> '2022-10-31'; `2020年6月` -> '2020-06'; `2021年` -> '2021'."""
    m = FULL_DATE.search(text)
    if m:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        if not 1 <= mo <= 12:
            return y
        return f"{y}-{mo:02d}-{int(d):02d}" if d else f"{y}-{mo:02d}"
    m = NUMERIC_DATE.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        return f"{y}-{mo:02d}-{int(d):02d}" if d else f"{y}-{mo:02d}"
    m = YEAR.search(text)
    return m.group(1) if m else None


# 2021年8月-10月 / 2020年7月至2021年7月: a span's end is the deadline.
MONTH_SPAN = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*[-—–~至到]\s*(?:(20\d{2})\s*年\s*)?(\d{1,2})\s*月")


def deadline_of(cell: str) -> str | None:
    """A 完成时限 cell: `2020年6月` -> '2020-06'; `2021年8月-10月` -> '2021-10'; `长期坚持` -> None."""
    m = MONTH_SPAN.search(cell)
    if m:
        year = m.group(3) or m.group(1)
        return f"{year}-{int(m.group(4)):02d}"
    if re.search(r"20\d{2}", cell):
        return iso_date(cell)
    return None


def five_year_span(text: str) -> tuple[int, int] | None:
    """`如皋市“十四五”养老服务发展规划` -> (2021, 2025)."""
    m = FIVE_YEAR.search(text)
    return FIVE_YEAR_PLANS[m.group(1)] if m else None


def year_span(text: str) -> tuple[int, int] | None:
    """`（2022-2024年）` -> (2022, 2024)."""
    m = YEAR_SPAN.search(text)
    if m and int(m.group(1)) <= int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    return None
