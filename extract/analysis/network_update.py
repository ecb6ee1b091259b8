"""The unit network after some plans changed: their rows recomputed, the corpus's carried forward.

A plan's network rows depend on that plan alone, and the corpus scope is
the sum of the plans (every task belongs to one plan): an edge's weight and
lead counts, a unit's tasks, tasks led and plans are sums over plans. So an
incremental build reads the changed plans' old rows and their new
responsibilities only, subtracts and adds, and rewrites only the corpus rows
whose figures moved. The corpus's structural figures (betweenness, Louvain
communities: 0.8 s of the 1,000-plan update) are computed again only when
its edge list or its units changed; an edited plan whose tasks keep their
units changes neither.

    update_network(db, ["3f2a…", "9c41…"])   # the same rows as save_unit_network(db), in another rowid order
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import sqlite_utils

from extract.analysis.network import (NETWORK_COLUMNS, NETWORK_TABLE, STATS_COLUMNS, STATS_TABLE, Memberships,
                                      ScopeNetwork, memberships, scope_networks, scope_rows, structure)
from extract.analysis.rows import id_chunks, insert_tuples, marks

# STATS_COLUMNS: the counts summed over plans, and the structural figures.
SUMMED_STATS = ("tasks", "tasks_led", "plans")
STRUCTURE_STATS = ("degree", "weighted_degree", "betweenness", "community")


def update_network(db: sqlite_utils.Database, changed_plan_ids: Iterable[str]) -> None:
    """After the plans `changed_plan_ids` were added, replaced, edited or removed: their rows
    recomputed from their responsibilities, the corpus's moved by the difference.

    Leaves the rows `save_unit_network` would, in another rowid order."""
    changed = sorted(set(changed_plan_ids))
    if not changed:
        return
    old_edges = _select(db, NETWORK_TABLE, NETWORK_COLUMNS, changed)
    old_stats = _select(db, STATS_TABLE, STATS_COLUMNS, changed)
    for table in (NETWORK_TABLE, STATS_TABLE):
        for chunk in id_chunks(changed):
            db.conn.execute(f"DELETE FROM [{table}] WHERE plan_id IN ({marks(chunk)})", chunk)
    m = memberships(plan_responsibilities(db, changed))
    memo: dict = {}
    new_edges, new_stats = [], []
    for scope in scope_networks(m, corpus=False):
        edges, stats = scope_rows(m, scope, memo)
        new_edges += edges
        new_stats += stats
    insert_tuples(db, NETWORK_TABLE, NETWORK_COLUMNS, new_edges)
    insert_tuples(db, STATS_TABLE, STATS_COLUMNS, new_stats)
    update_corpus(db, old_edges, old_stats, new_edges, new_stats)


def plan_responsibilities(db: sqlite_utils.Database, plan_ids: list[str]) -> list[tuple]:
    """(plan_id, task_id, unit_id, leads) of the plans' tasks, read by the plan and task indexes."""
    out: list[tuple] = []
    for chunk in id_chunks(plan_ids):
        out += db.execute(f"SELECT t.plan_id, tu.task_id, tu.unit_id, tu.role = 'lead' FROM tasks t "
                          f"JOIN task_units tu ON tu.task_id = t.task_id WHERE t.plan_id IN ({marks(chunk)})",
                          chunk).fetchall()
    return out


@dataclass
class CorpusSums:
    """The corpus scope's sums over plans: per edge (unit_a, unit_b) its four counts, per unit its three."""
    edges: dict[tuple[str, str], tuple[int, int, int, int]]
    units: dict[str, tuple[int, int, int]]

    def moved(self, old_edges: list[tuple], old_stats: list[tuple], new_edges: list[tuple],
              new_stats: list[tuple]) -> CorpusSums:
        """These sums without the plans' old rows and with their new ones; what sums to no task dropped."""
        edges = {pair: list(counts) for pair, counts in self.edges.items()}
        units = {unit: list(counts) for unit, counts in self.units.items()}
        for rows, sign in ((old_edges, -1), (new_edges, 1)):
            for _, a, b, *counts in rows:
                total = edges.setdefault((a, b), [0, 0, 0, 0])
                for i, count in enumerate(counts):
                    total[i] += sign * count
        for rows, sign in ((old_stats, -1), (new_stats, 1)):
            for _, unit, tasks, led, _co, _load, plans, *_ in rows:
                total = units.setdefault(unit, [0, 0, 0])
                for i, count in enumerate((tasks, led, plans)):
                    total[i] += sign * count
        return CorpusSums({pair: tuple(c) for pair, c in edges.items() if c[0]},
                          {unit: tuple(c) for unit, c in units.items() if c[0]})


def update_corpus(db: sqlite_utils.Database, old_edges: list[tuple], old_stats: list[tuple],
                  new_edges: list[tuple], new_stats: list[tuple]) -> None:
    """Move the corpus rows (plan_id NULL) by the changed plans' old and new rows; write what differs."""
    stored_edges = {tuple(r[1:]): r[0] for r in db.execute(
        f"SELECT rowid, {', '.join(NETWORK_COLUMNS)} FROM [{NETWORK_TABLE}] WHERE plan_id IS NULL")}
    stored_stats = {tuple(r[1:]): r[0] for r in db.execute(
        f"SELECT rowid, {', '.join(STATS_COLUMNS)} FROM [{STATS_TABLE}] WHERE plan_id IS NULL")}
    before = CorpusSums({(a, b): tuple(c) for _, a, b, *c in stored_edges},
                        {unit: (tasks, led, plans) for _, unit, tasks, led, _co, _load, plans, *_ in stored_stats})
    after = before.moved(old_edges, old_stats, new_edges, new_stats)
    led_tasks = db.execute("SELECT count(DISTINCT task_id) FROM task_units WHERE role = 'lead'").fetchone()[0]
    edges, stats = corpus_rows(after, led_tasks, known_structure(before, stored_stats))
    _replace(db, NETWORK_TABLE, NETWORK_COLUMNS, stored_edges, edges)
    _replace(db, STATS_TABLE, STATS_COLUMNS, stored_stats, stats)


def known_structure(before: CorpusSums, stored_stats: dict[tuple, int]) -> tuple[tuple, dict[str, tuple]]:
    """The corpus network as it stood (its units, its weighted edges) and each unit's stored
    (degree, weighted degree, betweenness, community)."""
    at = {name: i for i, name in enumerate(STATS_COLUMNS)}
    figures = {row[at["unit_id"]]: tuple(row[at[c]] for c in STRUCTURE_STATS) for row in stored_stats}
    return _shape(before), figures


def _shape(sums: CorpusSums) -> tuple:
    return tuple(sorted(sums.units)), tuple(sorted((a, b, c[0]) for (a, b), c in sums.edges.items()))


def corpus_rows(sums: CorpusSums, led_tasks: int, known: tuple[tuple, dict[str, tuple]]) -> tuple[list, list]:
    """The corpus scope's rows from its sums, exactly as `scope_rows` makes them in a full run:
    units numbered in id order, edges in (unit_a, unit_b) order. The structural figures are
    taken from `known` where the network is the same (betweenness alone where only weights moved)."""
    names = sorted(sums.units)
    index = {name: i for i, name in enumerate(names)}
    pairs = sorted(sums.edges)
    a = np.array([index[p[0]] for p in pairs], dtype=np.int64)
    b = np.array([index[p[1]] for p in pairs], dtype=np.int64)
    counts = np.array([sums.edges[p] for p in pairs], dtype=np.int64).reshape(len(pairs), 4)
    units = np.arange(len(names), dtype=np.int64)
    scope = ScopeNetwork(None, units, *(np.array([sums.units[n][i] for n in names], dtype=np.int64) for i in range(3)),
                         led_tasks, a, b, counts)
    m = Memberships(np.array([], dtype=object), np.array(names, dtype=object), *(np.zeros(0, np.int64),) * 3,
                    np.zeros(0, dtype=bool))
    shape, figures = known
    weight = counts[:, 0]
    memo: dict = {}
    if shape[0] == tuple(names) and [(x, y) for x, y, _ in shape[1]] == pairs:
        key = (len(names), a.tobytes(), b.tobytes(), weight.tobytes())
        if [w for *_, w in shape[1]] == weight.tolist():
            memo[key] = np.array([figures[n] for n in names], dtype=np.float64).reshape(len(names), 4)
        else:   # the same graph with other weights: betweenness (hop distance) stands, communities do not
            known_between = np.array([figures[n][2] for n in names], dtype=np.float64)
            memo[key] = structure(len(names), a, b, weight, known_between)
    return scope_rows(m, scope, memo)


def _replace(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], stored: dict[tuple, int],
             rows: list[tuple]) -> None:
    """Delete the stored rows (each unique, keyed by its values) not among `rows`, insert the `rows` not stored."""
    keep = set(rows)
    db.conn.executemany(f"DELETE FROM [{table}] WHERE rowid = ?", [(rowid,) for row, rowid in stored.items()
                                                                   if row not in keep])
    insert_tuples(db, table, columns, [row for row in rows if row not in stored])


def _select(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], plan_ids: list[str]) -> list[tuple]:
    out: list[tuple] = []
    for chunk in id_chunks(plan_ids):
        out += db.execute(f"SELECT {', '.join(columns)} FROM [{table}] WHERE plan_id IN ({marks(chunk)})",
                          chunk).fetchall()
    return out

