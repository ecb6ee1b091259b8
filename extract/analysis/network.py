"""Who works with whom: the co-responsibility network of units.

Units are the nodes; two units are linked once for every task (or task-
division row) both are responsible for, so an edge's weight is the number of
tasks they share. Who led is kept: `a_leads` counts the shared tasks that
`unit_a` leads and `unit_b` only co-owns, `b_leads` the reverse,
`joint_leads` those both lead (`unit_a` < `unit_b` by id).

    区民政局（牵头）、区财政局、区卫生健康委
    -> 民政–财政 (民政 leads), 民政–卫健 (民政 leads), 财政–卫健 (neither leads)

Each plan is a network of its own, and the corpus is one more (a unit of
one jurisdiction is one node in every plan that names it). For every unit
of each scope: tasks, tasks led and co-owned, its lead load (the share of
the scope's led tasks it leads), degree, weighted degree, betweenness and
its community (Louvain, networkx).

Written as `unit_network` and `unit_stats`, `plan_id` NULL for the corpus.
A plan's rows depend on that plan alone and the corpus's counts are sums
over plans, which `extract.analysis.network_update` uses to recompute only
the plans that changed. The pairs and counts are numpy
array operations over every plan at once: a corpus of a thousand plans has
some 400,000 unit pairs.
"""
from __future__ import annotations

from dataclasses import dataclass
import networkx as nx
import numpy as np
import sqlite_utils

from extract.analysis.rows import insert_tuples

NETWORK_TABLE = "unit_network"
STATS_TABLE = "unit_stats"
NETWORK_COLUMNS = ("plan_id", "unit_a", "unit_b", "weight", "a_leads", "b_leads", "joint_leads")
STATS_COLUMNS = ("plan_id", "unit_id", "tasks", "tasks_led", "tasks_co", "lead_load", "plans", "degree",
                 "weighted_degree", "betweenness", "community")
# Louvain is randomised; a fixed seed gives the same communities on every build.
LOUVAIN_SEED = 20240601
# Components up to this many units get betweenness from dense matrix
# products (n^2 numbers in memory, two n^3 products per level of distance);
# larger ones networkx's Brandes, exact too but a Python loop over every edge.
MATRIX_BETWEENNESS_MAX = 3000
# Single precision halves the time of the matrix products; path counts and
# dependencies keep 7 significant digits, more than the 6 decimals stored.
MATRIX_DTYPE = np.float32
# Decimals kept for betweenness and lead load.
FIGURE_DECIMALS = 6

@dataclass
class Memberships:
    """Who is responsible for what, one entry per (task, unit), as parallel arrays sorted by task then unit.

    `plan`, `task` and `unit` index `plan_ids`, `task_ids` and `unit_ids`
    (each sorted, so index order is id order); `leads` is true where the
    unit leads the task (under any of its mentions).
    """
    plan_ids: np.ndarray
    unit_ids: np.ndarray
    plan: np.ndarray
    task: np.ndarray
    unit: np.ndarray
    leads: np.ndarray


def factorize(values: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, index of each value among them): ('b', 'a', 'b') -> (['a', 'b'], [1, 0, 1])."""
    distinct = sorted(set(values))
    index = {v: i for i, v in enumerate(distinct)}
    return np.array(distinct, dtype=object), np.fromiter(map(index.__getitem__, values), np.int64, len(values))


def memberships(rows: list[tuple[str, str, str, int]]) -> Memberships:
    """(plan_id, task_id, unit_id, leads) rows, a unit possibly twice in a task under two mentions."""
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return Memberships(np.array([], dtype=object), np.array([], dtype=object), empty, empty, empty,
                           np.zeros(0, dtype=bool))
    plans, tasks, units, leads = zip(*rows)
    plan_ids, plan = factorize(plans)
    _, task = factorize(tasks)
    unit_ids, unit = factorize(units)
    leads = np.array(leads, dtype=bool)
    order = np.lexsort((unit, task))
    plan, task, unit, leads = plan[order], task[order], unit[order], leads[order]
    first = np.ones(len(task), dtype=bool)
    first[1:] = (task[1:] != task[:-1]) | (unit[1:] != unit[:-1])
    starts = np.flatnonzero(first)
    leads = np.maximum.reduceat(leads, starts)
    return Memberships(plan_ids, unit_ids, plan[starts], task[starts], unit[starts], leads)


def unit_pairs(m: Memberships) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every (entry, later entry) of one task: indexes into `m` of unit_a and unit_b, one pair per shared task."""
    n = len(m.task)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    boundaries = np.flatnonzero(np.r_[True, m.task[1:] != m.task[:-1], True])
    group_end = np.repeat(boundaries[1:], np.diff(boundaries))
    later = group_end - np.arange(n) - 1
    left = np.repeat(np.arange(n), later)
    first_of_left = np.repeat(np.cumsum(later) - later, later)
    right = left + 1 + np.arange(len(left)) - first_of_left
    return left, right, m.unit[left], m.unit[right]


def aggregate_edges(keys: np.ndarray, lead_a: np.ndarray, lead_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys and, per key, [weight, a_leads, b_leads, joint_leads]."""
    distinct, inverse = np.unique(keys, return_inverse=True)
    counts = np.stack([
        np.bincount(inverse, minlength=len(distinct)),
        np.bincount(inverse, weights=lead_a & ~lead_b, minlength=len(distinct)),
        np.bincount(inverse, weights=lead_b & ~lead_a, minlength=len(distinct)),
        np.bincount(inverse, weights=lead_a & lead_b, minlength=len(distinct)),
    ], axis=1).astype(np.int64)
    return distinct, counts


def shortest_paths(adjacency: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Which pairs lie at each hop distance (a mask per distance, from 0) and how many shortest paths join them.

    Breadth-first from every node at once: the paths to the nodes first
    reached at distance k are the paths to distance k-1 extended by one edge.
    """
    n = len(adjacency)
    reached = np.eye(n, dtype=bool)
    levels = [reached.copy()]
    sigma = np.eye(n, dtype=adjacency.dtype)
    frontier = sigma.copy()
    while True:
        extended = frontier @ adjacency
        new = extended > 0
        new &= ~reached
        if not new.any():
            return levels, sigma
        reached |= new
        levels.append(new)
        frontier = extended * new
        sigma += frontier


def matrix_betweenness(adjacency: np.ndarray) -> np.ndarray:
    """Betweenness of each node of an undirected graph, each unordered pair counted once, not normalised.

    Brandes' dependency accumulation for every source at once, one level of
    distance at a time (a matrix product per level): the path graph a–b–c
    gives [0, 1, 0], b lying on the one shortest path a–c.
    """
    n = len(adjacency)
    if n < 3:
        return np.zeros(n)
    levels, sigma = shortest_paths(adjacency)
    dependency = np.zeros((n, n), dtype=adjacency.dtype)
    for level in range(len(levels) - 1, 0, -1):
        # dependency[s, v] += sigma[s, v] / sigma[s, w] * (1 + dependency[s, w]) for each w one step beyond v
        beyond = np.divide(1 + dependency, sigma, out=np.zeros_like(dependency), where=levels[level])
        pulled = beyond @ adjacency
        pulled *= sigma
        pulled *= levels[level - 1]
        dependency += pulled
    np.fill_diagonal(dependency, 0)
    return dependency.sum(axis=0, dtype=np.float64) / 2


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The connected component of each of nodes 0..n-1, named by its lowest node (labels spread until stable)."""
    label = np.arange(n)
    while True:
        lower = np.minimum(label[a], label[b])
        spread = label.copy()
        np.minimum.at(spread, a, lower)
        np.minimum.at(spread, b, lower)
        spread = spread[spread]  # jump along chains of labels
        if np.array_equal(spread, label):
            return label
        label = spread


def betweenness(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Normalised betweenness (networkx's `betweenness_centrality`) of nodes 0..n-1 with edges a[i]–b[i].

    Component by component: no shortest path leaves one, and the units of a
    corpus fall into many (one jurisdiction's bodies, linked only through
    the bodies of the level above), so n^3 shrinks to a sum of small cubes.
    """
    out = np.zeros(n)
    if n < 3:
        return out
    scale = 2 / ((n - 1) * (n - 2))
    label = components(n, a, b)
    for root in np.unique(label).tolist():
        nodes = np.flatnonzero(label == root)
        if len(nodes) < 3:
            continue
        inside = label[a] == root
        local_a, local_b = np.searchsorted(nodes, a[inside]), np.searchsorted(nodes, b[inside])
        if len(nodes) > MATRIX_BETWEENNESS_MAX:
            g = nx.Graph()
            g.add_nodes_from(range(len(nodes)))
            g.add_edges_from(zip(local_a.tolist(), local_b.tolist()))
            raw = nx.betweenness_centrality(g, normalized=False)
            out[nodes] = [raw[i] * scale for i in range(len(nodes))]
            continue
        adjacency = np.zeros((len(nodes), len(nodes)), dtype=MATRIX_DTYPE)
        adjacency[local_a, local_b] = adjacency[local_b, local_a] = 1
        out[nodes] = matrix_betweenness(adjacency) * scale
    return out


def communities(n: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Community number of nodes 0..n-1 (1 = the largest), Louvain on the weighted graph.

    Nodes are integers: Louvain's sets of string ids would iterate in an
    order that changes with Python's string hashing, from build to build.
    """
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(zip(a.tolist(), b.tolist(), weight.tolist()))
    found = nx.community.louvain_communities(g, weight="weight", seed=LOUVAIN_SEED) if n else []
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    out = np.zeros(n, dtype=np.int64)
    for number, members in enumerate(ordered, 1):
        out[members] = number
    return out


def structure(n: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray,
              known_betweenness: np.ndarray | None = None) -> np.ndarray:
    """Rows of (degree, weighted degree, betweenness, community) for nodes 0..n-1; betweenness
    (of hop distance, so the same for any weights) taken from `known_betweenness` when given."""
    degree = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    weighted = np.bincount(a, weights=weight, minlength=n) + np.bincount(b, weights=weight, minlength=n)
    between = betweenness(n, a, b).round(FIGURE_DECIMALS) if known_betweenness is None else known_betweenness
    return np.column_stack([degree, weighted, between, communities(n, a, b, weight)])


@dataclass
class ScopeNetwork:
    """One scope's units (global unit indexes, sorted), their loads, and its edges."""
    plan_id: str | None
    units: np.ndarray
    tasks: np.ndarray
    led: np.ndarray
    plans: np.ndarray
    led_in_scope: int
    a: np.ndarray
    b: np.ndarray
    counts: np.ndarray


def scope_networks(m: Memberships, corpus: bool = True) -> list[ScopeNetwork]:
    """One ScopeNetwork per plan in plan-id order, then (with `corpus`) the whole corpus."""
    n_units = len(m.unit_ids)
    left, right, unit_a, unit_b = unit_pairs(m)
    lead_a, lead_b = m.leads[left], m.leads[right]
    plan_of_pair = m.plan[left]
    keys, counts = aggregate_edges((plan_of_pair * n_units + unit_a) * n_units + unit_b, lead_a, lead_b)
    edge_plan, edge_pair = np.divmod(keys, n_units * n_units)
    load_keys, load_inverse = np.unique(m.plan * n_units + m.unit, return_inverse=True)
    tasks = np.bincount(load_inverse, minlength=len(load_keys))
    led = np.bincount(load_inverse, weights=m.leads, minlength=len(load_keys)).astype(np.int64)
    load_plan, load_unit = np.divmod(load_keys, n_units)
    # a corpus whose plans name no units has no tasks to start (np.r_[True] would point past the end)
    task_starts = (np.flatnonzero(np.r_[True, m.task[1:] != m.task[:-1]]) if len(m.task)
                   else np.zeros(0, dtype=np.int64))
    task_led = np.maximum.reduceat(m.leads, task_starts) if len(task_starts) else np.zeros(0, dtype=bool)
    led_per_plan = np.bincount(m.plan[task_starts], weights=task_led, minlength=len(m.plan_ids)).astype(np.int64)
    edge_bounds = np.searchsorted(edge_plan, np.arange(len(m.plan_ids) + 1))
    load_bounds = np.searchsorted(load_plan, np.arange(len(m.plan_ids) + 1))
    out = []
    for p, plan_id in enumerate(m.plan_ids):
        e0, e1 = edge_bounds[p], edge_bounds[p + 1]
        l0, l1 = load_bounds[p], load_bounds[p + 1]
        a, b = np.divmod(edge_pair[e0:e1], n_units)
        out.append(ScopeNetwork(plan_id, load_unit[l0:l1], tasks[l0:l1], led[l0:l1], np.ones(l1 - l0, np.int64),
                                int(led_per_plan[p]), a, b, counts[e0:e1]))
    if corpus:
        pair_keys, pair_counts = aggregate_edges(unit_a * n_units + unit_b, lead_a, lead_b)
        a, b = np.divmod(pair_keys, n_units)
        units, unit_inverse = np.unique(load_unit, return_inverse=True)
        out.append(ScopeNetwork(
            None, units, np.bincount(unit_inverse, weights=tasks).astype(np.int64),
            np.bincount(unit_inverse, weights=led).astype(np.int64), np.bincount(unit_inverse),
            int(task_led.sum()), a, b, pair_counts))
    return out


def scope_rows(m: Memberships, scope: ScopeNetwork, memo: dict | None = None) -> tuple[list[tuple], list[tuple]]:
    """The `unit_network` (NETWORK_COLUMNS) and `unit_stats` (STATS_COLUMNS) rows of one scope.

    `memo` shares the structural figures between scopes whose networks are
    the same after numbering their units 0..n-1 in id order (a plan
    reissued, one template used by several districts): those figures are a
    function of that numbering alone.
    """
    n = len(scope.units)
    local_a = np.searchsorted(scope.units, scope.a)
    local_b = np.searchsorted(scope.units, scope.b)
    weight = scope.counts[:, 0]
    key = (n, local_a.tobytes(), local_b.tobytes(), weight.tobytes())
    figures = memo.get(key) if memo is not None else None
    if figures is None:
        figures = structure(n, local_a, local_b, weight)
        if memo is not None:
            memo[key] = figures
    names = m.unit_ids.tolist()
    network = [(scope.plan_id, names[a], names[b], *c)
               for a, b, c in zip(scope.a.tolist(), scope.b.tolist(), scope.counts.tolist())]
    stats = []
    for i, (unit, tasks, led, plans) in enumerate(zip(scope.units.tolist(), scope.tasks.tolist(), scope.led.tolist(),
                                                      scope.plans.tolist())):
        degree, weighted, between, community = figures[i].tolist()
        load = round(led / scope.led_in_scope, FIGURE_DECIMALS) if scope.led_in_scope else 0.0
        stats.append((scope.plan_id, names[unit], tasks, led, tasks - led, load, plans, int(degree), int(weighted),
                      float(between), int(community)))
    return network, stats


def _responsibilities(db: sqlite_utils.Database) -> list[tuple]:
    """(plan_id, task_id, unit_id, leads) of every responsibility: two scans joined here, faster than in SQL."""
    plan_of = dict(db.execute("select task_id, plan_id from tasks").fetchall())
    return [(plan_of[task], task, unit, leads)
            for task, unit, leads in db.execute("select task_id, unit_id, role = 'lead' from task_units").fetchall()]


def _write(db: sqlite_utils.Database, m: Memberships, scopes: list[ScopeNetwork]) -> None:
    memo: dict = {}
    network, stats = [], []
    for scope in scopes:
        edges, units = scope_rows(m, scope, memo)
        network += edges
        stats += units
    insert_tuples(db, NETWORK_TABLE, NETWORK_COLUMNS, network)
    insert_tuples(db, STATS_TABLE, STATS_COLUMNS, stats)


def save_unit_network(db: sqlite_utils.Database) -> None:
    """Replace `unit_network` and `unit_stats` with the figures of every plan and of the corpus."""
    db.execute(f"DELETE FROM [{NETWORK_TABLE}]")
    db.execute(f"DELETE FROM [{STATS_TABLE}]")
    m = memberships(_responsibilities(db))
    _write(db, m, scope_networks(m))
