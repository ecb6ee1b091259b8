"""The unit network updated after some plans changed (extract/analysis/network_update.py) leaves
the rows of a full run, and computes the corpus's structural figures again only when they can move."""
from __future__ import annotations

import sqlite3

import sqlite_utils
from hypothesis import given, settings, strategies as st

from extract.analysis import network, network_update

UNITS = ["mz", "cz", "wj", "fg", "jy", "gh"]


def database() -> sqlite_utils.Database:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE tasks (task_id TEXT PRIMARY KEY, plan_id TEXT)")
    conn.execute("CREATE TABLE task_units (task_id TEXT, unit_id TEXT, mention TEXT, role TEXT, "
                 "PRIMARY KEY (task_id, mention, role))")
    conn.execute(f"CREATE TABLE unit_network ({', '.join(network.NETWORK_COLUMNS)})")
    conn.execute(f"CREATE TABLE unit_stats ({', '.join(network.STATS_COLUMNS)})")
    return sqlite_utils.Database(conn)


# A task: its members as (unit, mention prefix, leads); a unit may be named twice (区民政局, 民政局).
tasks = st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(["", "区"]), st.booleans()),
                 min_size=1, max_size=4)
plans = st.lists(tasks, max_size=4)


def put_plan(db: sqlite_utils.Database, plan_id: str, plan: list) -> None:
    for t, members in enumerate(plan):
        task_id = f"{plan_id}-{t}"
        db.execute("INSERT INTO tasks VALUES (?, ?)", [task_id, plan_id])
        for unit, prefix, leads in members:
            db.execute("INSERT OR IGNORE INTO task_units VALUES (?, ?, ?, ?)",
                       [task_id, unit, prefix + unit, "lead" if leads else "co"])


def drop_plan(db: sqlite_utils.Database, plan_id: str) -> None:
    db.execute("DELETE FROM task_units WHERE task_id IN (SELECT task_id FROM tasks WHERE plan_id = ?)", [plan_id])
    db.execute("DELETE FROM tasks WHERE plan_id = ?", [plan_id])


def rows(db: sqlite_utils.Database) -> dict[str, list]:
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in ("unit_network", "unit_stats")}


@settings(max_examples=200, deadline=None)
@given(before=st.lists(plans, min_size=1, max_size=5), removed=st.sets(st.integers(0, 4)),
       edited=st.dictionaries(st.integers(0, 4), plans, max_size=2), added=st.lists(plans, max_size=2))
def test_an_update_leaves_the_rows_of_a_full_run(before, removed, edited, added):
    db = database()
    for i, plan in enumerate(before):
        put_plan(db, f"p{i}", plan)
    network.save_unit_network(db)
    changed = []
    for i in sorted(removed | set(edited)):
        if i < len(before):
            drop_plan(db, f"p{i}")
            changed.append(f"p{i}")
            if i in edited and i not in removed:   # the same plan id, other responsibilities
                put_plan(db, f"p{i}", edited[i])
    for j, plan in enumerate(added):
        put_plan(db, f"new{j}", plan)
        changed.append(f"new{j}")
    network_update.update_network(db, changed)
    updated = rows(db)
    network.save_unit_network(db)
    assert updated == rows(db)


def seeded(plan: list) -> sqlite_utils.Database:
    db = database()
    put_plan(db, "p0", plan)
    put_plan(db, "p1", [[("mz", "", True), ("cz", "", False)], [("cz", "", True), ("wj", "", False)]])
    network.save_unit_network(db)
    return db


def counting(monkeypatch) -> dict[str, list[int]]:
    """Record the size of every network whose betweenness and communities are computed."""
    sizes: dict[str, list[int]] = {"betweenness": [], "communities": []}
    for name in sizes:
        real = getattr(network, name)
        monkeypatch.setattr(network, name, lambda n, *rest, real=real, name=name: sizes[name].append(n) or real(n, *rest))
    return sizes


def test_a_plan_replaced_by_one_with_the_same_responsibilities_leaves_the_corpus_figures(monkeypatch):
    plan = [[("mz", "", True), ("fg", "", False)], [("fg", "", True), ("jy", "", False), ("wj", "", False)]]
    db = seeded(plan)   # p0 names 4 units, p1 3, the corpus 5
    drop_plan(db, "p0")
    put_plan(db, "p0-edited", plan)   # the text changed, not who does what
    sizes = counting(monkeypatch)
    network_update.update_network(db, ["p0", "p0-edited"])
    assert sizes == {"betweenness": [4], "communities": [4]}   # the new plan's own network only
    updated = rows(db)
    network.save_unit_network(db)
    assert updated == rows(db)


def test_other_weights_keep_the_betweenness_and_recount_communities(monkeypatch):
    db = seeded([[("mz", "", True), ("cz", "", False)]])   # the corpus: mz, cz, wj
    drop_plan(db, "p0")
    put_plan(db, "p0-edited", [[("mz", "", True), ("cz", "", False)], [("mz", "", False), ("cz", "", False)]])
    sizes = counting(monkeypatch)
    network_update.update_network(db, ["p0", "p0-edited"])
    assert sizes == {"betweenness": [2], "communities": [2, 3]}   # mz–cz weighs 3 now: same paths
    updated = rows(db)
    network.save_unit_network(db)
    assert updated == rows(db)


def test_a_new_unit_recomputes_the_corpus_figures(monkeypatch):
    db = seeded([[("mz", "", True), ("cz", "", False)]])
    put_plan(db, "p2", [[("gh", "", True), ("wj", "", False)]])
    sizes = counting(monkeypatch)
    network_update.update_network(db, ["p2"])
    assert sizes == {"betweenness": [2, 4], "communities": [2, 4]}
    updated = rows(db)
    network.save_unit_network(db)
    assert updated == rows(db)
