"""Similarity's items loaded ahead (extract/analysis/vectors.add_items, similarity_ahead.py): the
unchanged plans' items made while the workers extract, the changed plans' added after, and every
array as `make_items` makes it from all rows at once."""
from __future__ import annotations

import shutil

import numpy as np
import pytest
import sqlite_utils
from hypothesis import given, settings, strategies as st

from extract.analysis import similarity, similarity_ahead, vectors
from extract.analysis import words as similarity_words

# Words with the cases add_items must keep: shared and rare words, a stop word (单位), a unit name
# (区民政局: drops the words before it that are parts of it), a place (崇明), a figure, a Latin word.
WORDS = ["养老", "床位", "海绵", "城市", "建设", "推进", "单位", "民政", "区民政局", "崇明", "2025", "FSD", "护理",
         "食堂", "社区", "规划"]

texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)
rows = st.lists(st.tuples(st.sampled_from("abcdef"), texts, st.sampled_from([None, "bed_share", "sponge"])),
                min_size=0, max_size=30)


def as_items(rows_: list[tuple[str, str, str | None]], start: int = 0) -> list[tuple]:
    """(plan, text, canonical) -> make_items rows, ids hashed so that plans interleave in id order."""
    return [(f"{(n * 7919) % 1000:03d}{n}", plan, text, canonical) for n, (plan, text, canonical) in enumerate(rows_, start)]


def assert_same(a: vectors.Items, b: vectors.Items) -> None:
    assert a.ids == b.ids and a.plan_ids == b.plan_ids and a.canonical == b.canonical
    for name in ("plans", "vector", "indptr", "terms", "values"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    assert a.words == b.words and a.bag_vector == b.bag_vector


@settings(max_examples=300, deadline=None)
@given(rows, st.sets(st.sampled_from("abcdef")))
def test_added_items_are_made_items(all_rows, later_plans):
    """Items made from the plans outside `later_plans`, then those added: make_items of all rows."""
    rows_ = as_items(all_rows)
    before = [r for r in rows_ if r[1] not in later_plans]
    later = [r for r in rows_ if r[1] in later_plans]
    assert_same(vectors.add_items(vectors.make_items(before), later), vectors.make_items(rows_))


def test_an_item_added_twice_is_refused():
    rows_ = as_items([("a", "养老 床位", None), ("b", "海绵 城市", None)])
    with pytest.raises(ValueError, match="there already"):
        vectors.add_items(vectors.make_items(rows_), rows_[:1])


def copy_of(seed_db, tmp_path) -> sqlite_utils.Database:
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    return sqlite_utils.Database(path)


def plan_rows_of(db, plan_id: str) -> dict[str, list]:
    """The rows of one plan that similarity reads, to take out and put back."""
    return {table: db.execute(f"select * from [{table}] where plan_id = ?", [plan_id]).fetchall()
            for table in ("tasks", "indicators", similarity_words.TABLE)}


def put_back(db, rows: dict[str, list]) -> None:
    for table, found in rows.items():
        if found:
            db.conn.executemany(f"insert into [{table}] values ({', '.join('?' * len(found[0]))})", found)


@pytest.mark.parametrize("stored_words", [True, False], ids=["stored words", "words cut again"])
@pytest.mark.parametrize("every", [12, 2], ids=["two plans: added", "half the plans: made again"])
def test_items_loaded_ahead_then_added_are_the_items_loaded_after(seed_db, tmp_path, stored_words, every):
    """Some plans leave (edits and additions, as the build sees them), the items are loaded ahead,
    the plans come back: now() gives load_items' arrays, with the plans' words stored or not."""
    db = copy_of(seed_db, tmp_path)
    plans = [r[0] for r in db.execute("select plan_id from plans order by plan_id")]
    changed = set(plans[1::every])
    taken = {p: plan_rows_of(db, p) for p in sorted(changed)}
    for p in changed:
        for table in taken[p]:
            db.execute(f"delete from [{table}] where plan_id = ?", [p])
    ahead = similarity_ahead.load_ahead(db)
    assert not changed & set(ahead.items["tasks"].plan_ids)
    for p in sorted(changed):
        put_back(db, {t: r for t, r in taken[p].items() if stored_words or t != similarity_words.TABLE})
    for kind in similarity.SOURCES:
        assert_same(ahead.now(db, kind, changed), similarity.load_items(db, kind))


@pytest.mark.parametrize("change", [
    "update tasks set text = '建设社区长者食堂' where task_id = (select min(task_id) from tasks where plan_id = :plan)",
    "delete from tasks where plan_id = :plan",
], ids=["edited", "removed"])
def test_a_changed_plan_loaded_ahead_is_loaded_again(seed_db, tmp_path, change):
    """A plan loaded ahead and changed after (not what a build does): its items are not the ones loaded."""
    db = copy_of(seed_db, tmp_path)
    ahead = similarity_ahead.load_ahead(db)
    plan = db.execute("select plan_id from plans order by plan_id limit 1").fetchone()[0]
    db.execute(change, {"plan": plan})
    db.execute(f"delete from [{similarity_words.TABLE}] where plan_id = ?", [plan])
    now = ahead.now(db, "tasks", {plan})
    assert_same(now, similarity.load_items(db, "tasks"))
    assert now.ids != ahead.items["tasks"].ids or now.bag_vector != ahead.items["tasks"].bag_vector
