"""Which task of the body a row of a task-division table belongs to.

Tables name a row's task in one of a few ways, none of them by a fixed header:
  a label row spanning the table        `行动一：再造发展新极行动（…）`  -> the task numbered 一
  a column numbered parallel to the body `1、改善城市道路环境`           -> task （一）改善城市道路环境
  the task's title, whole or shortened   `完善基本养老服务保障`           -> task 1.完善基本养老服务保障
Every candidate key (the label, each group column) is tried; the key whose
values match the body's tasks best, by title and printed number, links the
rows. Where no key matches but the table has one group per task, groups
follow the tasks in order. A row still unlinked may restate a task in its
own text, whole or shortened (`1 | 完善基本养老服务保障 | 区民政局`).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from extract.text.numbers import parse_number

# `行动一：` `专项二、` `1、` `（一）` `一、` `第三部分`: a printed number opening a group name.
KEY_NUMBER = re.compile(r"^\s*(?:[\u4e00-\u9fff]{0,4}?|第)?(?:[(（](?P<a>[一二三四五六七八九十]{1,3}|\d{1,3})[)）]"
                        r"|(?P<b>[一二三四五六七八九十]{1,3}|\d{1,3})(?:\s*(?:部分|类)\s*[:：、.．]?|\s*[:：、.．]))\s*")
# Characters that do not make two titles differ.
NOISE = re.compile(r"[\s。，,、；;：:“”\"'（）()——\-]")
# A key value is linked when its title matches this well, or its number matches and its title half as well.
MIN_TITLE = 0.6
MIN_TITLE_WITH_NUMBER = 0.3


@dataclass(frozen=True)
class KeyValue:
    number: int | None
    title: str


def key_value(text: str) -> KeyValue:
    """`行动一：再造发展新极行动（综合区域整体焕新行动）` -> (1, '再造发展新极行动综合区域整体焕新行动')."""
    m = KEY_NUMBER.match(text)
    number = int(parse_number(m.group("a") or m.group("b")) or 0) or None if m else None
    return KeyValue(number, NOISE.sub("", text[m.end():] if m else text))


@lru_cache(maxsize=65536)
def title_similarity(a: str, b: str) -> float:
    """Titles compared without punctuation; a shortened title inside the other counts as close.

    Remembered: every key value of a table is compared with every task title, and
    plans of one template repeat both."""
    a, b = NOISE.sub("", a), NOISE.sub("", b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 0.8 + 0.2 * min(len(a), len(b)) / max(len(a), len(b))
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _task_number(task) -> int | None:
    value = parse_number(task.number) if task.number else None
    return int(value) if value else None


def _match(value: KeyValue, tasks) -> tuple[object | None, float]:
    """The task a key value names, with how well it matches (0 when none does)."""
    best, best_score = None, 0.0
    for task in tasks:
        sim = title_similarity(value.title, task.title or "")
        same_number = value.number is not None and value.number == _task_number(task)
        if sim >= MIN_TITLE or (same_number and sim >= MIN_TITLE_WITH_NUMBER):
            score = sim + (0.2 if same_number else 0.0)
            if score > best_score:
                best, best_score = task, score
    return best, best_score


def _keys(rows) -> dict[str, list[str | None]]:
    """Every way the rows name a group: their label, and each of their group columns."""
    keys: dict[str, list[str | None]] = {}
    if any(r.label for r in rows):
        keys["label"] = [r.label for r in rows]
    for k in range(max((len(r.groups) for r in rows), default=0)):
        keys[f"group{k}"] = [r.groups[k] if k < len(r.groups) else None for r in rows]
    return keys


def link_rows(rows, tasks) -> list:
    """The task of each row (None where no key names one)."""
    if not rows or not tasks:
        return [None] * len(rows)
    best_links, best_quality = [None] * len(rows), 0.0
    for values in _keys(rows).values():
        distinct = list(dict.fromkeys(v for v in values if v))
        matched = {v: _match(key_value(v), tasks) for v in distinct}
        quality = sum(score for _, score in matched.values()) / len(distinct) if distinct else 0.0
        if quality > best_quality:
            best_quality = quality
            best_links = [matched[v][0] if v else None for v in values]
        elif not any(score for _, score in matched.values()) and len(distinct) == len(tasks) and not best_quality:
            # one group per task, names that match none: the groups follow the tasks in order
            order = {v: t for v, t in zip(distinct, tasks)}
            best_links = [order.get(v) if v else None for v in values]
    # a row no group names may restate a task in its own words (`完善基本养老服务保障。制定…`)
    for i, row in enumerate(rows):
        if best_links[i] is None:
            best_links[i] = _match(key_value(re.split(r"[。;；]", row.text, maxsplit=1)[0]), tasks)[0]
    return best_links
