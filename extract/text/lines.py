"""A document as lines with their offsets.

Flattened word-processor text puts one table cell per line behind a TAB and
breaks sentences over lines, so every later step works on `Line`s that know
where they sit in the original text.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.text.textnorm import blank_noise, fold


@dataclass(frozen=True)
class Line:
    index: int
    start: int          # offset of the first character of the raw line
    end: int            # offset just past its last character (newline excluded)
    raw: str            # as in the document
    folded: str         # fold(blank_noise(raw)), same length as raw

    @property
    def lead(self) -> int:
        """Offset of the first non-blank character."""
        stripped = self.folded.lstrip(" \t\r")
        return self.end - len(stripped) if stripped else self.end

    @property
    def content(self) -> str:
        """Folded text without surrounding blanks."""
        return self.folded.strip(" \t\r")

    @property
    def is_blank(self) -> bool:
        return not self.content

    @property
    def is_cell(self) -> bool:
        """A flattened table cell (`\\t序号`) or a tab-separated row (`一级指标\\t二级指标`)."""
        return self.starts_cell or "\t" in self.raw.strip(" \r\u3000")

    @property
    def starts_cell(self) -> bool:
        """One cell of a one-cell-per-line table: `\t序号`, also ` \t建立时间银行…` (a stray space)."""
        return self.raw.lstrip(" \u3000").startswith("\t")


def split_lines(text: str) -> list[Line]:
    """`"一、总体要求\\n为…"` -> [Line(0, 0, 6, …), Line(1, 7, …)]."""
    out: list[Line] = []
    pos = 0
    for index, raw in enumerate(text.split("\n")):
        end = pos + len(raw)
        out.append(Line(index, pos, end, raw, fold(blank_noise(raw))))
        pos = end + 1
    return out
