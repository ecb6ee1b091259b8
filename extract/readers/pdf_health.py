"""Signs that a PDF's text layer is broken, for `build_problems`.

A text layer can look fine to a reader and still come apart: glyphs placed
one by one with wandering baselines read as a column of one-character lines,
and text drawn beyond the page box (a clipped line, a hidden layer) is not on
the printed page. Either is reported as a warning beside the document.
"""
from __future__ import annotations

from .pdf_lines import Line

# A text layer whose lines are one character each in this share, over at least
# ONE_CHAR_MIN_LINES lines, has come apart: the printed page has words.
ONE_CHAR_SHARE = 0.2
ONE_CHAR_MIN_LINES = 10


def one_character_lines(lines: list[Line]) -> int:
    """Lines of a single character: [Line('一'), Line('二、扩投资')] -> 1."""
    return sum(1 for line in lines if len(line.text.strip()) == 1)


def _pages(counts: list[int]) -> str:
    return ", ".join(str(i + 1) for i, count in enumerate(counts) if count)


def text_layer_warnings(pages_lines: list[list[Line]], outside: list[int], dropped: list[int]) -> list[str]:
    """Warnings about the text layer: one-character lines, glyphs outside the page box.

    ([[Line('2'), Line('0'), …]], [0, 12], [0, 12]) ->
    ['text layer looks broken: 40 of 52 lines are one character',
     '12 characters outside the page box (page 2), 12 of them above or below it and left out']
    """
    lines = [line for page in pages_lines for line in page]
    warnings = []
    single = one_character_lines(lines)
    if single >= ONE_CHAR_MIN_LINES and single >= ONE_CHAR_SHARE * len(lines):
        warnings.append(f"text layer looks broken: {single} of {len(lines)} lines are one character")
    if any(outside):
        warnings.append(f"{sum(outside)} characters outside the page box (page {_pages(outside)}), "
                        f"{sum(dropped)} of them above or below it and left out")
    return warnings
