"""Responsible units: from a mention as printed to one named unit with a function.

Plans print the same bureau many ways: `区卫健委` and `区卫生健康委`,
`区人社局` / `区人力社保局` / `区人力资源社会保障局`, `体育局` without its
prefix, `区人社局（医保局）` for one office with two plates, a misprint
(`区大数发展局`), a name broken by a line wrap (`区人力资源 社会保障局`).
`resolve_unit` reads the jurisdiction prefix (区 市 省 县 示范区 国家, or a
place name), looks the rest up in `schema/unit_aliases.yml`, and names the
unit after the jurisdiction it belongs to: `区卫健委` in a 崇明区 plan is
`崇明区卫生健康委`, in both Chongming plans.

Lookup order: whole mention, then prefix + name, then prefix + name + a
second name or sub-office (`区人社局（医保局）`, `市公安局交管局`), then rules
for companies, task forces, unnamed departments and lower governments,
then — as a reviewed fallback only — fuzzy matching over all names.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from extract.entities.places import MUNICIPALITIES, Place, Places, as_jurisdiction, load_places
from extract.paths import SCHEMA_DIR, read_schema_yaml

SCHEMA = SCHEMA_DIR
FUNCTIONS_CSV = SCHEMA / "unit_functions.csv"
ALIASES_YML = SCHEMA / "unit_aliases.yml"
KEYWORDS_TSV = SCHEMA / "function_keywords.tsv"

KINDS = ("government_body", "collective", "company", "other")
METHODS = ("exact", "alias", "prefix", "pattern", "fuzzy", "keyword", "unresolved")

# Lowest rapidfuzz `ratio` accepted: `大数发展局` ~ `大数据发展局` scores 90.9,
# `体育局` ~ `教育局` only 66.7.
FUZZY_THRESHOLD = 85
# Shorter names are not fuzzy-matched: one character decides a three-character name.
FUZZY_MIN_LENGTH = 4
# Score given to rule-based resolutions (companies, task forces, governments).
PATTERN_SCORE = 90
# A function read from a keyword of the name only: listed for review below the rules.
KEYWORD_SCORE = 80
# Score of a name read as known name + second name or sub-office.
PREFIX_SCORE = 95

# Look-alike brackets fold to full-width ones: `各县〔市、区、特区〕人民政府`,
# `发展改革和统计局(商务局)`.
BRACKETS = str.maketrans({"〔": "（", "〕": "）", "(": "（", ")": "）", "[": "（", "]": "）",
                          "【": "（", "】": "）", "［": "（", "］": "）", '"': "“"})
# Blanks left by line wraps and page layout: `区人力资源 社会保障局`.
BLANKS = re.compile(r"[\s\u3000\xa0]+")
# Trailing words and punctuation dropped from a mention: `区民政局等`, `各乡镇。`.
TRAILING = re.compile(r"(?:等|等单位|等部门)?[。，、；：,.;:\s]*$")

# The jurisdiction prefix of a mention, longest first: `示范区住房和城乡建设局`,
# `区卫健委`, `省住建厅`, `国家金融监督管理总局…`. `市委宣传部` splits as 市 + 委宣传部.
LEVEL_PREFIX = re.compile(r"^(国家|自治区|示范区|新区|省|市|区|县|州)")

# What may follow a known name to form one printed unit: a second name in
# brackets (`区人社局（医保局）`, `区府办（机管局）`) or a sub-office
# (`市公安局交管局`, `人行济源市中心支行`, `河南银保监局济源监管组`).
SECOND_NAME = re.compile(r"^（(?P<inner>[^（）]+)）$")
SUB_OFFICE = re.compile(r"^[\u4e00-\u9fff“”]{2,}(?:局|委|会|办|组|处|室|中心|支行|分行|部|队|所|院|站|分局)$")

# Companies and groups: `东滩建设集团`, `贵州中烟公司`, `黔晟国资公司`,
# `济源供电公司`, `太平洋保险养老服务产业投资有限责任公司`, `各基础电信企业`.
COMPANY = re.compile(r"(?:集团|公司|企业|供电局|银行)$")
# Task forces and working groups: `省“双找”工作专班`,
# `省推进工业互联网创新发展专项工作组`, `区社会养老服务体系建设领导小组办公室`.
TASK_FORCE = re.compile(r"(?:工作专班|专班|工作组|领导小组(?:办公室)?|指挥部|联席会议(?:办公室)?)$")
# Unnamed departments: `其他省直有关部门`, `其他省直有关部门和单位`, `有关行业主管部门`.
RELEVANT_DEPARTMENTS = re.compile(
    r"^(?:其他|其它)?(?:省直|市直|区直|县直|省级|市级|区级|县级)?(?:有关|相关|各)(?:行业)?(?:主管)?"
    r"(?:部门|单位)(?:[和及、](?:单位|部门))?$")
# A field's authority named as 部门: `民政部门`, `卫生健康部门`, `市场监管部门`;
# the field is looked up with each suffix in turn (`民政局`, `卫生健康委`).
DEPARTMENT_OF_FIELD = re.compile(r"^(?P<field>[\u4e00-\u9fff]{2,8}?)(?:主管|行政)?部门$")
FIELD_SUFFIXES = ("", "局", "委", "厅")
# A lower government named by its place: `贵阳市`, `黔南州人民政府`, `安顺市政府`.
GOVERNMENT_WORDS = re.compile(r"^(?:人民政府|政府|管委会)?$")
# A township or street named by its place: `江宁路街道` `青村镇` `半淞园路街道管理办` `石门二路街道办事处`.
NAMED_TOWNSHIP = re.compile(r"^[\u4e00-\u9fa5\d]{1,8}(?:镇|乡|街道|街道办事处|街道管理办|街道办)(?:人民政府)?$")


@dataclass(frozen=True)
class UnitFunction:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class UnitEntry:
    """One canonical unit of `schema/unit_aliases.yml`."""
    name: str
    function: str
    kind: str
    aliases: tuple[str, ...] = ()
    local: bool = True


@dataclass(frozen=True)
class UnitResolution:
    """A mention resolved: `区卫健委` in 崇明区 ->
    UnitResolution(name='崇明区卫生健康委', function_code='health', kind='government_body',
    method='alias', score=100, jurisdiction='崇明区', jurisdiction_code='310151')."""
    mention: str
    name: str
    function_code: str
    kind: str
    method: str
    score: float
    canonical: str | None = None
    jurisdiction: str | None = None        # the body's own jurisdiction (上海市 for 市民政局)
    jurisdiction_code: str | None = None

    @property
    def unit_id(self) -> str:
        return unit_id(self.name, self.jurisdiction_code)


def clean_mention(mention: str) -> str:
    """`区人力资源 社会保障局等` -> `区人力资源社会保障局`; `各市〔州〕` -> `各市（州）`."""
    text = BLANKS.sub("", mention.translate(BRACKETS))
    return TRAILING.sub("", text)


def load_unit_functions(path: Path = FUNCTIONS_CSV) -> dict[str, UnitFunction]:
    """`schema/unit_functions.csv` by code: `{'health': UnitFunction('health', '卫生健康', 'Health'), …}`."""
    with open(path, encoding="utf-8", newline="") as f:
        return {row["code"]: UnitFunction(row["code"], row["name_zh"], row["name_en"])
                for row in csv.DictReader(f)}


def _read_entries(path: Path = ALIASES_YML) -> list[UnitEntry]:
    rows = read_schema_yaml(path)
    return [UnitEntry(name=row["name"], function=row["function"], kind=row["kind"],
                      aliases=tuple(row.get("aliases") or ()),
                      local=row.get("local", row["kind"] != "company"))
            for row in rows]


@dataclass
class UnitVocab:
    """Functions and canonical units, with every name and alias as a lookup key."""
    functions: dict[str, UnitFunction]
    entries: list[UnitEntry]
    keys: dict[str, tuple[UnitEntry, bool]] = field(default_factory=dict)   # key -> (entry, is_canonical)
    by_length: list[str] = field(default_factory=list)                      # keys, longest first

    def __post_init__(self) -> None:
        for entry in self.entries:
            if entry.function not in self.functions:
                raise ValueError(f"{entry.name}: unknown function {entry.function!r}")
            if entry.kind not in KINDS:
                raise ValueError(f"{entry.name}: unknown kind {entry.kind!r}")
            for key, canonical in [(entry.name, True)] + [(a, False) for a in entry.aliases]:
                key = clean_mention(key)
                if key in self.keys and self.keys[key][0] is not entry:
                    raise ValueError(f"{key!r} names both {self.keys[key][0].name} and {entry.name}")
                self.keys.setdefault(key, (entry, canonical))
        # Longest first, so `人力资源社会保障局` wins over `人力资源` style fragments.
        self.by_length = sorted(self.keys, key=len, reverse=True)

    def lookup(self, body: str) -> tuple[UnitEntry, bool] | None:
        return self.keys.get(body)

    def leading(self, body: str) -> tuple[str, UnitEntry] | None:
        """The longest known name that opens `body` and leaves a remainder."""
        for key in self.by_length:
            if len(key) < len(body) and body.startswith(key):
                return key, self.keys[key][0]
        return None


@lru_cache(maxsize=1)
def load_unit_vocab() -> UnitVocab:
    """The unit vocabulary: `load_unit_vocab().lookup('卫健委')[0].name` -> `'卫生健康委'`."""
    return UnitVocab(load_unit_functions(), _read_entries())


@lru_cache(maxsize=65536)
def unit_id(name: str, jurisdiction: str | None) -> str:
    """A stable id from content: `unit_id('崇明区卫生健康委', '310151')` -> `'unit-…'` (12 hex digits).

    Pass the unit's own jurisdiction code (`UnitResolution.jurisdiction_code`),
    so 上海市民政局 has one id whichever plan names it. Cached: a plan asks for its
    units' ids once per link, and the same units come back in every plan of a place.
    """
    digest = hashlib.sha1(f"{jurisdiction or ''}\x1f{name}".encode("utf-8")).hexdigest()
    return "unit-" + digest[:12]


# -- jurisdiction ---------------------------------------------------------------
def _as_place(jurisdiction: str | Place | None, places: Places) -> Place | None:
    """`'崇明区'`, `'上海市崇明区'`, `'310151'` or a Place -> the Place it names."""
    if jurisdiction is None or isinstance(jurisdiction, Place):
        return as_jurisdiction(jurisdiction) if jurisdiction else None
    text = clean_mention(jurisdiction)
    if text in places.by_code:
        return as_jurisdiction(places.by_code[text])
    chain = None
    for _, _, p in places.spans(text):
        if chain is None or p.within(chain):
            chain = p
    return as_jurisdiction(chain) if chain else None


def _owner(prefix: str, plan: Place | None, places: Places) -> Place | None:
    """Whose body a prefix names, in a plan of `plan`:
    `区` in 崇明区 -> 崇明区; `市` in 崇明区 -> 上海市; `市` in 如皋市 -> 如皋市; `` -> the plan's own."""
    if plan is None:
        return None
    province = places.by_code.get(plan.province_code)
    county = plan if plan.level == "county" else None
    prefecture = None
    if plan.level == "prefecture":
        prefecture = plan
    elif county and county.parent_code and county.parent_code != plan.province_code:
        prefecture = places.by_code.get(county.parent_code)
    if prefix in ("", "示范区", "新区"):
        return plan
    if prefix in ("省", "自治区"):
        return province
    if prefix == "市":
        if county and county.name.endswith("市"):
            return county
        if prefecture:
            return prefecture
        return province if province and province.name in MUNICIPALITIES else None
    if prefix in ("区", "县"):
        return county if county and county.name.endswith(prefix) else plan
    if prefix == "州":
        return prefecture
    return None


def _split_prefix(text: str, places: Places) -> list[tuple[str, Place | None, str]]:
    """Candidate (prefix, place named by the prefix, rest) splits, printed-place first:
    `河南银保监局济源监管组` -> [('河南', 河南省, '银保监局济源监管组')]; `区卫健委` -> [('区', None, '卫健委')]."""
    out = []
    chain, chain_end = None, 0
    for start, end, p in places.spans(text):
        # `上海市崇明区民政局`: the prefix is the whole chain 上海市崇明区.
        if start != chain_end or (chain is not None and not p.within(chain)):
            break
        chain, chain_end = p, end
    if chain is not None and chain_end < len(text):
        out.append((text[:chain_end], chain, text[chain_end:]))
    m = LEVEL_PREFIX.match(text)
    if m and m.end() < len(text):
        out.append((m.group(1), None, text[m.end():]))
    return out


def _below(place: Place, plan: Place | None) -> bool:
    """True when `place` lies inside the plan's jurisdiction (or there is none): 贵阳市 below 贵州省."""
    place = as_jurisdiction(place)
    return plan is None or (place.admin_code != plan.admin_code and place.within(plan))


def _lookup_unprefixed(text: str, vocab: UnitVocab, places: Places) -> UnitEntry | None:
    """The entry a name denotes with or without its prefix: `区医保局` -> 医保局."""
    for _, _, body in [("", None, text)] + _split_prefix(text, places):
        found = vocab.lookup(body)
        if found:
            return found[0]
    return None


# -- resolution -------------------------------------------------------------------
def _named(entry: UnitEntry, canonical_part: str, owner: Place | None, prefix: str,
           printed_prefix: bool) -> tuple[str, Place | None]:
    """Name of a resolved unit and the place it belongs to."""
    if not entry.local and not (entry.kind == "company" and printed_prefix):
        return canonical_part, None
    if prefix == "国家":
        return ("" if canonical_part.startswith("国家") else "国家") + canonical_part, None
    if owner is None:
        return prefix + canonical_part, None
    return owner.name + canonical_part, owner


def resolve_unit(mention: str, jurisdiction: str | Place | None) -> UnitResolution:
    """Resolve one printed unit in a plan of `jurisdiction`.

    `resolve_unit('区卫健委', '崇明区')` -> name `崇明区卫生健康委`, function `health`, method `alias`;
    `resolve_unit('体育局', '崇明区')` -> `崇明区体育局`; `resolve_unit('区大数发展局', '万州区')` ->
    `万州区大数据发展局`, method `fuzzy`, score 90.9.
    """
    vocab, places = load_unit_vocab(), load_places()
    plan = _as_place(jurisdiction, places)
    text = clean_mention(mention)

    def done(name, owner, entry=None, method="unresolved", score=0.0, function=None, kind=None):
        return UnitResolution(
            mention=mention, name=name,
            function_code=function or (entry.function if entry else "other"),
            kind=kind or (entry.kind if entry else "other"), method=method, score=score,
            canonical=entry.name if entry else None,
            jurisdiction=owner.name if owner else None,
            jurisdiction_code=owner.admin_code if owner else None)

    # Splits: the whole mention (own prefix missing), then each prefix reading.
    splits = [("", None, text)] + _split_prefix(text, places)

    def owner_of(prefix, place):
        return as_jurisdiction(place) if place else _owner(prefix, plan, places)

    # 0. a lower government: `黔南州人民政府` in a 贵州省 plan (the plan's own
    # and higher governments are entry 人民政府 below).
    for prefix, place, body in splits:
        if place is not None and GOVERNMENT_WORDS.match(body) and _below(place, plan):
            return done(place.name + "人民政府", as_jurisdiction(place), method="pattern",
                        score=PATTERN_SCORE, function="local_governments", kind="government_body")
    # 1. a known name, whole or after its prefix.
    for prefix, place, body in splits:
        found = vocab.lookup(body)
        if found:
            entry, canonical = found
            name, owner = _named(entry, entry.name, owner_of(prefix, place), prefix, bool(prefix))
            return done(name, owner, entry, "exact" if canonical else "alias", 100.0)
    # 2. a known name followed by a second name or a sub-office.
    for prefix, place, body in splits:
        lead = vocab.leading(body)
        if not lead:
            continue
        key, entry = lead
        rest = body[len(key):]
        second = SECOND_NAME.match(rest)
        if second:
            inner = _lookup_unprefixed(second.group("inner"), vocab, places)
            if inner is entry:          # `各镇人民政府（街道办事处）`: one collective
                rest = ""
            else:
                rest = "（" + (inner.name if inner else second.group("inner")) + "）"
        elif not SUB_OFFICE.match(rest):
            continue
        name, owner = _named(entry, entry.name + rest, owner_of(prefix, place), prefix, bool(prefix))
        return done(name, owner, entry, "prefix", PREFIX_SCORE)
    # 3. rules: companies, task forces, unnamed departments, lower governments;
    # a printed prefix first, so `省“双找”工作专班` is the province's.
    for prefix, place, body in reversed(splits):
        owner = owner_of(prefix, place)
        if COMPANY.search(body):
            name = text if place or not prefix else (owner.name if owner else prefix) + body
            return done(name, owner if prefix and not place else None, method="pattern",
                        score=PATTERN_SCORE, function="companies", kind="company")
        if TASK_FORCE.search(body):
            return done((owner.name if owner else prefix) + body, owner, method="pattern",
                        score=PATTERN_SCORE, function="task_forces", kind="other")
        if RELEVANT_DEPARTMENTS.match(body):
            entry = vocab.lookup("有关部门")[0]
            return done((owner.name if owner else prefix) + entry.name, owner, entry, "pattern",
                        PATTERN_SCORE)
    whole = places.spans(text)
    if whole and whole[0][0] == 0 and GOVERNMENT_WORDS.match(text[whole[0][1]:]) \
            and _below(whole[0][2], plan):
        place = whole[0][2]
        return done(place.name + "人民政府", as_jurisdiction(place), method="pattern",
                    score=PATTERN_SCORE, function="local_governments", kind="government_body")
    # 4. a field named as a department: `民政部门` -> 民政局, `卫生健康部门` -> 卫生健康委.
    for prefix, place, body in splits:
        field_name = DEPARTMENT_OF_FIELD.match(body)
        if field_name:
            for suffix in FIELD_SUFFIXES:
                found = vocab.lookup(field_name.group("field") + suffix)
                if found:
                    entry = found[0]
                    name, owner = _named(entry, entry.name, owner_of(prefix, place), prefix, bool(prefix))
                    return done(name, owner, entry, "pattern", PATTERN_SCORE)
    # 4b. a township or street named by its place: `江宁路街道`, `青村镇`, `打浦桥街道管理办`.
    for prefix, place, body in splits:
        if NAMED_TOWNSHIP.match(body):
            return done(text, plan, method="pattern", score=PATTERN_SCORE, function="township_street_governments",
                        kind="government_body")
    # 5. fuzzy, for misprints only, on the name without its prefix.
    prefix, place, body = splits[-1]
    if len(body) >= FUZZY_MIN_LENGTH:
        best = process.extractOne(body, vocab.by_length, scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_THRESHOLD)
        if best:
            entry = vocab.keys[best[0]][0]
            name, owner = _named(entry, entry.name, owner_of(prefix, place), prefix, bool(prefix))
            return done(name, owner, entry, "fuzzy", round(best[1], 1))
    owner = owner_of(prefix, place) if prefix else None
    # 6. a body named by what it does: `市道运中心` -> transport, `区土储中心` -> planning (schema/function_keywords.tsv).
    function = function_by_keyword(text)
    if function:
        return done((owner.name + body) if owner else text, owner, method="keyword", score=KEYWORD_SCORE,
                    function=function, kind="government_body")
    return done((owner.name + body) if owner else text, owner)


@lru_cache(maxsize=1)
def load_function_keywords(path: Path = KEYWORDS_TSV) -> tuple[tuple[str, str], ...]:
    """`schema/function_keywords.tsv`: (keyword, function code), longest keyword first."""
    with path.open(encoding="utf-8") as f:
        rows = [(r["keyword"], r["function"]) for r in csv.DictReader(f, delimiter="\t")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


def function_by_keyword(name: str) -> str | None:
    """`设施养护处` -> 'transport'; `区投促中心` -> 'commerce'; `区民政局` -> None (the vocabulary knows it)."""
    return next((function for keyword, function in load_function_keywords() if keyword in name), None)
