"""The spaCy pipeline (extract/text/nlp.py): what its EntityRuler marks, and why unit names are not among it."""
from __future__ import annotations

import re

from extract.text import nlp


def time_pattern_tokens() -> tuple[set[str], list[str]]:
    """The words and the regular expressions a token of a time pattern (schema/entity_patterns.jsonl) may match."""
    words: set[str] = set()
    regexes: list[str] = []
    for pattern in nlp.entity_patterns():
        for token in pattern["pattern"]:
            for attr, value in token.items():
                if attr in ("ORTH", "TEXT"):
                    words.update(value.get("IN", ())) if isinstance(value, dict) else words.add(value)
                    regexes += [value["REGEX"]] if isinstance(value, dict) and "REGEX" in value else []
    return words, regexes


def test_the_ruler_marks_time_expressions_only():
    assert {p["label"] for p in nlp.entity_patterns()} == {"DATE"}
    assert nlp.entities("到2025年，全区养老床位不少于9888张", "DATE") == [(0, 6, "到2025年")]


def test_no_unit_name_shares_a_token_with_a_time_pattern():
    """The department names were ORG patterns of the same ruler until issue 16. A match is dropped
    only where it overlaps a longer one, and no name's tokens can be part of a time expression, so
    leaving them out changed no DATE (and spares every extracting process a quarter of a second)."""
    words, regexes = time_pattern_tokens()
    assert words and regexes
    tokenizer = nlp.tokenizer()
    clashes = {name: tokens for name in nlp.unit_vocabulary_names()
               if (tokens := [t for t in tokenizer.lcut(name) if t in words or any(re.search(r, t) for r in regexes)])}
    assert clashes == {}


def test_every_time_pattern_needs_a_year_mention():
    """extract.figures.horizons gives spaCy only the sentences YEAR_MENTION finds: that loses no
    DATE only while every pattern has a required token that is always such a mention. A pattern
    added to schema/entity_patterns.jsonl without one (`今年`, `十六五`) must widen YEAR_MENTION."""
    from extract.figures.horizons import YEAR_MENTION

    def always_a_mention(token: dict) -> bool:
        if token.get("OP") in ("?", "*"):
            return False
        for attr in ("ORTH", "TEXT"):
            value = token.get(attr)
            if isinstance(value, str):
                return bool(YEAR_MENTION.search(value))
            if isinstance(value, dict) and "IN" in value:
                return all(YEAR_MENTION.search(v) for v in value["IN"])
            if isinstance(value, dict) and "REGEX" in value:
                return value["REGEX"].lstrip("^").startswith(("20\\d\\d", "20\\d{2}"))
        return False

    assert all(any(always_a_mention(t) for t in p["pattern"]) for p in nlp.entity_patterns())
