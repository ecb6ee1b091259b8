"""Clause and sentence boundaries of a paragraph, found once and looked up per number;
the pieces of a list, cut outside brackets.

A paragraph of a plan can run to hundreds of thousands of characters (a
flattened table, a plan without line breaks); rescanning it from its start
for every number made extraction quadratic. `Boundaries` scans once and
answers each lookup by bisection.

    >>> b = Boundaries("全区床位9888张。护理型床位占比60%", re.compile(r"[。]"))
    >>> b.around(4), b.around(17)
    ((0, 9), (10, 20))
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator


class Boundaries:
    """Every match of a one-character boundary pattern in `folded`, with lookups.

    `around(pos)` equals `(max end of the matches found in folded[:pos], start
    of the first match at or after pos)` — what scanning the prefix with
    `pattern.finditer(folded, 0, pos)` and searching on with
    `pattern.search(folded, pos)` gives, without the scan.
    """

    def __init__(self, folded: str, pattern: re.Pattern):
        self.folded = folded
        self.pattern = pattern
        self._found: tuple[list[int], list[int]] | None = None   # scanned at the first lookup: many lines never ask

    def _scanned(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of the matches, from one scan."""
        if self._found is None:
            found = list(self.pattern.finditer(self.folded))
            self._found = ([m.start() for m in found], [m.end() for m in found])
        return self._found

    def around(self, pos: int) -> tuple[int, int]:
        starts, ends = self._scanned()
        i = bisect.bisect_right(ends, pos) - 1
        left = ends[i] if i >= 0 else 0
        if pos > left and self._cut_match(pos):
            left = pos
        j = bisect.bisect_left(starts, pos)
        right = starts[j] if j < len(starts) else len(self.folded)
        return left, right

    def _cut_match(self, pos: int) -> bool:
        """Does the pattern match just before `pos` when the text is cut at `pos`?

        A lookahead at the cut sees the end of the text: `:(?!\\d)` matches the
        colon of `1:4` in `…1:` though not in `…1:4`."""
        return self.pattern.match(self.folded, pos - 1, pos) is not None


def list_pieces(folded: str, is_break: Callable[[str, int, int], bool]) -> Iterator[tuple[int, int]]:
    """The spans of a list's pieces (empty ones too), cut at each `i` where
    `is_break(folded, i, piece_start)` holds but never inside brackets, so a
    body's second name stays with it: `区人社局(医保局)、各镇乡人民政府` -> (0, 9), (10, 17)."""
    depth, start = 0, 0
    for i, ch in enumerate(folded):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and is_break(folded, i, start):
            yield start, i
            start = i + 1
    yield start, len(folded)
