"""What changed between two plans: tasks kept, changed, new and dropped; targets side by side.

Tasks (the numbered items, not the rows of task-division tables) of plan A
and plan B are compared with the word vectors of `extract.analysis.vectors`
and matched one to one, best pair first (ties in document order):

    A 2. 统筹推进城乡养老托育发展。建设城镇区域“15分钟养老服务圈”……
    B 1. 完善社区养老服务设施……“15分钟养老服务圈”……        0.62 -> changed

A pair scoring at least KEPT is the same task (reworded at most), at least
MATCHED a changed one; an A task left alone was dropped, a B task is new.
Targets of one canonical metric are paired across the plans whatever their
words (best pair first), others when their words score at least
TARGET_MATCHED; a pair shows which of value, comparator, unit and year
differ. Everything is a pure function of the two plans' rows, so the page
(`/-/diff/<a>/<b>`) computes it on request.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from extract.analysis.vectors import SCORE_DECIMALS, dense_rows, make_items

KEPT = 0.8
MATCHED = 0.3
TARGET_MATCHED = 0.4
COMPARED_FIELDS = ("comparator", "value", "value_max", "unit", "year")


class Match(NamedTuple):
    """One line of a diff: a row of A, of B or both, how alike they are, what differs.

    (A NamedTuple, not a dataclass: Datasette loads plugin modules without
    registering them in sys.modules, which dataclasses need.)
    """
    status: str                  # kept, changed, new, dropped (tasks); same, changed, new, dropped (targets)
    a: dict | None
    b: dict | None
    score: float | None
    differs: tuple[str, ...] = ()


def cosines(rows_a: list[dict], rows_b: list[dict]) -> np.ndarray:
    """Cosine of every A row with every B row, from their segmented `tokens` text."""
    if not rows_a or not rows_b:
        return np.zeros((len(rows_a), len(rows_b)))
    items = make_items([(f"a{i:06d}", "a", r["tokens"], None) for i, r in enumerate(rows_a)]
                       + [(f"b{i:06d}", "b", r["tokens"], None) for i, r in enumerate(rows_b)])
    dense = dense_rows(items, np.arange(items.n_vectors))[items.vector]
    return np.round(dense[:len(rows_a)] @ dense[len(rows_a):].T, SCORE_DECIMALS)


def greedy_pairs(scores: np.ndarray, minimum: float, allowed: np.ndarray | None = None) -> list[tuple[int, int]]:
    """One-to-one pairs (i, j), best score first, ties in document order, scores at least `minimum`."""
    candidates = np.argwhere(scores >= minimum) if allowed is None else np.argwhere((scores >= minimum) & allowed)
    order = sorted(candidates.tolist(), key=lambda ij: (-scores[ij[0], ij[1]], ij[0], ij[1]))
    used_a, used_b, pairs = set(), set(), []
    for i, j in order:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def diff_tasks(tasks_a: list[dict], tasks_b: list[dict]) -> list[Match]:
    """B's tasks in order, each with the A task it continues (kept / changed) or none (new); then A's dropped tasks."""
    scores = cosines(tasks_a, tasks_b)
    partner = {j: i for i, j in greedy_pairs(scores, MATCHED)}
    out = []
    for j, b in enumerate(tasks_b):
        i = partner.get(j)
        if i is None:
            out.append(Match("new", None, b, None))
        else:
            score = float(scores[i, j])
            out.append(Match("kept" if score >= KEPT else "changed", tasks_a[i], b, score))
    matched = set(partner.values())
    out += [Match("dropped", a, None, None) for i, a in enumerate(tasks_a) if i not in matched]
    return out


def differing(a: dict, b: dict) -> tuple[str, ...]:
    """The fields of COMPARED_FIELDS whose values differ: ({'value': 60, 'year': 2024}, {'value': 65, 'year': 2024}) -> ('value',)."""
    return tuple(f for f in COMPARED_FIELDS if a.get(f) != b.get(f))


def diff_targets(targets_a: list[dict], targets_b: list[dict]) -> list[Match]:
    """Targets paired across the plans: same canonical metric first, then by words; then the unpaired ones."""
    scores = cosines(targets_a, targets_b)
    metric_a = np.array([t.get("canonical") or "" for t in targets_a], dtype=object)
    metric_b = np.array([t.get("canonical") or "" for t in targets_b], dtype=object)
    same_metric = (metric_a[:, None] == metric_b[None, :]) & (metric_a[:, None] != "") if len(scores) else None
    pairs = greedy_pairs(scores, -1.0, same_metric) if same_metric is not None else []
    taken_a, taken_b = {i for i, _ in pairs}, {j for _, j in pairs}
    free = np.zeros_like(scores, dtype=bool)
    free[np.ix_([i for i in range(len(targets_a)) if i not in taken_a],
                [j for j in range(len(targets_b)) if j not in taken_b])] = True
    pairs += greedy_pairs(scores, TARGET_MATCHED, free)
    out = []
    for i, j in sorted(pairs, key=lambda ij: (targets_b[ij[1]].get("ordinal", ij[1]), ij[1])):
        changes = differing(targets_a[i], targets_b[j])
        out.append(Match("changed" if changes else "same", targets_a[i], targets_b[j], float(scores[i, j]), changes))
    paired_a, paired_b = {i for i, _ in pairs}, {j for _, j in pairs}
    out += [Match("new", None, t, None) for j, t in enumerate(targets_b) if j not in paired_b]
    out += [Match("dropped", t, None, None) for i, t in enumerate(targets_a) if i not in paired_a]
    return out


def summary(matches: list[Match]) -> dict[str, int]:
    """How many lines of each status: {'kept': 3, 'changed': 9, 'new': 6, 'dropped': 5}."""
    counts: dict[str, int] = {}
    for m in matches:
        counts[m.status] = counts.get(m.status, 0) + 1
    return counts
