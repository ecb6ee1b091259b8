"""Does a piece of text name organisations?

Tables print responsible bodies in columns whose headers vary from plan to
plan (推进单位, 牵头部门, 配合部门, 实施主体 …), and merged cells drop whole
columns from a row, so a column's role has to be read from what its cells
hold: a list of bodies (`区规划资源局、区建设管理委、江宁路街道`,
`设施运行处 设施养护处`, `各行业主管部门、各区`) rather than a sentence.
The endings of body names are data: `schema/org_endings.tsv`.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

from extract.paths import SCHEMA_DIR
from extract.text.boundaries import list_pieces
from extract.text.textnorm import fold

# `各区`, `相关区`, `各县（市、区）`, `各镇乡`: bodies named by the level of government.
EACH_LEVEL = re.compile(r"^(?:各|相关|有关|各相关|各有关)(?:区|县|市|镇|乡|街道|园区|区县|县区|县市区|镇乡|乡镇)(?:\(.*\))?$")
# Separators of a list of bodies: `、` `,` `;` `/`, and a space after a body's name.
LIST_SEPARATORS = re.compile(r"[、,;/]")
# A body's name is short; a longer piece is a sentence that happens to end in 局 or 会.
MAX_NAME_CHARS = 30
# A sentence has full stops and colons; a name has none (names hold verbs: 区建设管理委).
SENTENCE_SIGNS = re.compile(r"[。:!?]")


@lru_cache(maxsize=1)
def org_endings() -> re.Pattern:
    """The endings of `schema/org_endings.tsv` as one pattern, longest first."""
    with (SCHEMA_DIR / "org_endings.tsv").open(encoding="utf-8") as f:
        endings = sorted((row["ending"] for row in csv.DictReader(f, delimiter="\t")), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, endings)) + r")(?:\([^()]*\))?(?:等)?$")


def looks_like_org(name: str) -> bool:
    """`区规划资源局` -> True; `设施养护处` -> True; `各区` -> True; `建设精品道路100条` -> False."""
    name = re.sub(r"\s+", "", fold(name)).strip("。.,;、")
    if not 2 <= len(name) <= MAX_NAME_CHARS or SENTENCE_SIGNS.search(re.sub(r"\([^()]*\)", "", name)):
        return False
    return bool(org_endings().search(name) or EACH_LEVEL.match(name))


def org_pieces(text: str) -> list[str]:
    """A cell's text cut into names: at list separators outside brackets, and at a
    space after a body's name (`设施运行处 设施养护处`)."""
    folded = fold(text).strip()
    return [piece for start, end in list_pieces(folded, _ends_a_name) if (piece := folded[start:end].strip())]


def _ends_a_name(folded: str, i: int, start: int) -> bool:
    ch = folded[i]
    return bool(LIST_SEPARATORS.match(ch) or (ch.isspace() and org_endings().search(folded[start:i].strip())))


@lru_cache(maxsize=65536)   # table cells repeat: every row of a column is asked, and plans of one template
def is_org_list(text: str) -> bool:
    """`区规划资源局、区建设管理委、各相关街镇` -> True; `加快推进各类旧住房更新改造。` -> False.

    Every piece must name a body; `/` and `—` alone (an empty cell) are no list.
    """
    pieces = org_pieces(text)
    return bool(pieces) and all(looks_like_org(p) for p in pieces)
