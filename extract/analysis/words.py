"""The words similarity compares, cut once per document in its worker and stored per plan.

A task's words are the jieba search-mode tokens the full-text index holds for
its title and text (a target's: its metric, then its quote), lower-cased as
FTS5 keeps them, less what `vectors.compared_tokens` drops, sorted: the bag
its vector is weighed from.

    item_words(['强化规划管控', '嘉定区水务局负责']) -> '强化 管控 规划'

They are cut in the worker that extracted the document, where the search
rows' segmentation is cached, and stored as one zlib-compressed JSON list a
plan and kind in `similarity_words` (a tenth of the words' size). The
similarity step reads them back for the whole corpus in about a second;
reading the contentless index's postings (`fts5vocab`) for the same took 28 s
at 1,000 plans, and an update after one changed plan needs every vector.
"""
from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache
from typing import Iterable

from extract.analysis.vectors import compared_tokens
from extract.storage.search_index import segment_for_search

TABLE = "similarity_words"
# A search-index token as FTS5's unicode61 tokenizer keeps it: letters and digits, lower case.
TOKEN = re.compile(r"[^\W_]+")
# Items remembered per worker: plans of one template repeat their tasks' words.
WORDS_CACHE_SIZE = 16384
# zlib level: 6 is within 5 % of 9's size at a third of its time.
COMPRESSION = 6


def indexed_tokens(values: Iterable[str | None]) -> str:
    """The tokens the search index holds for some columns, in order, as FTS5 keeps them.

    indexed_tokens(['护理型床位', None]) -> '护理 床位 护理型床位'"""
    return " ".join(t for v in values for t in TOKEN.findall(segment_for_search(v).lower()))


def item_words(values: Iterable[str | None]) -> str:
    """The sorted bag of compared words of one item's indexed columns (see the module's example)."""
    return _bag(tuple(values))


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def _bag(values: tuple[str | None, ...]) -> str:
    return " ".join(sorted(compared_tokens(indexed_tokens(values))))


def pack(items: list[tuple[str, str]]) -> bytes:
    """[(item id, words), …] -> the stored blob."""
    return zlib.compress(json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), COMPRESSION)


def unpack(blob: bytes) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in json.loads(zlib.decompress(blob).decode("utf-8"))]
