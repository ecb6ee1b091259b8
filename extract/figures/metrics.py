"""Canonical metrics: tag a target with the GUIDE.md id of what it measures.

The ids and their matching rules live in ``schema/canonical_metrics.yml``;
this module only loads them and applies them. A target is tagged only when
it measures exactly the canonical thing, so every rule is a conjunction of
keyword groups, exclusions and allowed units (see the YAML header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.paths import SCHEMA_DIR, read_schema_yaml

METRICS_PATH = SCHEMA_DIR / "canonical_metrics.yml"

# Line wraps inside table cells and quotation marks around names do not change
# what is measured: 康复辅具社区租赁服务实体点乡镇 覆盖率, 示范性“智慧养老”应用场景.
IGNORED_CHARACTERS = re.compile(r"[\s“”\"'‘’「」『』]")


@dataclass(frozen=True)
class MetricRule:
    """One canonical metric and the rule that recognises it."""

    id: str
    name_zh: str
    name_en: str
    definition: str
    unit: str
    all_of: tuple[tuple[str, ...], ...] = ()
    with_context: tuple[tuple[str, ...], ...] = ()
    none_of: tuple[str, ...] = ()
    units: tuple[str, ...] = ()

    def matches(self, metric: str, context: str, unit: str | None) -> bool:
        """Whether a cleaned metric phrase, context and unit satisfy this rule.

        >>> rule = MetricRule("nursing_bed_share", "护理型床位占比", "", "", "%",
        ...                   all_of=(("护理型床位",),), units=("%",))
        >>> rule.matches("护理型床位占比", "全区护理型养老床位占比不低于60%", "%")
        True
        """
        if self.units and unit not in self.units:
            return False
        if any(word in metric for word in self.none_of):
            return False
        if not all(any(word in metric for word in group) for group in self.all_of):
            return False
        around = metric + context
        return all(any(word in around for word in group) for group in self.with_context)


def _groups(value) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(word) for word in group) for group in value or ())


def _words(value) -> tuple[str, ...]:
    return tuple(str(word) for word in value or ())


@lru_cache(maxsize=None)
def load_metrics(path: Path = METRICS_PATH) -> tuple[MetricRule, ...]:
    """Read the canonical metrics and their rules, in file order.

    ``any_of`` is folded into ``all_of`` as one more group, and the shared
    ``exclude_everywhere`` words are added to every rule's ``none_of``.

    >>> [m.id for m in load_metrics()][:2]
    ['elderly_beds_total', 'basic_beds_per_elderly']
    >>> next(m for m in load_metrics() if m.id == "nursing_bed_share").name_zh
    '护理型床位占比'
    """
    data = read_schema_yaml(path)
    shared_exclusions = _words(data.get("exclude_everywhere"))
    rules = []
    for entry in data["metrics"]:
        all_of = _groups(entry.get("all_of"))
        if entry.get("any_of"):
            all_of += (_words(entry["any_of"]),)
        rules.append(
            MetricRule(
                id=entry["id"],
                name_zh=entry["name_zh"],
                name_en=entry["name_en"],
                definition=entry["definition"],
                unit=str(entry["unit"]),
                all_of=all_of,
                with_context=_groups(entry.get("with_context")),
                none_of=_words(entry.get("none_of")) + shared_exclusions,
                units=_words(entry.get("units")),
            )
        )
    return tuple(rules)


def _clean(text: str | None) -> str:
    return IGNORED_CHARACTERS.sub("", text or "")


def match_canonical(metric: str, context: str, unit: str | None) -> str | None:
    """The canonical metric id a target measures, or ``None``.

    ``metric`` is the short phrase naming what is measured, ``context`` the
    clause or sentence around the number (consulted only for qualifiers the
    phrase leaves out, such as a denominator), ``unit`` the normalised unit.

    >>> match_canonical("护理型床位占比", "全区护理型养老床位占比不低于60%", "%")
    'nursing_bed_share'
    >>> match_canonical("社区托育托额", "提供 1280 个社区托育托额", "个") is None
    True
    """
    cleaned_metric, cleaned_context = _clean(metric), _clean(context)
    if not cleaned_metric:
        return None
    for rule in load_metrics():
        if rule.matches(cleaned_metric, cleaned_context, unit):
            return rule.id
    return None
