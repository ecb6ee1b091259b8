"""Word's automatic list numbering, rendered as the page shows it.

Plans typed in Word often number their headings with a list (`numbering.xml`)
instead of typing the number: the paragraph holds `主要任务`, the page shows
`三、主要任务`. A paragraph is numbered by `<w:numPr>` in its own properties or
in its paragraph style's; `w:numId` names a `w:num`, which points to a
`w:abstractNum` whose `w:lvl` (one per `w:ilvl`) gives the start value, the
number format and the label pattern (`%1、`, `（%1）`, `%1.%2`).

Counters are kept per abstract list, as Word keeps them: two `w:num` of one
`w:abstractNum` continue each other unless one restarts with
`<w:startOverride>`. A level restarts when a shallower level advances, unless
its `<w:lvlRestart>` says otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from extract.limits import MAX_LIST_NUMBER, OverLimit

W_VAL = qn("w:val")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

CN_DIGITS = "〇一二三四五六七八九"
CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CN_UNITS = ("", "十", "百", "千")
CN_LEGAL_UNITS = ("", "拾", "佰", "仟")
# 甲乙丙… (heavenly stems) and 子丑寅… (earthly branches): Word falls back to digits past the last.
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))

# Labels ending in full-width punctuation (`一、` `（一）` `1．`) take no space before the
# text, as typed plans write them; others (`1.` `A`) keep one for the tab Word shows.
CLOSED_LABEL_ENDS = "、，．。）】〕」』："


def chinese_counting(n: int, digits: str = CN_DIGITS, units: tuple[str, ...] = CN_UNITS) -> str:
    """3 -> '三', 10 -> '十', 11 -> '十一', 20 -> '二十', 105 -> '一百零五'; past 9999 digits."""
    if n <= 0 or n > 9999:
        return str(n) if n else digits[0]
    digits = "零" + digits[1:]
    out, zero = [], False
    for power in range(3, -1, -1):
        digit = n // 10 ** power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[digit] + units[power])
    text = "".join(out)
    # 十一, not 一十一: the leading one is silent before 十 (Word writes it in 一百一十).
    return text[1:] if 10 <= n < 20 and units is CN_UNITS else text


def roman(n: int) -> str:
    """4 -> 'iv', 14 -> 'xiv'."""
    if n <= 0:
        return str(n)
    out = []
    for value, letters in ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def letters(n: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa' (Word repeats the letter)."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def enclosed(*ranges: tuple[int, int, int]):
    """A format over Unicode runs (first value, last value, first code point); digits outside."""
    def render(n: int) -> str:
        for first, last, code in ranges:
            if first <= n <= last:
                return chr(code + n - first)
        return str(n)
    return render


def from_list(symbols: str):
    return lambda n: symbols[n - 1] if 1 <= n <= len(symbols) else str(n)


# ① … ⑳ ㉑ … ㊿
CIRCLED = enclosed((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1))

# w:numFmt value -> rendering of one counter. A format not listed is rendered in digits.
NUMBER_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(n)),
    "decimalHalfWidth": str,
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "lowerRoman": roman,
    "upperRoman": lambda n: roman(n).upper(),
    "chineseCounting": chinese_counting,               # 一 二 … 十 十一
    "chineseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
    "ideographDigital": lambda n: "".join(CN_DIGITS[int(c)] for c in str(n)),   # 10 -> 一〇
    "chineseLegalSimplified": lambda n: chinese_counting(n, CN_LEGAL_DIGITS, CN_LEGAL_UNITS),  # 壹 贰 叁
    "ideographTraditional": from_list(HEAVENLY_STEMS),
    "ideographZodiac": from_list(EARTHLY_BRANCHES),
    "decimalEnclosedCircle": CIRCLED,
    "decimalEnclosedCircleChinese": CIRCLED,
    "ideographEnclosedCircle": enclosed((1, 10, 0x3280)),        # ㊀
    "decimalEnclosedParen": enclosed((1, 20, 0x2474)),           # ⑴
    "decimalEnclosedFullstop": enclosed((1, 20, 0x2488)),        # ⒈
    "none": lambda n: "",
}
# Formats that show no number: a bullet glyph (``, `●`) is not part of the text.
SILENT_FORMATS = frozenset({"bullet"})


@dataclass
class Level:
    start: int = 0                  # w:start; the specification's default is 0
    fmt: str = "decimal"            # w:numFmt
    text: str = ""                  # w:lvlText, `%1、`
    restart: int | None = None      # w:lvlRestart: restart after levels above this (1-based); 0 never
    suffix: str = "tab"             # w:suff: tab, space, nothing
    legal: bool = False             # w:isLgl: every counter in digits (`1.1`, not `一.1`)
    hidden: bool = False            # w:rPr/w:vanish: counted but not shown
    style: str | None = None        # w:pStyle: the paragraph style this level belongs to


@dataclass
class NumInstance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


def _val(element, name: str) -> str | None:
    child = element.find(qn(name)) if element is not None else None
    return child.get(W_VAL) if child is not None else None


def _int(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _num_fmt(lvl) -> str:
    fmt = _val(lvl, "w:numFmt")
    if fmt is None:
        # <mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/>
        # </mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>
        for fallback in lvl.iter(MC_FALLBACK):
            fmt = _val(fallback, "w:numFmt") or fmt
    return fmt or "decimal"


def _on(element) -> bool:
    return element is not None and element.get(W_VAL, "true") not in ("0", "false", "off")


def read_level(lvl) -> Level:
    """A `w:lvl`: <w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/> -> Level(1, …)."""
    return Level(
        start=_int(_val(lvl, "w:start"), 0),
        fmt=_num_fmt(lvl),
        text=_val(lvl, "w:lvlText") or "",
        restart=_int(_val(lvl, "w:lvlRestart"), None),
        suffix=_val(lvl, "w:suff") or "tab",
        legal=_on(lvl.find(qn("w:isLgl"))),
        hidden=_on(lvl.find(qn("w:rPr") + "/" + qn("w:vanish"))),
        style=_val(lvl, "w:pStyle"),
    )


def _levels(container) -> dict[int, Level]:
    return {_int(lvl.get(qn("w:ilvl")), 0): read_level(lvl) for lvl in container.iterchildren(qn("w:lvl"))}


def _num_pr(ppr) -> tuple[str | None, int | None]:
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None:
        return None, None
    return _val(num_pr, "w:numId"), _int(_val(num_pr, "w:ilvl"), None)


class ListNumbering:
    """Labels of numbered paragraphs, counted in document order.

    With level 0 `%1、` in chineseCounting, the third paragraph of the list:
    `numbering.label(p)` -> '三、'
    """

    def __init__(self, numbering=None, styles=None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}          # abstractNumId -> numbering style it defers to
        self.nums: dict[str, NumInstance] = {}
        self.styles: dict[str, tuple[str | None, str | None, int | None]] = {}   # id -> basedOn, numId, ilvl
        self.default_style: str | None = None
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    @classmethod
    def of_document(cls, document) -> "ListNumbering":
        """The numbering and style definitions of a python-docx Document (either may be missing)."""
        return cls(_related_xml(document.part, RT.NUMBERING), _related_xml(document.part, RT.STYLES))

    def _read_numbering(self, root) -> None:
        for abstract in root.iterchildren(qn("w:abstractNum")):
            key = abstract.get(qn("w:abstractNumId"))
            self.abstracts[key] = _levels(abstract)
            link = _val(abstract, "w:numStyleLink")
            if link:
                self.style_links[key] = link
        for num in root.iterchildren(qn("w:num")):
            instance = NumInstance(_val(num, "w:abstractNumId"))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _int(_val(override, "w:startOverride"), None)
                if start is not None:
                    instance.start_overrides[ilvl] = start
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    instance.level_overrides[ilvl] = read_level(lvl)
            self.nums[num.get(qn("w:numId"))] = instance

    def _read_styles(self, root) -> None:
        for style in root.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) not in ("paragraph", "numbering"):
                continue
            style_id = style.get(qn("w:styleId"))
            num_id, ilvl = _num_pr(style.find(qn("w:pPr")))
            self.styles[style_id] = (_val(style, "w:basedOn"), num_id, ilvl)
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                self.default_style = self.default_style or style_id

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """numId and ilvl a paragraph style gives (through w:basedOn), and the style that gave the numId."""
        num_id = ilvl = owner = None
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            based_on, style_num, style_ilvl = self.styles[style_id]
            if num_id is None and style_num is not None:
                num_id, owner = style_num, style_id
            if ilvl is None and style_ilvl is not None:
                ilvl = style_ilvl
            style_id = based_on
        return num_id, ilvl, owner

    def _abstract_of(self, num_id: str) -> str | None:
        """The abstract list a num counts in, following `w:numStyleLink` to the list style's own list."""
        abstract = self.nums[num_id].abstract_id if num_id in self.nums else None
        for _ in range(3):
            link = self.style_links.get(abstract)
            linked_num = self.styles.get(link, (None, None, None))[1] if link else None
            if linked_num not in self.nums:
                break
            abstract = self.nums[linked_num].abstract_id
        return abstract if abstract in self.abstracts else None

    def paragraph_list(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a `w:p`, from its own `w:numPr` or its style's; None if not numbered."""
        ppr = p.find(qn("w:pPr"))
        num_id, ilvl = _num_pr(ppr)
        style_id = _val(ppr, "w:pStyle") or self.default_style
        style_num, style_ilvl, owner = self._style_numbering(style_id)
        if num_id is None:
            num_id = style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        # numId 0 switches off numbering a style would give.
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:
            # A style-linked list: the level is the one whose w:pStyle is the paragraph's style.
            abstract = self._abstract_of(num_id)
            levels = self.abstracts.get(abstract, {})
            ilvl = next((i for i, lvl in sorted(levels.items()) if lvl.style in (style_id, owner)), 0)
        return num_id, ilvl

    def _level(self, num_id: str, abstract: str, ilvl: int) -> Level | None:
        return self.nums[num_id].level_overrides.get(ilvl) or self.abstracts[abstract].get(ilvl)

    def _start(self, num_id: str, abstract: str, ilvl: int) -> int:
        override = self.nums[num_id].start_overrides.get(ilvl)
        if override is not None:
            return override
        level = self._level(num_id, abstract, ilvl)
        return level.start if level else 0

    def label(self, p) -> str:
        """Advance the paragraph's list counter; return its label with what follows it ('' if none)."""
        found = self.paragraph_list(p)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract = self._abstract_of(num_id)
        level = self._level(num_id, abstract, ilvl) if abstract is not None else None
        if level is None:
            return ""
        counts = self.counters.setdefault(abstract, {})
        if ilvl in self.nums[num_id].start_overrides and (num_id, ilvl) not in self.started:
            counts[ilvl] = self.nums[num_id].start_overrides[ilvl]
        elif ilvl in counts:
            counts[ilvl] += 1
        else:
            counts[ilvl] = self._start(num_id, abstract, ilvl)
        if abs(counts[ilvl]) > MAX_LIST_NUMBER:
            raise OverLimit(f"Word list numbering reaches {counts[ilvl]:,} (limit {MAX_LIST_NUMBER:,})")
        self.started.add((num_id, ilvl))
        for deeper in [d for d in counts if d > ilvl]:
            deeper_level = self._level(num_id, abstract, deeper)
            restart = deeper_level.restart if deeper_level else None
            if restart is None or ilvl < restart:
                del counts[deeper]
        if level.fmt in SILENT_FORMATS or level.hidden:
            return ""
        text = self._render(level, num_id, abstract, counts)
        if not text or level.suffix == "nothing" or text[-1] in CLOSED_LABEL_ENDS:
            return text
        return text + " "

    def _render(self, level: Level, num_id: str, abstract: str, counts: dict[int, int]) -> str:
        out, i, pattern = [], 0, level.text
        while i < len(pattern):
            if pattern[i] == "%" and i + 1 < len(pattern) and pattern[i + 1].isdigit():
                ref = int(pattern[i + 1]) - 1
                ref_level = self._level(num_id, abstract, ref) or Level()
                value = counts.get(ref, self._start(num_id, abstract, ref))
                if abs(value) > MAX_LIST_NUMBER:
                    raise OverLimit(f"Word list numbering starts at {value:,} (limit {MAX_LIST_NUMBER:,})")
                fmt = "decimal" if level.legal else ref_level.fmt
                if fmt not in SILENT_FORMATS:
                    out.append(NUMBER_FORMATS.get(fmt, str)(value))
                i += 2
            else:
                out.append(pattern[i])
                i += 1
        return "".join(out)


def _related_xml(part, reltype: str):
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(related, "element", None)
    if element is not None:
        return element
    try:
        return parse_xml(related.blob)
    except (etree.XMLSyntaxError, ValueError):   # a damaged part: the text is read without numbers
        return None
