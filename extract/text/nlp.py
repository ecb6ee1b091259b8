"""Segmentation and rule-based entities: jieba with our dictionary, inside spaCy.

Default jieba splits `区卫生健康委区民政局` into `…委区…` and `28.25万户籍`
into `万户` + `籍`; a user dictionary generated from the vocabularies in
`schema/` (department names, policy terms, unit words) fixes both. A blank
spaCy `zh` pipeline uses that segmenter and an EntityRuler whose patterns
(`schema/entity_patterns.jsonl`) mark time expressions (DATE). Responsible
units are found by extract.entities, not by the pipeline: the department
names were once ORG patterns too, but no name shares a token with a time
pattern (tests/test_nlp.py), so they never changed a DATE and only cost
every process that extracts a quarter of a second to load.
"""
from __future__ import annotations

import hashlib
import json
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import jieba

from extract.paths import SCHEMA_DIR

jieba.setLogLevel(60)

# Frequency given to vocabulary words so they win over jieba's own splits.
VOCAB_FREQ = 200000


def vocabulary_words() -> list[tuple[str, str]]:
    """(word, part of speech) for every word of our vocabularies."""
    words: list[tuple[str, str]] = []
    terms = SCHEMA_DIR / "policy_terms.txt"
    if terms.exists():
        for line in terms.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts and not line.startswith("#"):
                words.append((parts[0], parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else "n"))
    for name in unit_vocabulary_names():
        words.append((name, "nt"))
    return words


def unit_vocabulary_names() -> list[str]:
    """Department names and their aliases (schema/unit_aliases.yml), with the usual prefixes."""
    from extract.entities.unit_vocab import load_unit_vocab

    names: set[str] = set()
    for entry in load_unit_vocab().entries:
        for alias in (entry.name, *entry.aliases):
            names.add(alias)
            names.update(prefix + alias for prefix in ("区", "市", "省", "县")
                         if not alias.startswith(("各", "相关", prefix)))
    return sorted(names)


@lru_cache(maxsize=1)
def tokenizer() -> "BlockCachedTokenizer":
    """A jieba tokenizer with the user dictionary built from `schema/`, its blocks remembered.

    The finished prefix dictionary is kept in a cache file named by a hash of
    jieba's version and the user dictionary: building it (jieba's own cache,
    read with `marshal.load` from a file, which reads it in small pieces, then
    2,600 words added) took 1.1 s of every build's start; the cache reads in 0.2 s.
    """
    user_dict = "".join(f"{word} {VOCAB_FREQ} {pos}\n" for word, pos in vocabulary_words())
    tk = jieba.Tokenizer()
    cache = _dictionary_cache(user_dict)
    if not _load_dictionary(tk, cache):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write(user_dict)
            dict_path = f.name
        tk.load_userdict(dict_path)
        Path(dict_path).unlink()
        _save_dictionary(tk, cache)
    return BlockCachedTokenizer(tk)


def _dictionary_cache(user_dict: str) -> Path:
    digest = hashlib.sha256(f"{jieba.__version__}\0{user_dict}".encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"plan-kb-jieba-{digest}.cache"


def _load_dictionary(tk: jieba.Tokenizer, cache: Path) -> bool:
    """Fill `tk` from the cache file; False if there is none or it cannot be read."""
    try:
        tk.FREQ, tk.total, tk.user_word_tag_tab = marshal.loads(cache.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    tk.initialized = True
    return True


def _save_dictionary(tk: jieba.Tokenizer, cache: Path) -> None:
    """Write the cache beside others' (a temporary name, then a rename: builds may race); best effort."""
    try:
        with tempfile.NamedTemporaryFile("wb", dir=cache.parent, prefix=cache.name, delete=False) as f:
            f.write(marshal.dumps((tk.FREQ, tk.total, tk.user_word_tag_tab)))
        os.replace(f.name, cache)
    except OSError:
        pass


# Blocks remembered per process (a block is a run of Han characters, letters and digits).
BLOCK_CACHE_SIZE = 1 << 18


class BlockCachedTokenizer:
    """jieba's `cut` and `cut_for_search`, segmenting each block once.

    jieba splits a text at punctuation and spaces into blocks and cuts each
    block on its own, so a block's words do not depend on what surrounds it.
    The same block comes back again and again — a sentence read for its
    dates, again for its measure words, again for the search index, and the
    genre's stock phrases in every plan — so each block's words are kept and
    the text is cut once. Output is jieba's, token for token.
    """

    def __init__(self, tk: jieba.Tokenizer):
        self.tk = tk
        self._block = lru_cache(maxsize=BLOCK_CACHE_SIZE)(self._cut_block)

    def __getattr__(self, name):
        return getattr(self.tk, name)

    def _cut_block(self, block: str, hmm: bool) -> tuple[str, ...]:
        return tuple(self.tk.cut(block, HMM=hmm))

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True):
        if cut_all:
            yield from self.tk.cut(sentence, cut_all=True, HMM=HMM)
            return
        for blk in jieba.re_han_default.split(sentence):
            if not blk:
                continue
            if jieba.re_han_default.match(blk):
                yield from self._block(blk, HMM)
            else:
                for x in jieba.re_skip_default.split(blk):
                    if jieba.re_skip_default.match(x):
                        yield x
                    else:
                        yield from x

    @staticmethod
    def blocks(sentence: str) -> list[str]:
        """The pieces jieba cuts each on its own, in order: runs of Han characters, letters and
        digits, and what lies between them. `cut(s)` is the words of each block of `s` in turn."""
        return [blk for blk in jieba.re_han_default.split(sentence) if blk]

    def lcut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> list[str]:
        return list(self.cut(sentence, cut_all, HMM))

    def cut_for_search(self, sentence: str, HMM: bool = True):
        freq = self.tk.FREQ
        for w in self.cut(sentence, HMM=HMM):
            if len(w) > 2:
                for i in range(len(w) - 1):
                    if freq.get(w[i:i + 2]):
                        yield w[i:i + 2]
            if len(w) > 3:
                for i in range(len(w) - 2):
                    if freq.get(w[i:i + 3]):
                        yield w[i:i + 3]
            yield w


def segment(text: str) -> list[str]:
    """`区卫生健康委区民政局` -> ['区卫生健康委', '区民政局']."""
    return tokenizer().lcut(text, HMM=False)


# How far around a position the boundary check looks.
BOUNDARY_WINDOW = 8


def ends_word(text: str, pos: int) -> bool:
    """Does a word end at `pos`? `28.25万户|籍` -> False, `9888张|（按` -> True."""
    if pos >= len(text):
        return True
    left = max(0, pos - BOUNDARY_WINDOW)
    offset = left
    for token in tokenizer().cut(text[left:pos + BOUNDARY_WINDOW], HMM=False):
        offset += len(token)
        if offset == pos:
            return True
        if offset > pos:
            return False
    return True


@lru_cache(maxsize=1)
def pipeline():
    """spaCy blank `zh` with the jieba segmenter and our EntityRuler."""
    import spacy

    # Created with the `char` segmenter and switched to jieba with our own
    # tokenizer: asking spaCy for `jieba` directly would load jieba's default
    # dictionary a second time (about 1.5 s) only to replace it.
    nlp = spacy.blank("zh")
    nlp.tokenizer.segmenter = "jieba"
    nlp.tokenizer.jieba_seg = tokenizer()
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True})
    ruler.add_patterns(entity_patterns())
    return nlp


def entity_patterns() -> list[dict]:
    """The EntityRuler's patterns: `schema/entity_patterns.jsonl`, one JSON object a line."""
    return [json.loads(line) for line in (SCHEMA_DIR / "entity_patterns.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def entities(text: str, label: str) -> list[tuple[int, int, str]]:
    """Character spans of entities of one label: `到2024年全区…` -> [(0, 6, '到2024年')] for DATE."""
    doc = pipeline()(text)
    return [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == label]
