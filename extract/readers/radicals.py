"""Radical code points (and other glyph variants) in a PDF text layer -> the characters they stand for.

A PDF's ToUnicode map is written from the font: where a CJK font draws an
ideograph and a radical with one glyph, the writer may pick the radical's code
point. Chromium/Skia with Noto CJK SC writes `区⺠政局⾏动` for `区民政局行动`,
`养⽼`, `6⽉`, and a double dash `——` as one TWO-EM DASH `⸺`. The text looks
right and matches nothing. Only PDF text is folded: other formats are read as written.
"""
from __future__ import annotations

import re
import unicodedata

# Kangxi Radicals (U+2F00–U+2FDF): each has an NFKC decomposition to its ideograph,
# `⽼` -> `老`, `⾨` -> `門`.
KANGXI = re.compile("[\u2f00-\u2fdf]")

# Where NFKC gives a form not written in mainland text although the font's radical glyph
# is the mainland one: the door radical `⼾` is drawn as `户` in SC fonts (`⼾籍`, `⼊⼾`
# in 004 万州), NFKC gives the traditional `戶`; `⾭` gives the dictionary variant `靑`.
# The other traditional forms NFKC gives (`⾨` -> `門`) stay: the simplified glyph has its
# own code point below (`⻔`), so `⾨` means a `門` was drawn.
KANGXI_MAINLAND = {"⼾": "户", "⾭": "青"}

# CJK Radicals Supplement (U+2E80–U+2EFF) has no decomposition. Listed are the radicals
# shaped as a whole character, which fonts share with that character (`区⺠政局`,
# `部⻔`, `⻓效`, `⻛险`, `补⻬`, `⻝堂` in 000 崇明 and 004 万州); the target is the
# ideograph of the radical's Unicode name (`CJK RADICAL C-SIMPLIFIED GATE` -> `门`).
# Left as written: component forms that are no character alone (`⺅` 亻, `⺡` 氵, `⻖` 阝)
# and the Japanese simplified forms (`⻫`, `⻭`, `⻯`, `⻲`).
SUPPLEMENT = {
    "⺟": "母",  # MOTHER
    "⺠": "民",  # CIVILIAN
    "⺩": "王",  # JADE
    "⻁": "虎",  # TIGER
    "⻄": "西",  # WEST TWO
    "⻅": "见",  # C-SIMPLIFIED SEE
    "⻆": "角",  # SIMPLIFIED HORN
    "⻉": "贝",  # C-SIMPLIFIED SHELL
    "⻋": "车",  # C-SIMPLIFIED CART
    "⻓": "长",  # C-SIMPLIFIED LONG
    "⻔": "门",  # C-SIMPLIFIED GATE
    "⻘": "青",  # BLUE
    "⻙": "韦",  # C-SIMPLIFIED TANNED LEATHER
    "⻚": "页",  # C-SIMPLIFIED LEAF
    "⻛": "风",  # C-SIMPLIFIED WIND
    "⻜": "飞",  # C-SIMPLIFIED FLY
    "⻝": "食",  # EAT ONE
    "⻢": "马",  # C-SIMPLIFIED HORSE
    "⻣": "骨",  # BONE
    "⻤": "鬼",  # GHOST
    "⻥": "鱼",  # C-SIMPLIFIED FISH
    "⻦": "鸟",  # C-SIMPLIFIED BIRD
    "⻧": "卤",  # C-SIMPLIFIED SALT
    "⻨": "麦",  # SIMPLIFIED WHEAT
    "⻩": "黄",  # SIMPLIFIED YELLOW
    "⻪": "黾",  # C-SIMPLIFIED FROG
    "⻬": "齐",  # C-SIMPLIFIED EVEN
    "⻮": "齿",  # C-SIMPLIFIED TOOTH
    "⻰": "龙",  # C-SIMPLIFIED DRAGON
    "⻳": "龟",  # C-SIMPLIFIED TURTLE
}

# One glyph for two characters: `⸺` (TWO-EM DASH) for the double dash `——` of
# `——以上海为例`, `⸻` (THREE-EM DASH) for a triple one.
DASHES = {"\u2e3a": "——", "\u2e3b": "———"}

# Glyphs a CJK font shares with a look-alike of another block, whose code point the
# writer picked: the angle brackets of `〈国务院办公厅关于…〉` as U+2329/U+232A (technical
# brackets) for `〈〉` (U+3008/U+3009), the wave dash of `3～5年` as U+301C for `～`
# (U+FF5E, as Chinese text writes it). One character for one: offsets keep.
GLYPH_VARIANTS = {"\u2329": "〈", "\u232a": "〉", "\u301c": "～"}

FOLDED = {**SUPPLEMENT, **DASHES, **KANGXI_MAINLAND, **GLYPH_VARIANTS}
FOLDABLE = re.compile("[\u2329\u232a\u301c\u2e3a\u2e3b\u2e80-\u2eff\u2f00-\u2fdf]")


def _fold(match: re.Match) -> str:
    char = match.group()
    if char in FOLDED:
        return FOLDED[char]
    return unicodedata.normalize("NFKC", char) if KANGXI.match(char) else char


def fold_radicals(text: str) -> str:
    """'区⺠政局、区财政局⸺2020年6⽉' -> '区民政局、区财政局——2020年6月'; '3〜5年' -> '3～5年'."""
    return FOLDABLE.sub(_fold, text)
