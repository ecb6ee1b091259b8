"""Character-level normalisation that keeps offsets.

Plans mix full-width and half-width punctuation (`（责任单位：…）` beside
`(责任单位:…)`) and look-alike full stops (`1﹒`, `1．`). Every rule in this
package matches against `fold(text)`, a same-length copy of the text in which
each look-alike is mapped to one form, so a match's offsets are offsets in
the original and quotes are sliced from the original verbatim.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from functools import lru_cache

# One character in, one character out: offsets survive.
_FOLD_PAIRS = {
    "（": "(", "）": ")", "〔": "(", "〕": ")", "【": "[", "】": "]", "［": "[", "］": "]",
    "：": ":", "，": ",", "；": ";", "﹒": ".", "．": ".", "。": "。",
    "－": "-", "—": "-", "–": "-", "～": "~", "〜": "~", "％": "%",
    "＜": "<", "＞": ">", "＝": "=", "＋": "+", "\u3000": " ", "\xa0": " ",
    "“": '"', "”": '"', "＂": '"',
}
_FOLD_PAIRS.update({chr(0xFF10 + i): str(i) for i in range(10)})  # full-width digits
# Every other space a word processor emits (em space `\u2003` indents 000's `（二）…`).
_FOLD_PAIRS.update({chr(c): " " for c in (*range(0x2000, 0x200B), 0x202F, 0x205F)})
_FOLD_TABLE = str.maketrans(_FOLD_PAIRS)
# The same mapping as (look-alike, form) replacements, identities left out. Applied one after
# another they give what `translate` gives, because no form is itself a look-alike (a test
# checks): `str.replace` scans at C speed, where `translate` with a table of non-ASCII keys
# looks every character up in a dict (about 15x slower on a plan's text).
FOLD_REPLACEMENTS = tuple((a, b) for a, b in _FOLD_PAIRS.items() if a != b)

# Stray markup left by word-processor exports: `[bookmark: _GoBack]`.
NOISE_MARKUP = re.compile(r"\[bookmark:[^\]]*\]")


# Lines and cells up to this long are folded once per worker: headings are
# folded line by line, and plans of one template repeat their lines.
FOLD_CACHE_CHARS = 200
# Longer texts (a paragraph, a section, the whole document) are folded again by the
# next step that reads them (lines, then numbers, notes, periods): the latest are kept,
# up to this many characters in all, so a worker's memory stays bounded whatever the plans.
LONG_FOLDS_CHARS = 2_000_000


def fold(text: str) -> str:
    """Same-length normalised copy: `（责任单位：区民政局）` -> `(责任单位:区民政局)`."""
    if len(text) <= FOLD_CACHE_CHARS:
        return _fold_short(text)
    return _long_folds.fold(text)


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    return _fold(text)


class _LongFolds:
    """The folds of the latest long texts, least recently used dropped past LONG_FOLDS_CHARS.

    Locked: a Dask worker may extract documents in several threads."""

    def __init__(self, budget: int):
        self.budget = budget
        self.kept: OrderedDict[str, str] = OrderedDict()
        self.chars = 0
        self.lock = threading.Lock()

    def fold(self, text: str) -> str:
        with self.lock:
            folded = self.kept.get(text)
            if folded is not None:
                self.kept.move_to_end(text)
                return folded
        folded = _fold(text)
        if len(text) <= self.budget:
            with self.lock:
                if text not in self.kept:
                    self.kept[text] = folded
                    self.chars += len(text)
                while self.chars > self.budget:
                    dropped, _ = self.kept.popitem(last=False)
                    self.chars -= len(dropped)
        return folded


_long_folds = _LongFolds(LONG_FOLDS_CHARS)


def _fold(text: str) -> str:
    folded = text
    for look_alike, form in FOLD_REPLACEMENTS:
        if look_alike in folded:
            folded = folded.replace(look_alike, form)
    assert len(folded) == len(text)
    return folded


def blank_noise(text: str) -> str:
    """Replace stray markup with spaces of the same length (offsets survive)."""
    return NOISE_MARKUP.sub(lambda m: " " * len(m.group()), text)


def squash(text: str) -> str:
    """Remove all whitespace: `区民政局、 区财政局` -> `区民政局、区财政局`."""
    return re.sub(r"\s+", "", text)
