"""Who else promises this: the most similar tasks and targets in other plans.

For every task and every target, the `TOP_K` items of other plans whose
word vectors (`extract.analysis.vectors`) have the highest cosine with it,
at least `MIN_SCORE`, ties broken by id:

    嘉定: 加强规划指标衔接……衔接落实各级海绵城市规划和片区海绵城市系统方案……
      0.53  普陀: 组织修编普陀区海绵城市建设规划，分解落实全市海绵城市规划中……
      0.49  普陀: 强化规划管控。按年度开展海绵城市建设达标评估……

A target stated with a canonical metric also links to the best target of
that metric in each other plan (up to `SAME_METRIC_PLANS` plans), however
different the words: 护理型床位占比 in one plan is comparable with it in
any other. Restatements (`same_as`) are left out: their first statement
stands for them.

Written as `similar_tasks` and `similar_targets` by `save_similar`;
`update_similar` brings them up to date after some plans changed and
leaves exactly the rows `save_similar` would.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

import numpy as np

from extract.analysis.rows import ComputedTables, id_chunks, insert_tuples, marks
from extract.analysis.vectors import BLOCK_CELLS, SCORE_DECIMALS, Items, Postings, blocks, dense_rows, make_items, score_block
from extract.analysis.words import TABLE as WORDS_TABLE, indexed_tokens, item_words, pack, unpack

if TYPE_CHECKING:   # sqlite_utils too: a build's workers import this module for its words, not for a database
    import sqlite_utils

    from extract.analysis.similarity_ahead import ItemsAhead

TOP_K = 5
# Below this cosine two tasks mostly share a field, not a promise: on the
# hand-checked pairs (scripts/similarity_quality.py --sweep) precision@3 is
# 0.56 at 0.15, 0.80 at 0.20, 0.87 at 0.22, 0.90 at 0.25, while the share of
# dev-set queries shown any neighbour falls from 30/30 to 23, 19 and 16.
MIN_SCORE = 0.22
# Same-metric links per target: the best target of the metric in each of this many other plans.
SAME_METRIC_PLANS = 5

TASK_TABLE = "similar_tasks"
TARGET_TABLE = "similar_targets"
TASK_COLUMNS = ("task_id", "similar_id", "rank", "score", "plan_id", "similar_plan_id")
TARGET_COLUMNS = ("indicator_id", "similar_id", "rank", "score", "same_metric", "plan_id", "similar_plan_id")


class Source:
    """Where the items of one kind are read from, and the search-index columns their words come from."""

    def __init__(self, kind: str, table: str, key: str, columns_indexed: tuple[str, ...], canonical: str,
                 where: str, stored: Callable[[dict], bool], result: str, result_key: str, columns: tuple[str, ...]):
        self.kind, self.table, self.key, self.indexed, self.canonical = kind, table, key, columns_indexed, canonical
        self.where, self.stored = where, stored
        self.result, self.result_key, self.columns = result, result_key, columns

    def rows(self, db: sqlite_utils.Database, plan_ids: list[str] | None = None) -> list[tuple]:
        """(id, plan_id, words, canonical) of every item, or of the plans `plan_ids` only
        (read through the plan indexes).

        The words are those the worker stored for each plan (`extract.analysis.words`);
        the items of a plan without them (rows written by hand) are cut again with the
        index's own segmentation, which gives the same words."""
        scopes = [("", [])] if plan_ids is None else [(f" and plan_id in ({marks(chunk)})", chunk)
                                                      for chunk in id_chunks(plan_ids)]
        has_words = db[WORDS_TABLE].exists()
        words: dict[str, str] = {}
        found: list[tuple] = []
        for clause, params in scopes:
            if has_words:
                for (blob,) in db.execute(f"select words from [{WORDS_TABLE}] where kind = ?{clause}",
                                          [self.kind, *params]):
                    words.update(unpack(blob))
            found += db.execute(f"select [{self.key}], plan_id, {self.canonical} from [{self.table}] "
                                f"where ({self.where}){clause}", params).fetchall()
        missing = sorted({i for i, _, _ in found if i not in words})
        columns = ", ".join(f"[{c}]" for c in self.indexed)
        for chunk in id_chunks(missing):
            for i, *values in db.execute(f"select [{self.key}], {columns} from [{self.table}] "
                                         f"where [{self.key}] in ({marks(chunk)})", chunk):
                words[i] = item_words(values)
        return [(i, p, words[i], c) for i, p, c in found]

    def words(self, values) -> str:
        """The indexed tokens of one item's columns, in order, as FTS5 keeps them."""
        return indexed_tokens(values)

    def stored_words(self, rows: list[dict]) -> list[tuple[str, str]]:
        """(id, words) of the rows of one document that are compared (made in its worker)."""
        return [(r[self.key], item_words(r[c] for c in self.indexed)) for r in rows if self.stored(r)]


SOURCES = {
    "tasks": Source("tasks", "tasks", "task_id", ("title", "text"), "null", "1", lambda row: True,
                    TASK_TABLE, "task_id", TASK_COLUMNS),
    "targets": Source("targets", "indicators", "indicator_id", ("metric", "quote"), "canonical", "same_as is null",
                      lambda row: row["same_as"] is None, TARGET_TABLE, "indicator_id", TARGET_COLUMNS),
}


def similarity_word_rows(plan_id: str, tables: dict[str, list[dict]]) -> list[dict]:
    """The `similarity_words` rows of one document: a blob of its items' words per kind."""
    out = []
    for kind, source in SOURCES.items():
        items = source.stored_words(tables.get(source.table, []))
        if items:
            out.append({"plan_id": plan_id, "kind": kind, "words": pack(items)})
    return out


# The neighbours of one task or target as pages show them, best first: the
# other item, its plan, its text and score (`:id` is the task or target id).
NEIGHBOURS_SQL = {
    "tasks": """
select s.rank, s.score, 0 as same_metric, s.similar_id as other_id, s.similar_plan_id as plan_id,
       coalesce(p.label, p.title) as plan_label, p.title as plan_title, p.county,
       t.title, t.text, 'task' as anchor
from similar_tasks s join tasks t on t.task_id = s.similar_id join plans p on p.plan_id = s.similar_plan_id
where s.task_id = :id order by s.rank""",
    "targets": """
select s.rank, s.score, s.same_metric, s.similar_id as other_id, s.similar_plan_id as plan_id,
       coalesce(p.label, p.title) as plan_label, p.title as plan_title, p.county,
       i.metric as title, i.quote as text, 'target' as anchor,
       i.comparator, i.value, i.value_max, i.unit, i.year, i.canonical
from similar_targets s join indicators i on i.indicator_id = s.similar_id join plans p on p.plan_id = s.similar_plan_id
where s.indicator_id = :id order by s.rank""",
}


def load_items(db: sqlite_utils.Database, kind: str) -> Items:
    """The tasks (kind 'tasks') or targets ('targets') of the database as vectors."""
    return make_items(SOURCES[kind].rows(db))


def ranked_vectors(scores: np.ndarray, min_score: float) -> list[int]:
    """Vectors scoring at least min_score, best first, ties by vector number."""
    candidates = np.flatnonzero(scores >= min_score)
    return candidates[np.lexsort((candidates, -scores[candidates]))].tolist()


def best_items(items: Items, members: list[list[int]], scores: np.ndarray, ranked: list[int], q: int,
               k: int) -> list[tuple[int, float]]:
    """The k best items of other plans than item q's, walking the ranked vectors.

    Every item of a vector shares its score, so a vector gives at most its k
    first items of other plans; the walk goes on through the vectors tied
    with the k-th item found, so that ties fall to the lower item number.
    """
    plan, plans = items.plans[q], items.plans
    found: list[tuple[float, int]] = []
    threshold = None
    for v in ranked:
        score = float(scores[v])
        if threshold is not None and score < threshold:
            break
        taken = 0
        for item in members[v]:
            if plans[item] != plan:
                found.append((-score, item))
                taken += 1
                if taken == k:
                    break
        if threshold is None and len(found) >= k:
            threshold = score
    found.sort()
    return [(item, -negative) for negative, item in found[:k]]


class Reach:
    """For each vector, the best (score, item) any query reaches on it: which lists the queries could enter.

    Ties go to the lower item number, as in the lists themselves; `item` is
    -1 where no query scored.
    """

    def __init__(self, n_vectors: int):
        self.score = np.full(n_vectors, -1.0)
        self.item = np.full(n_vectors, -1, dtype=np.int64)

    def record(self, scores: np.ndarray, first_items: np.ndarray) -> None:
        """Scores of a block of query vectors with every vector; `first_items`: each query vector's lowest query item."""
        best = scores.max(axis=0)
        item = np.where(scores == best, first_items[:, None], np.iinfo(np.int64).max).min(axis=0)
        better = (best > self.score) | ((best == self.score) & (item < self.item))
        self.score[better] = best[better]
        self.item[better] = item[better]


def nearest(items: Items, queries: Iterable[int], k: int = TOP_K, min_score: float = MIN_SCORE,
            reach: Reach | None = None) -> dict[int, list[tuple[int, float]]]:
    """item -> its k best items of other plans scoring at least min_score, as (item, score), best first."""
    queries = sorted(set(queries))
    out: dict[int, list[tuple[int, float]]] = {q: [] for q in queries}
    if not queries or items.n_vectors == 0:
        return out
    postings = Postings(items)
    members: list[list[int]] = [[] for _ in range(items.n_vectors)]
    for item, v in enumerate(items.vector.tolist()):
        members[v].append(item)
    by_vector: dict[int, list[int]] = {}
    for q in queries:
        by_vector.setdefault(int(items.vector[q]), []).append(q)
    for block in blocks(items, postings, np.array(sorted(by_vector), dtype=np.int64)):
        scores = score_block(items, postings, block)
        if reach is not None:
            reach.record(scores, np.array([by_vector[v][0] for v in block.tolist()], dtype=np.int64))
        for row, v in enumerate(block.tolist()):
            ranked = ranked_vectors(scores[row], min_score)
            for q in by_vector[v]:
                out[q] = best_items(items, members, scores[row], ranked, q, k)
    return out


def same_metric(items: Items, queries: Iterable[int], plans: int = SAME_METRIC_PLANS
                ) -> dict[int, list[tuple[int, float]]]:
    """target -> the best target of its canonical metric in each other plan, up to `plans` plans, best first.

    Only targets with a canonical metric get links; the score is their
    cosine, however low; ties go to the lower item number. For each
    distinct vector of a metric's targets the plans are ranked once (by
    their best target), and each target takes the first of that ranking
    that are not its own plan.
    """
    groups: dict[str, list[int]] = {}
    for i, metric in enumerate(items.canonical):
        if metric:
            groups.setdefault(metric, []).append(i)
    asked: dict[str, list[int]] = {}
    for q in sorted(set(queries)):
        if items.canonical[q]:
            asked.setdefault(items.canonical[q], []).append(q)
    out: dict[int, list[tuple[int, float]]] = {}
    for metric, targets in sorted(asked.items()):
        group = np.array(groups[metric], dtype=np.int64)           # item numbers, ascending
        by_plan = np.lexsort((group, items.plans[group]))           # group positions by plan, then item
        segment = np.flatnonzero(np.r_[True, np.diff(items.plans[group][by_plan]) != 0])
        segment_plan = items.plans[group][by_plan][segment]
        vectors, position = np.unique(items.vector[group], return_inverse=True)
        dense = dense_rows(items, vectors)
        wanted = np.unique(np.searchsorted(vectors, items.vector[np.array(targets)]))
        rank_of: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for chunk in np.array_split(wanted, max(1, len(wanted) * len(group) // BLOCK_CELLS + 1)):
            scores = np.round(dense[chunk] @ dense.T, SCORE_DECIMALS)[:, position][:, by_plan]
            best = np.maximum.reduceat(scores, segment, axis=1)
            # the first (lowest-numbered) target of each plan reaching its plan's best
            hits = scores == np.repeat(best, np.diff(np.r_[segment, len(group)]), axis=1)
            first = np.minimum.reduceat(np.where(hits, np.arange(len(group)), len(group)), segment, axis=1)
            chosen = group[by_plan][first]
            order = _rank_rows(best, chosen)
            for row, v in enumerate(chunk.tolist()):
                rank_of[v] = (segment_plan[order[row]], chosen[row][order[row]], best[row][order[row]])
        for q in targets:
            ranked_plans, ranked_items, ranked_scores = rank_of[int(np.searchsorted(vectors, items.vector[q]))]
            keep = ranked_plans[:plans + 1] != items.plans[q]
            out[q] = list(zip(ranked_items[:plans + 1][keep][:plans].tolist(),
                              ranked_scores[:plans + 1][keep][:plans].tolist()))
    return out


def _rank_rows(scores: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Per row, the column order by score descending, then item ascending."""
    ticks = np.rint(scores * 10 ** SCORE_DECIMALS).astype(np.int64)
    return np.argsort((ticks.max() + 1 - ticks) * (int(items.max()) + 1) + items, axis=1, kind="stable")


def task_rows(items: Items, found: dict[int, list[tuple[int, float]]]) -> list[tuple]:
    """Rows of `similar_tasks` (TASK_COLUMNS) for the items of `found`."""
    ids, plans = items.ids, items.plan_names
    return [(ids[q], ids[item], rank, score, plans[q], plans[item])
            for q in sorted(found) for rank, (item, score) in enumerate(found[q], 1)]


def target_rows(items: Items, found: dict[int, list[tuple[int, float]]],
                metric: dict[int, list[tuple[int, float]]]) -> list[tuple]:
    """Rows of `similar_targets` (TARGET_COLUMNS): same-metric links first (best first), then the other similar targets."""
    ids, plans = items.ids, items.plan_names
    rows = []
    for q in sorted(found):
        canonical = items.canonical[q]
        linked = metric.get(q, [])
        seen = {item for item, _ in linked}
        listed = [(item, score, 1) for item, score in linked]
        listed += [(item, score, int(bool(canonical) and items.canonical[item] == canonical))
                   for item, score in found[q] if item not in seen]
        rows += [(ids[q], ids[item], rank, score, same, plans[q], plans[item])
                 for rank, (item, score, same) in enumerate(listed, 1)]
    return rows


def similar_rows(items: Items, kind: str, queries: list[int],
                 found: dict[int, list[tuple[int, float]]] | None = None) -> list[tuple]:
    """The rows of `similar_tasks` or `similar_targets` for some items (their neighbours found if not given)."""
    found = nearest(items, queries) if found is None else found
    if kind == "tasks":
        return task_rows(items, found)
    return target_rows(items, found, same_metric(items, queries))


def similar_tables(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    """The rows of `similar_tasks` and `similar_targets`: the neighbours of every task and target."""
    out = {}
    for kind, source in SOURCES.items():
        items = load_items(db, kind)
        out[source.result] = similar_rows(items, kind, list(range(len(items.ids))))
    return out


# Replaces both tables' rows; a build with a core to spare computes them aside (extract.storage.aside).
save_similar = ComputedTables({source.result: source.columns for source in SOURCES.values()}, similar_tables)


def pointing_into(db: sqlite_utils.Database, source: Source, changed: set[str]) -> set[str]:
    """The items whose stored list names an item of a changed plan."""
    return {r[0] for chunk in id_chunks(sorted(changed)) for r in db.execute(
        f"SELECT DISTINCT [{source.result_key}] FROM [{source.result}] WHERE similar_plan_id IN ({marks(chunk)})", chunk)}


def beaten_lists(db: sqlite_utils.Database, source: Source, bars: list[tuple[str, float, str]]) -> set[str]:
    """Of (item, score, other id) triples, the items whose stored list that other item would enter.

    The cosine neighbours of a stored list are its rows scoring at least
    MIN_SCORE (same-metric links that good are among them), ordered as
    `nearest` orders them: score, then the lower id. The other item enters
    when fewer than TOP_K of them rank at or above it. SQLite counts them,
    reading each list through the table's key: a Python pass over every
    stored row cost a second at 1,000 plans.
    """
    key, table = source.result_key, source.result
    db.execute("CREATE TEMP TABLE IF NOT EXISTS list_bars (item_id TEXT PRIMARY KEY, score REAL, other TEXT)")
    db.execute("DELETE FROM list_bars")
    db.conn.executemany("INSERT INTO list_bars VALUES (?, ?, ?)", bars)
    beaten = {r[0] for r in db.execute(
        f"SELECT b.item_id FROM list_bars b WHERE (SELECT count(*) FROM [{table}] s WHERE s.[{key}] = b.item_id "
        f"AND s.score >= ? AND (s.score > b.score OR (s.score = b.score AND s.similar_id <= b.other))) < ?",
        (MIN_SCORE, TOP_K))}
    db.execute("DROP TABLE list_bars")
    return beaten


def read_lists(db: sqlite_utils.Database, source: Source, item_ids: list[str]) -> dict[str, list[tuple]]:
    """The stored rows (in `source.columns` order, by rank) of some items."""
    columns = ", ".join(f"[{c}]" for c in source.columns)
    key_at = source.columns.index(source.result_key)
    lists: dict[str, list[tuple]] = {}
    for chunk in id_chunks(item_ids):
        for row in db.execute(f"SELECT {columns} FROM [{source.result}] WHERE [{source.result_key}] IN "
                              f"({marks(chunk)}) ORDER BY [{source.result_key}], rank", chunk):
            lists.setdefault(row[key_at], []).append(row)
    return lists


def linking_into(items: Items, metric: dict[int, list[tuple[int, float]]], linked: list[int],
                 changed: set[str]) -> list[int]:
    """Of the targets `linked`, whose stored rows name no changed plan, those whose same-metric
    links (`metric`) now name one: only their rows can differ.

    The others' links, before and now, are the best targets of the metric among
    the same unchanged plans, with the same scores: their rows stand, and are
    neither read nor made again (8,000 targets of one changed plan's metrics at
    1,000 plans, 0.3 s).
    """
    plan_of = items.plan_names
    return [u for u in linked if any(plan_of[item] in changed for item, _ in metric.get(u, ()))]


def update_similar(db: sqlite_utils.Database, changed_plan_ids: Iterable[str],
                   ahead: ItemsAhead | None = None) -> dict[str, dict[str, int]]:
    """After the plans `changed_plan_ids` were added, replaced or removed, bring both tables up to date.

    Guarantee: the tables then hold exactly the rows `save_similar` would
    write. A score depends on its two texts alone, so an item of an unchanged
    plan keeps its neighbours unless one of them was in a changed plan, or an
    item of a changed plan now beats its k-th neighbour (score, then the lower
    id): only those lists are searched again, besides the changed plans' own.
    A target's same-metric links are recomputed for every metric a changed
    plan states (cheap: one matrix product per metric) and its rows rewritten
    where they differ. Returns how many lists were searched again and how
    many rewritten, per kind. `ahead`: the unchanged plans' items, loaded while the workers
    extracted (extract.analysis.similarity_ahead).
    """
    changed = set(changed_plan_ids)
    counts = {}
    for kind, source in SOURCES.items():
        items = load_items(db, kind) if ahead is None else ahead.now(db, kind, changed)
        ids = items.ids
        index = {item_id: i for i, item_id in enumerate(ids)}
        in_changed = [u for u, plan in enumerate(items.plan_names) if plan in changed]
        reach = Reach(items.n_vectors)
        found = nearest(items, in_changed, reach=reach)
        # An unchanged item's list is searched again when it points into a changed plan, or when a
        # changed item now reaches it: scores at least MIN_SCORE and beats its k-th neighbour (or it
        # has fewer than k).
        score, by = reach.score[items.vector], reach.item[items.vector]
        reached = (score >= MIN_SCORE) & (by >= 0)
        reached[in_changed] = False
        stale = {index[i] for i in beaten_lists(db, source, [(ids[u], float(score[u]), ids[by[u]])
                                                             for u in np.flatnonzero(reached).tolist()])}
        pointing = pointing_into(db, source, changed)
        stale |= {index[i] for i in pointing if i in index and items.plan_of(index[i]) not in changed}
        stale = sorted(stale)
        found |= nearest(items, stale)
        rewrite = sorted(set(in_changed) | set(stale))
        if kind == "tasks":
            rows = task_rows(items, {u: found[u] for u in rewrite})
        else:
            # same-metric links may have changed for every target of a metric a changed plan states:
            # their lists are recomputed from the stored cosine neighbours and rewritten where they differ
            metrics = {items.canonical[i] for i in in_changed if items.canonical[i]}
            skip = set(rewrite)
            linked = [u for u in range(len(ids)) if items.canonical[u] in metrics and u not in skip] if metrics else []
            metric = same_metric(items, rewrite + linked)
            linked = linking_into(items, metric, linked, changed)
            old = read_lists(db, source, [ids[u] for u in linked])
            score_at, similar_at = source.columns.index("score"), source.columns.index("similar_id")
            kept = {u: [(index[r[similar_at]], r[score_at]) for r in
                        sorted(old.get(ids[u], []), key=lambda r: (-r[score_at], index[r[similar_at]]))
                        if r[score_at] >= MIN_SCORE][:TOP_K] for u in linked}
            rows = target_rows(items, {u: found[u] for u in rewrite}, metric)
            for u in linked:
                new = target_rows(items, {u: kept[u]}, metric)
                if new != [tuple(r) for r in old.get(ids[u], [])]:
                    rewrite.append(u)
                    rows += new
        db.conn.executemany(f"DELETE FROM [{source.result}] WHERE plan_id = ?", [(p,) for p in sorted(changed)])
        db.conn.executemany(f"DELETE FROM [{source.result}] WHERE [{source.result_key}] = ?",
                            [(ids[u],) for u in rewrite])
        insert_tuples(db, source.result, source.columns, rows)
        counts[kind] = {"searched": len(in_changed) + len(stale), "rewritten": len(rewrite)}
    return counts
