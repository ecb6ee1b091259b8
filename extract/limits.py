"""How large a plan can be: limits that follow the genre, each a named constant with a test.

A county's five-year plan runs to some 100,000 characters, its tables to a few
hundred cells, its lists to a few hundred items, its figures to trillions of
yuan. A file far past these is crafted or broken: it is reported with the limit
it broke and left out, so that one file cannot hang or exhaust the build.
"""
from __future__ import annotations

import re

# Characters of one document's text (the longest real plans hold ~300,000).
MAX_DOCUMENT_CHARS = 3_000_000
# Characters of one paragraph (line); real plans stay under 2,000, flattened tables under 20,000.
MAX_PARAGRAPH_CHARS = 100_000
# Rows or columns one table cell may span (`rowspan`, `colspan`, Word's `gridSpan`, `gridBefore`).
MAX_SPAN = 1_000
# Grid positions of one table, merged ones included.
MAX_TABLE_CELLS = 200_000
# The largest value a Word list counter may reach (`w:start`, `w:startOverride`, counting on).
MAX_LIST_NUMBER = 100_000
# Unpacked bytes of a Word file: at most this many times its size, and never past the cap.
MAX_DOCX_EXPANSION = 100
DOCX_UNPACKED_FLOOR = 16 * 2**20
MAX_DOCX_UNPACKED = 512 * 2**20
# Digits in a row, and Chinese numerals in a row: an ID card has 18 digits, a bank account 19;
# no plan prints a figure of more.
MAX_DIGIT_RUN = 24
MAX_NUMERAL_RUN = 24
# No plan states a figure this large (10^16, a hundred million 亿); beyond it a number is noise.
MAX_NUMBER = 1e16
# Seconds one file may take from reading to its rows; past it the file is reported and skipped.
FILE_BUDGET_SECONDS = 60.0


class OverLimit(ValueError):
    """A document past one of the limits above; the message names the limit.

    >>> str(OverLimit("a table cell spans 1,000,000,000 columns (limit 1,000)"))
    'a table cell spans 1,000,000,000 columns (limit 1,000)'
    """


def check_span(span: int, what: str = "columns") -> int:
    """`span` if within MAX_SPAN, else OverLimit: `check_span(3)` -> 3."""
    if span > MAX_SPAN:
        raise OverLimit(f"a table cell spans {span:,} {what} (limit {MAX_SPAN:,})")
    return span


def check_text(text: str) -> None:
    """Raise OverLimit for a document or a paragraph longer than any plan's, or a number
    no plan prints (checked before parsing, so no rule sees it)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise OverLimit(f"{len(text):,} characters of text (limit {MAX_DOCUMENT_CHARS:,})")
    longest = max(map(len, text.split("\n")), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise OverLimit(f"a paragraph of {longest:,} characters without a line break (limit {MAX_PARAGRAPH_CHARS:,})")
    digits = DIGIT_RUN.search(text)
    if digits:
        raise OverLimit(f"a number of {_run_length(text, digits.start(), DIGITS)} digits at character "
                        f"{digits.start():,} (limit {MAX_DIGIT_RUN}): no plan's figure")
    numerals = NUMERAL_RUN.search(text)
    if numerals:
        raise OverLimit(f"{_run_length(text, numerals.start(), NUMERALS)} Chinese numerals in a row at character "
                        f"{numerals.start():,} (limit {MAX_NUMERAL_RUN}): no plan's figure")


DIGITS = "0123456789０１２３４５６７８９"
NUMERALS = "零〇一二两三四五六七八九十百千万亿"
# One character, then the rest of the run: a pattern that opens with a character class lets the
# regex engine skip ahead to it (twice as fast over a document as `[…]{25,}`, the same matches).
DIGIT_RUN = re.compile(f"[{DIGITS}][{DIGITS}]{{{MAX_DIGIT_RUN},}}")
NUMERAL_RUN = re.compile(f"[{NUMERALS}][{NUMERALS}]{{{MAX_NUMERAL_RUN},}}")


def _run_length(text: str, start: int, alphabet: str) -> int:
    end = start
    while end < len(text) and text[end] in alphabet:
        end += 1
    return end - start


def check_unpacked(packed: int, unpacked: int) -> None:
    """Raise OverLimit for a Word file that unpacks to far more than a document's XML (a zip bomb)."""
    allowed = min(MAX_DOCX_UNPACKED, max(DOCX_UNPACKED_FLOOR, MAX_DOCX_EXPANSION * packed))
    if unpacked > allowed:
        raise OverLimit(f"the Word file unpacks to {unpacked:,} bytes from {packed:,} "
                        f"(limit {allowed:,}): a compression bomb, not a document")
