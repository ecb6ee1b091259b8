"""Word vectors of tasks and targets, and their cosines, with numpy only.

A task (or target) is the bag of words jieba's search mode cuts from it with
the project's dictionary — the very tokens the full-text index holds
(`extract.storage.search_index`), read back from `<table>_fts` rather than
cut again — less digits, unit names, place names and the stop words of
`schema/similarity_stopwords.txt`. A word weighs (1 + log tf) × idf and
the vector is scaled to unit length, so the dot product of two vectors is
their cosine:

    '推进 海绵 城市 建设 规划 修编 责任 单位 区建设管理委'
        -> {'推进': 0.18, '海绵': 0.44, '城市': 0.30, '建设': 0.13, '规划': 0.31, '修编': 0.76}

The idf is that of the word in the reference plans of corpus/
(`schema/similarity_idf.tsv`, written by scripts/make_similarity_idf.py):
ln((N + 1) / (n + 1)) + 1 for a word in n of N tasks and targets, the
largest for a word they never use. Generic plan words (推进, 建设, 服务) weigh
little, words of one policy (房票, 海绵) much: on the hand-checked pairs this
domain table beats jieba's general-Chinese IDF (scripts/similarity_quality.py).
A fixed table rather than counts over the database being built makes a
score a function of its two texts alone: adding a plan never changes the
score of two others (which `similarity.update_similar` relies on).

Why no scipy or scikit-learn: the sparse product is three numpy calls
(`repeat`, a multiply, `bincount`) over the postings of the query words,
and scipy would add some 100 MB to the install for that alone.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import numpy as np

from extract.paths import SCHEMA_DIR

STOPWORDS_FILE = SCHEMA_DIR / "similarity_stopwords.txt"
IDF_FILE = SCHEMA_DIR / "similarity_idf.tsv"
# The first line of IDF_FILE: `# documents 1753`.
DOCUMENTS_LINE = re.compile(r"^# documents (\d+)$")
# A token is compared only if it has a CJK character: drops 2025, 60, FSD, 5G.
CJK = re.compile(r"[\u4e00-\u9fff]")
# Scores are rounded before they are ranked, so that sums taken in another
# order (another block, another corpus) rank alike.
SCORE_DECIMALS = 4
# A block of query vectors gathers at most this many postings and scores
# at most this many cells (about 30 bytes each).
BLOCK_CELLS = 4_000_000


def load_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """The words of `schema/similarity_stopwords.txt`; comments and blank lines skipped."""
    words = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if len(word.split()) != 1:
            raise ValueError(f"{path}:{number}: one word a line, got {line.strip()!r}")
        words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def ignored_words() -> frozenset[str]:
    """Stop words, unit names (区民政局, 民政局) and place names (崇明区, 崇明): they say who and where, not what."""
    from extract.entities.places import load_places
    from extract.text.nlp import unit_vocabulary_names

    return load_stopwords() | frozenset(unit_vocabulary_names()) | frozenset(load_places().forms)


def load_idf(path: Path = IDF_FILE) -> tuple[dict[str, float], float]:
    """The idf of each word of `schema/similarity_idf.tsv`, and the idf of a word it does not list."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = DOCUMENTS_LINE.match(lines[0]) if lines else None
    if not header:
        raise ValueError(f"{path}:1: expected '# documents N' (write it with scripts/make_similarity_idf.py)")
    documents = int(header.group(1))
    table = {}
    for number, line in enumerate(lines[1:], 2):
        if line.startswith("#") or not line.strip():
            continue
        word, _, count = line.partition("\t")
        if not count.isdigit():
            raise ValueError(f"{path}:{number}: expected word<TAB>documents, got {line!r}")
        table[word] = math.log((documents + 1) / (int(count) + 1)) + 1
    return table, math.log(documents + 1) + 1


@lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    return load_idf()


# What compared_tokens does with a token (keep it, skip it, or drop it with
# the parts printed before it), remembered: tokens repeat across thousands
# of texts, and the look-ups were most of the time.
KEEP, SKIP, IGNORE = 0, 1, 2
_token_kinds: dict[str, int] = {}


def compared_tokens(segmented: str) -> list[str]:
    """'1 强化 规划 管控 嘉定 嘉定区 海绵 城市 责任 单位 水务 水务局 区水务局' -> ['强化', '规划', '管控', '海绵', '城市'].

    jieba's search mode prints a long word's shorter words just before it
    (`水务 水务局 区水务局`), so an ignored word takes the words before it
    that are parts of it along: 水务 here names the unit, not the work.
    """
    kinds = _token_kinds
    kept: list[str] = []
    for token in segmented.split():
        kind = kinds.get(token)
        if kind is None:
            kind = kinds[token] = IGNORE if token in ignored_words() else KEEP if CJK.search(token) else SKIP
        if kind == KEEP:
            kept.append(token)
        elif kind == IGNORE:
            while kept and kept[-1] in token:
                kept.pop()
    return kept


def weigh(tokens: Iterable[str]) -> dict[str, float]:
    """token -> (1 + log tf) × idf, scaled to unit length: ['养老', '养老', '床位'] -> {'养老': 0.75, '床位': 0.66}."""
    table, unseen = idf_table()
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    raw = {t: (1 + math.log(c)) * table.get(t, unseen) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in raw.values()))
    return {t: w / norm for t, w in raw.items()} if norm else {}


@dataclass
class Items:
    """Tasks or targets and their vectors; one vector per distinct bag of words.

    Item i (sorted by id) belongs to plan `plan_ids[plans[i]]` and has
    vector `vector[i]`: the row of the sparse matrix (`indptr`, `terms`,
    `values`) whose columns are the words in sorted order.
    """
    ids: list[str]
    plans: np.ndarray
    plan_ids: list[str]
    canonical: list[str | None]
    vector: np.ndarray
    indptr: np.ndarray
    terms: np.ndarray
    values: np.ndarray
    # the word of each column, and the vector of each bag of words: what `add_items` extends
    words: list[str] = field(default_factory=list)
    bag_vector: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def n_vectors(self) -> int:
        return len(self.indptr) - 1

    def plan_of(self, item: int) -> str:
        return self.plan_names[item]

    @cached_property
    def plan_names(self) -> list[str]:
        """The plan id of every item."""
        return [self.plan_ids[p] for p in self.plans.tolist()]


def make_items(rows: Iterable[tuple[str, str, str, str | None]]) -> Items:
    """(id, plan_id, segmented text, canonical metric) rows -> Items, sorted by id.

    Texts that differ only in ignored words (one sentence in two districts'
    plans) share a vector, and are scored once.
    """
    rows = sorted(rows)
    plan_ids = sorted({r[1] for r in rows})
    plan_number = {p: i for i, p in enumerate(plan_ids)}
    texts: dict[str, int] = {}
    text_of_item = [texts.setdefault(r[2], len(texts)) for r in rows]
    bags: dict[tuple[str, ...], int] = {}
    bag_of_text = [bags.setdefault(tuple(sorted(compared_tokens(text))), len(bags)) for text in texts]
    vectors = [weigh(bag) for bag in bags]
    words = sorted({t for v in vectors for t in v})
    column = {t: i for i, t in enumerate(words)}
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum([len(v) for v in vectors], out=indptr[1:])
    entries = [entry for v in vectors for entry in sorted((column[t], w) for t, w in v.items())]
    return Items(
        ids=[r[0] for r in rows],
        plans=np.array([plan_number[r[1]] for r in rows], dtype=np.int64),
        plan_ids=plan_ids,
        canonical=[r[3] for r in rows],
        vector=np.array([bag_of_text[t] for t in text_of_item], dtype=np.int64),
        indptr=indptr,
        terms=np.array([c for c, _ in entries], dtype=np.int64),
        values=np.array([w for _, w in entries], dtype=np.float64),
        words=words,
        bag_vector=bags,
    )


def add_items(items: Items, rows: Iterable[tuple[str, str, str, str | None]]) -> Items:
    """`make_items` of the rows `items` was made from and `rows` (items of other plans), without
    making the others again: an incremental build loads the unchanged plans' items while its
    workers extract, and adds the changed plans' when their rows are written.

    Every array comes out as `make_items` makes it: item and vector numbers, the
    columns (words in sorted order) and the weights. A vector is numbered by the
    first item that has it, so the old vectors keep their order and the new ones
    fall in between; the old rows of the matrix are copied with their columns
    shifted past the new words. Raises ValueError for an id `items` has already.
    """
    rows = sorted(rows)
    if not rows:
        return items
    if not items.ids:
        return make_items(rows)
    ids = [r[0] for r in rows]
    at = [bisect_left(items.ids, i) for i in ids]   # where each new item goes among the old ones
    if any(a < len(items.ids) and items.ids[a] == i for a, i in zip(at, ids)) or len(set(ids)) < len(ids):
        raise ValueError("add_items: some items are there already")
    n_old, n = len(items.ids), len(items.ids) + len(rows)
    new_at = np.array(at, dtype=np.int64) + np.arange(len(rows))
    old_at = np.arange(n_old) + np.searchsorted(np.array(at, dtype=np.int64), np.arange(n_old), side="right")

    plan_ids = sorted(set(items.plan_ids) | {r[1] for r in rows})
    plan_number = {p: i for i, p in enumerate(plan_ids)}
    plans = np.empty(n, dtype=np.int64)
    plans[old_at] = np.array([plan_number[p] for p in items.plan_ids], dtype=np.int64)[items.plans]
    plans[new_at] = [plan_number[r[1]] for r in rows]

    # one key per bag: the old vector numbers, then the new bags in order
    bag_vector = dict(items.bag_vector)
    new_bags: list[tuple[str, ...]] = []
    row_key = []
    bag_of_text: dict[str, tuple[str, ...]] = {}
    for r in rows:
        bag = bag_of_text.get(r[2])
        if bag is None:
            bag = bag_of_text[r[2]] = tuple(sorted(compared_tokens(r[2])))
        if bag not in bag_vector:
            bag_vector[bag] = items.n_vectors + len(new_bags)
            new_bags.append(bag)
        row_key.append(bag_vector[bag])
    key = np.empty(n, dtype=np.int64)
    key[old_at] = items.vector
    key[new_at] = row_key
    keys, first = np.unique(key, return_index=True)
    in_order = keys[np.argsort(first)]   # keys by the first item that has them
    number = np.empty(len(keys), dtype=np.int64)
    number[in_order] = np.arange(len(keys))
    bag_vector = {bag: int(number[k]) for bag, k in bag_vector.items()}

    weighed = [weigh(bag) for bag in new_bags]
    added = sorted({t for v in weighed for t in v} - set(items.words))
    words = sorted(items.words + added) if added else items.words
    shift = np.searchsorted(np.array([bisect_left(items.words, t) for t in added], dtype=np.int64),
                            np.arange(len(items.words)), side="right")
    old_column = np.arange(len(items.words)) + shift
    new_entries = [sorted((bisect_left(words, t), w) for t, w in v.items()) for v in weighed]

    is_old = in_order < items.n_vectors
    kept = in_order[is_old]
    old_lengths = np.diff(items.indptr)
    lengths = np.empty(len(keys), dtype=np.int64)
    lengths[is_old] = old_lengths[kept]
    lengths[~is_old] = [len(new_entries[k - items.n_vectors]) for k in in_order[~is_old].tolist()]
    indptr = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    terms = np.empty(int(indptr[-1]), dtype=np.int64)
    values = np.empty(int(indptr[-1]), dtype=np.float64)
    source = _segments(items.indptr[kept], old_lengths[kept])
    target = _segments(indptr[:-1][is_old], old_lengths[kept])
    terms[target] = old_column[items.terms[source]]
    values[target] = items.values[source]
    for v, k in zip(np.flatnonzero(~is_old).tolist(), in_order[~is_old].tolist()):
        entries = new_entries[k - items.n_vectors]
        terms[indptr[v]:indptr[v + 1]] = [c for c, _ in entries]
        values[indptr[v]:indptr[v + 1]] = [w for _, w in entries]
    return Items(ids=_insert(items.ids, ids, at), plans=plans, plan_ids=plan_ids,
                 canonical=_insert(items.canonical, [r[3] for r in rows], at), vector=number[key],
                 indptr=indptr, terms=terms, values=values, words=words, bag_vector=bag_vector)


def _insert(old: list, new: list, at: list[int]) -> list:
    """`old` with new[j] put before old[at[j]] (`at` ascending): _insert(['a', 'c'], ['b'], [1]) -> ['a', 'b', 'c']."""
    out: list = []
    start = 0
    for position, value in zip(at, new):
        out += old[start:position]
        out.append(value)
        start = position
    return out + old[start:]


def _segments(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions start..start+length-1 of each segment, one after another."""
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))


class Postings:
    """The matrix transposed: for each word, the vectors holding it and its weight in each."""

    def __init__(self, items: Items):
        order = np.argsort(items.terms, kind="stable")
        rows = np.repeat(np.arange(items.n_vectors), np.diff(items.indptr))
        self.vectors = rows[order]
        self.values = items.values[order]
        counts = np.bincount(items.terms, minlength=int(items.terms.max()) + 1 if len(items.terms) else 0)
        self.start = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=self.start[1:])

    def frequency(self, terms: np.ndarray) -> np.ndarray:
        return self.start[terms + 1] - self.start[terms]


def score_block(items: Items, postings: Postings, queries: np.ndarray) -> np.ndarray:
    """Cosines (len(queries) × n_vectors, rounded) of some vectors with every vector."""
    n = items.n_vectors
    starts, ends = items.indptr[queries], items.indptr[queries + 1]
    lengths = ends - starts
    entry_row = np.repeat(np.arange(len(queries)), lengths)
    entry = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    term = items.terms[entry]
    df = postings.frequency(term)
    position = np.repeat(postings.start[term] - np.cumsum(df) + df, df) + np.arange(int(df.sum()))
    cells = np.repeat(entry_row, df) * n + postings.vectors[position]
    products = np.repeat(items.values[entry], df) * postings.values[position]
    scores = np.bincount(cells, weights=products, minlength=len(queries) * n).reshape(len(queries), n)
    return scores.round(SCORE_DECIMALS)


def blocks(items: Items, postings: Postings, queries: np.ndarray) -> Iterator[np.ndarray]:
    """The query vectors in blocks that each gather and score at most BLOCK_CELLS numbers."""
    total = np.r_[0, np.cumsum(postings.frequency(items.terms))]
    gathered = total[items.indptr[1:]] - total[items.indptr[:-1]]
    block: list[int] = []
    spent = 0
    for q in queries.tolist():
        cost = int(gathered[q]) + items.n_vectors
        if block and spent + cost > BLOCK_CELLS:
            yield np.array(block, dtype=np.int64)
            block, spent = [], 0
        block.append(q)
        spent += cost
    if block:
        yield np.array(block, dtype=np.int64)


def dense_rows(items: Items, vectors: np.ndarray) -> np.ndarray:
    """Some vectors as dense rows over just the words they use (for small groups)."""
    lengths = items.indptr[vectors + 1] - items.indptr[vectors]
    entry = np.repeat(items.indptr[vectors] - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    _, column = np.unique(items.terms[entry], return_inverse=True)
    dense = np.zeros((len(vectors), int(column.max()) + 1 if len(column) else 0))
    dense[np.repeat(np.arange(len(vectors)), lengths), column] = items.values[entry]
    return dense
