"""Responsibility notes: who leads and who takes part in a task.

Forms seen in real plans (phrases are data in schema/responsibility_phrases.yml):
  （责任部门：区民政局、区规划资源局、各乡镇）          -> co only
  (牵头单位:示范区发展改革和统计局(商务局),责任单位:示范区财政金融局)
  （区民政局牵头，区发改委、区科经委、各街镇组织实施）
  （各地级以上市人民政府，省公安厅、发展改革委按职责分工负责）
  牵头单位：区民政局；责任单位：区财政局、…街道办事处。   (a line after a group)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.entities.org_names import is_org_list
from extract.paths import SCHEMA_DIR, read_schema_yaml
from extract.text.boundaries import list_pieces
from extract.text.textnorm import fold

# A parenthesis that may hold one level of nested brackets, as in
# `(牵头单位:示范区发展改革和统计局(商务局),…)` or `各县(市、区、特区)人民政府`
# (the text is folded: 〔〕 and （） are already `(` `)`).
PAREN_NOTE = re.compile(r"[(\[]((?:[^()\[\]]|\([^()]*\))*)[)\]]")
# Separators between units at the top level of a list.
UNIT_SEPARATORS = "、,;/"
# `省应急厅等单位` -> `省应急厅`; `区民政局等` -> `区民政局`
TRAILING_NOISE = re.compile(r"(?:等(?:单位|部门)?|[\s。.,;:、])+$")
LEADING_NOISE = re.compile(r"^[\s。.,;:、]+")
# Longest plausible single unit name; longer pieces are sentences, not units.
MAX_UNIT_CHARS = 40


@dataclass(frozen=True)
class UnitMention:
    text: str        # as printed, whitespace removed
    role: str        # lead or co
    start: int       # offsets in the document
    end: int


@dataclass(frozen=True)
class Phrases:
    labels: dict[str, tuple[str, ...]]
    suffixes: dict[str, tuple[str, ...]]
    cues: tuple[str, ...]
    defaults: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def load_phrases() -> Phrases:
    """`schema/responsibility_phrases.yml` with each list longest first."""
    data = read_schema_yaml(SCHEMA_DIR / "responsibility_phrases.yml")
    by_len = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return Phrases(
        labels={role: by_len(words) for role, words in data["labels"].items()},
        suffixes={role: by_len(words) for role, words in data["suffixes"].items()},
        cues=tuple(data["cues"]),
        defaults=tuple(re.compile(p) for p in data["default_declarations"]),
    )


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    phrases = load_phrases()
    words = sorted({w for ws in phrases.labels.values() for w in ws}, key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, words)) + r")\s*[:]\s*")


def role_of_label(label: str) -> str:
    for role, words in load_phrases().labels.items():
        if label in words:
            return role
    return "co"


def split_units(folded: str, offset: int, role: str, raw: str) -> list[UnitMention]:
    """Split a list at top-level separators; brackets stay inside their unit.

    `区人社局(医保局)、各镇乡人民政府、街道办事处` -> three mentions.
    `raw` is the original text of `folded` (same length) for the mention text.
    """
    return [UnitMention(text, role, offset + s, offset + e) for text, s, e in _unit_pieces(folded, raw)]


@lru_cache(maxsize=16384)
def _unit_pieces(folded: str, raw: str) -> tuple[tuple[str, int, int], ...]:
    """The mentions of a list with their offsets in it; cached, as notes repeat their lists."""
    out = []
    for piece_start, piece_end in list_pieces(folded, lambda text, i, _: text[i] in UNIT_SEPARATORS):
        piece = folded[piece_start:piece_end]
        lead = len(piece) - len(LEADING_NOISE.sub("", piece))
        trimmed = TRAILING_NOISE.sub("", piece[lead:])
        if trimmed:
            s = piece_start + lead
            e = s + len(trimmed)
            text = re.sub(r"\s+", "", raw[s:e])
            if 1 < len(text) <= MAX_UNIT_CHARS:
                out.append((text, s, e))
    return tuple(out)


def parse_labelled(folded: str, offset: int, raw: str) -> list[UnitMention] | None:
    """`牵头单位:区民政局;责任单位:区财政局、区住房城乡建委` -> lead + co mentions."""
    labels = list(_label_pattern().finditer(folded))
    if not labels:
        return None
    out: list[UnitMention] = []
    for i, m in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(folded)
        body = folded[m.end():stop]
        out.extend(split_units(body, offset + m.end(), role_of_label(m.group(1)), raw[m.end():stop]))
    return out


def parse_suffixed(folded: str, offset: int, raw: str) -> list[UnitMention] | None:
    """`区民政局牵头,区发改委、各街镇组织实施` -> lead 区民政局; co 区发改委, 各街镇."""
    phrases = load_phrases()
    out: list[UnitMention] = []
    found_any = False
    clause_start = 0
    pending: list[tuple[int, int]] = []  # clauses without a verb yet
    for m in re.finditer(r"[,;]|$", folded):
        clause = folded[clause_start:m.start()]
        role = None
        cut = len(clause)
        for r in ("lead", "co"):
            for verb in phrases.suffixes[r]:
                if clause.endswith(verb):
                    role, cut = r, len(clause) - len(verb)
                    break
            if role:
                break
        if role:
            found_any = True
            for s, e in pending:
                out.extend(split_units(folded[s:e], offset + s, role, raw[s:e]))
            pending = []
            s, e = clause_start, clause_start + cut
            out.extend(split_units(folded[s:e], offset + s, role, raw[s:e]))
        elif clause.strip():
            pending.append((clause_start, m.start()))
        clause_start = m.end()
        if m.start() == len(folded):
            break
    return out if found_any else None


def parse_note_body(folded: str, offset: int, raw: str) -> list[UnitMention]:
    """Units of one note body, whichever form it takes."""
    labelled = parse_labelled(folded, offset, raw)
    if labelled is not None:
        return labelled
    return parse_suffixed(folded, offset, raw) or []


@dataclass(frozen=True)
class Note:
    start: int
    end: int
    mentions: tuple[UnitMention, ...]


def find_notes(text: str, offset: int = 0) -> list[Note]:
    """Every responsibility parenthesis in `text` (a task's body).

    >>> [m.text for m in find_notes("…全覆盖。（责任部门：区民政局、各乡镇）")[0].mentions]
    ['区民政局', '各乡镇']
    """
    folded = fold(text)
    phrases = load_phrases()
    notes: list[Note] = []
    for m in PAREN_NOTE.finditer(folded):
        body = m.group(1)
        if "。" in body:
            continue
        if any(cue in body for cue in phrases.cues):
            mentions = parse_note_body(body, offset + m.start(1), text[m.start(1):m.end(1)])
        elif _closes_sentence(folded, m.start(), m.end()) and is_org_list(body):
            # `…集中连片开发。（各街镇、区规划资源局、区土储中心）`: a bare list of bodies after the text
            mentions = split_units(body, offset + m.start(1), "co", text[m.start(1):m.end(1)])
        else:
            continue
        if mentions:
            notes.append(Note(offset + m.start(), offset + m.end(), tuple(mentions)))
    return notes


# What may stand between a bare unit list and the end of its sentence or line.
AFTER_NOTE = re.compile(r"[\s。;.,]*(?:\n|$)")


def _closes_sentence(folded: str, start: int, end: int) -> bool:
    """A bare parenthesis is a responsibility note where it closes a sentence or a line, after
    the text it is for (`…开发。（各街镇）`, `…开发（各街镇）。`), not where it glosses a name
    (`区人社局（医保局）`)."""
    before = folded[:start].rstrip(" \t")
    opens_line = not before or before.endswith("\n")
    after_sentence = bool(before) and before[-1] in "。;!?"
    return opens_line or after_sentence or bool(AFTER_NOTE.match(folded, end))


# 牵头单位：区民政局；责任单位：区财政局…   (a whole line, no brackets)
STANDALONE_NOTE = re.compile(r"^\s*(?:牵头单位|牵头部门|责任单位|责任部门)\s*:")


def is_standalone_note(folded_line: str) -> bool:
    return bool(STANDALONE_NOTE.match(folded_line))


def parse_standalone(line_text: str, offset: int) -> list[UnitMention]:
    """`牵头单位：区民政局；责任单位：区财政局。` -> lead + co mentions."""
    folded = fold(line_text)
    return parse_labelled(folded, offset, line_text) or []


def find_default_declaration(text: str, offset: int = 0) -> list[UnitMention]:
    """`以下均需各园区管委会、各县区人民政府落实，不再列出` -> co mentions for every later task."""
    folded = fold(text)
    for pattern in load_phrases().defaults:
        m = pattern.search(folded)
        if m:
            s, e = m.span("units")
            return split_units(folded[s:e], offset + s, "co", text[s:e])
    return []
