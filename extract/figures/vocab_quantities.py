"""Vocabularies of quantities: measure words and comparator phrases.

Two plain TSV files in ``schema/``, one loader each, for the quantity parser:

- ``unit_words.tsv``: ``word  normalised  kind  target_unit  factor  note``
- ``comparators.tsv``: ``phrase  comparator  position  note``

The loaders return rows in file order. Matching the longest word first
(``万平方米`` before ``平方米`` before ``米``), multiplying out a bare 万/亿 with
no measure word after it (``突破5亿``), and deciding between phrases that
both occur (``达到…以上``: a bound beats the plain ``=``) is the caller's job.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.paths import SCHEMA_DIR

UNIT_WORDS_PATH = SCHEMA_DIR / "unit_words.tsv"
COMPARATORS_PATH = SCHEMA_DIR / "comparators.tsv"

UNIT_WORD_COLUMNS = ["word", "normalised", "kind", "target_unit", "factor", "note"]
COMPARATOR_COLUMNS = ["phrase", "comparator", "position", "note"]

COMPARATORS = (">=", "<=", ">", "<", "=", "~")
POSITIONS = ("before", "after", "inside")
YES_NO = {"yes": True, "no": False}


@dataclass(frozen=True)
class UnitWord:
    """A measure word that can follow a number.

    ``unit`` is the normalised unit stored with the target; ``factor``
    multiplies the printed value
    (``1.01万张`` → 1.01 × 10000 张, while ``万元`` keeps factor 1 because
    the gold keeps 万元 as printed); ``target_unit`` is False for words that
    normally mark a date, a duration or an age rather than a target
    (``65岁以上``, ``15分钟养老服务圈``).
    """

    word: str
    unit: str
    kind: str
    target_unit: bool
    factor: int
    note: str


@dataclass(frozen=True)
class ComparatorPhrase:
    """A phrase that bounds a number: ``不低于`` before it, ``以上`` after it.

    ``position`` is where the phrase stands relative to the number:
    ``before`` it, ``after`` it and its measure word (``6000家以上``), or
    ``inside``, between the number and the measure word (``240余座``).

    """

    phrase: str
    comparator: str
    position: str
    note: str


def _read_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if reader.fieldnames != columns:
            raise ValueError(f"{path}: columns {reader.fieldnames}, expected {columns}")
        return list(reader)


@lru_cache(maxsize=None)
def load_unit_words(path: Path = UNIT_WORDS_PATH) -> tuple[UnitWord, ...]:
    """Read ``schema/unit_words.tsv``: the measure words and how to normalise them.

    >>> words = {w.word: w for w in load_unit_words()}
    >>> words["亿元"].unit, words["亿元"].factor
    ('元', 100000000)
    >>> words["万元"].unit, words["万元"].factor, words["岁"].target_unit
    ('万元', 1, False)
    """
    words = []
    for row in _read_tsv(path, UNIT_WORD_COLUMNS):
        if row["target_unit"] not in YES_NO or not row["normalised"]:
            raise ValueError(f"{path}: bad row {row}")
        words.append(
            UnitWord(
                word=row["word"],
                unit=row["normalised"],
                kind=row["kind"],
                target_unit=YES_NO[row["target_unit"]],
                factor=int(row["factor"]),
                note=row["note"],
            )
        )
    return tuple(words)


@lru_cache(maxsize=None)
def load_comparators(path: Path = COMPARATORS_PATH) -> tuple[ComparatorPhrase, ...]:
    """Read ``schema/comparators.tsv``: the phrases that bound a number.

    >>> phrases = {(c.phrase, c.position): c.comparator for c in load_comparators()}
    >>> phrases[("最高不超过", "before")], phrases[("以上", "after")], phrases[("左右", "after")]
    ('<=', '>=', '~')
    """
    phrases = []
    for row in _read_tsv(path, COMPARATOR_COLUMNS):
        if row["comparator"] not in COMPARATORS or row["position"] not in POSITIONS:
            raise ValueError(f"{path}: bad row {row}")
        phrases.append(ComparatorPhrase(row["phrase"], row["comparator"], row["position"], row["note"]))
    return tuple(phrases)
