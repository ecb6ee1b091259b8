"""Similar tasks and targets across plans (extract/analysis/vectors.py, similarity.py)."""
from __future__ import annotations

import math
import shutil

import numpy as np
import pytest
import sqlite_utils
from hypothesis import given, settings, strategies as st

from extract.analysis import similarity, vectors
from extract.analysis import words as similarity_words
from extract.analysis.similarity import MIN_SCORE, TOP_K
from extract.storage.search_index import (SEARCH_COLUMNS, delete_search_rows, insert_search_rows, search_row,
                                         segment_for_search)


@pytest.mark.parametrize("segmented, expected", [
    # h03 嘉定 sponge city: the task's place and its responsible unit are not what it promises
    ("1 强化 规划 管控 嘉定 嘉定区 海绵 城市 责任 单位 建设 管理 区建设管理委",
     ["强化", "规划", "管控", "海绵", "城市"]),
    # search mode prints a unit's shorter words before it: they go with it
    ("落实 达标 要求 责任 单位 水务 水务局 区水务局", ["落实", "达标", "要求"]),
    # ... but a word before a unit that is not part of its name stays
    ("建设 社区 食堂 民政 区民政局", ["建设", "社区", "食堂"]),
    # 000 崇明: years and figures are dropped, the words around them kept
    ("到 2024 年 全区 养老 床位 总量 不少 于 9888 张", ["养老", "床位", "总量", "张"]),
    # e03 北京: Latin-script words carry no CJK character
    ("探索 FSD ASD 等 单车 智能 技术", ["探索", "单车", "智能", "技术"]),
    ("（ 牵头 单位 ： 区民政局 ， 责任 单位 ： 区财政局 ）", []),
])
def test_compared_tokens(segmented, expected):
    assert vectors.compared_tokens(segmented) == expected


def test_weights_have_unit_length_and_favour_rare_words():
    w = vectors.weigh(["推进", "海绵", "海绵", "城市"])
    assert math.isclose(sum(v * v for v in w.values()), 1.0)
    assert w["海绵"] > w["城市"] > w["推进"] * 0.5
    assert vectors.weigh([]) == {}


def test_stopword_file_rejects_two_words_on_a_line(tmp_path):
    path = tmp_path / "stop.txt"
    path.write_text("# comment\n责任\n牵头 单位\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"stop.txt:3: one word a line"):
        vectors.load_stopwords(path)


def items_of(texts: list[tuple[str, str, str | None]]):
    """(plan, text, canonical) in order -> Items with ids i00, i01, ..."""
    return vectors.make_items((f"i{n:02d}", plan, segment_for_search(text), canonical)
                              for n, (plan, text, canonical) in enumerate(texts))


def cosine(items, i: int, j: int) -> float:
    def dense(v):
        return {int(t): w for t, w in zip(items.terms[items.indptr[v]:items.indptr[v + 1]],
                                          items.values[items.indptr[v]:items.indptr[v + 1]])}
    a, b = dense(items.vector[i]), dense(items.vector[j])
    return sum(w * b.get(t, 0.0) for t, w in a.items())


SPONGE = [
    ("a", "推进海绵城市建设规划修编，落实海绵城市建设达标要求。", None),
    ("b", "组织修编海绵城市建设规划，分解落实海绵城市建设控制指标。", None),
    ("b", "完善养老护理员稳岗措施，实施养老服务人才培训专项行动。", None),
    ("c", "推进海绵城市建设规划修编，落实海绵城市建设达标要求。（责任单位：区水务局）", None),
    ("a", "加强老年教育学习点建设。", None),
]


def test_neighbours_come_from_other_plans_best_first():
    items = items_of(SPONGE)
    found = similarity.nearest(items, range(len(SPONGE)))
    # the same sentence in plan c (its unit list ignored) scores 1, the other sponge-city task next
    assert [(items.ids[i], s) for i, s in found[0]][:2] == [("i03", 1.0), ("i01", round(cosine(items, 0, 1), 4))]
    for q, neighbours in found.items():
        assert len(neighbours) <= TOP_K
        assert all(items.plans[i] != items.plans[q] and s >= MIN_SCORE for i, s in neighbours)
        assert [s for _, s in neighbours] == sorted((s for _, s in neighbours), reverse=True)
    assert all(items.ids[i] != "i02" for i, _ in found[0])  # elderly-care training is not sponge city


def test_ties_fall_to_the_lower_id():
    texts = [("p", "建设社区长者食堂", None)] + [(f"q{n}", "建设社区长者食堂", None) for n in range(8)]
    items = items_of(texts)
    found = similarity.nearest(items, [3])
    assert [items.ids[i] for i, _ in found[3]] == ["i00", "i01", "i02", "i04", "i05"]


def test_same_metric_targets_always_link():
    texts = [("a", "护理型床位占比不低于60%", "nursing_bed_share"),
             ("b", "养老机构护理型床位比例达到65%", "nursing_bed_share"),
             ("b", "认知障碍照护床位占比", "nursing_bed_share"),
             ("c", "全区养老床位总量不少于9888张", "elderly_beds_total"),
             ("d", "社区嵌入式服务设施覆盖率", "nursing_bed_share")]
    items = items_of(texts)
    linked = similarity.same_metric(items, range(len(texts)))
    # one link per other plan, the plan's best; even a target sharing no word with it (d)
    assert [items.ids[i] for i, _ in linked[0]][:1] in (["i01"], ["i02"])
    assert {items.plan_of(i) for i, _ in linked[0]} == {"b", "d"}
    assert linked[3] == []
    rows = [dict(zip(similarity.TARGET_COLUMNS, r))
            for r in similarity.target_rows(items, similarity.nearest(items, range(len(texts))), linked)]
    first = [r for r in rows if r["indicator_id"] == "i00"]
    assert first[0]["same_metric"] == 1 and first[0]["rank"] == 1
    assert {r["similar_id"] for r in first if r["same_metric"]} >= {"i04"}


words = st.sampled_from(["养老", "床位", "海绵", "城市", "建设", "规划", "推进", "人才", "消费", "房地产"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.lists(words, min_size=0, max_size=6)), min_size=1,
                max_size=25))
def test_sparse_scores_equal_dense_cosines(rows):
    items = vectors.make_items((f"i{n:02d}", plan, " ".join(ws), None) for n, (plan, ws) in enumerate(rows))
    postings = vectors.Postings(items)
    all_vectors = np.arange(items.n_vectors)
    scores = np.vstack([vectors.score_block(items, postings, block)
                        for block in vectors.blocks(items, postings, all_vectors)]) if items.n_vectors else None
    for i in range(len(rows)):
        for j in range(len(rows)):
            assert scores[items.vector[i], items.vector[j]] == pytest.approx(cosine(items, i, j), abs=1e-4)


def test_blocks_split_large_queries(monkeypatch):
    items = items_of(SPONGE)
    postings = vectors.Postings(items)
    monkeypatch.setattr(vectors, "BLOCK_CELLS", 1)
    pieces = list(vectors.blocks(items, postings, np.arange(items.n_vectors)))
    assert [len(b) for b in pieces] == [1] * items.n_vectors


def test_seed_tables(seed_db):
    db = sqlite_utils.Database(seed_db)
    assert db.execute("select count(*) from similar_tasks where plan_id = similar_plan_id").fetchone()[0] == 0
    top, low = db.execute("select max(rank), min(score) from similar_tasks").fetchone()
    assert top == TOP_K and low >= MIN_SCORE
    # both Chongming plans promise a "15-minute elderly-care circle"; each finds the other
    pair = db.execute("""
        select s.score from similar_tasks s join tasks a on a.task_id = s.task_id join tasks b on b.task_id = s.similar_id
        where a.text like '%15分钟养老服务圈%' and b.text like '%15分钟养老服务圈%' and s.rank = 1""").fetchall()
    assert pair
    # every nursing-bed-share target links to the nursing-bed share of every other plan stating it
    share = {r[0]: r[1] for r in db.execute(
        "select indicator_id, plan_id from indicators where canonical = 'nursing_bed_share' and same_as is null")}
    for target, plan in share.items():
        linked = {r[0] for r in db.execute("select similar_plan_id from similar_targets "
                                           "where indicator_id = ? and same_metric = 1", [target])}
        assert linked == set(share.values()) - {plan}


def test_update_similar_leaves_the_rows_of_a_full_run(seed_db, tmp_path):
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    plans = [r[0] for r in db.execute("select plan_id from plans order by plan_id")]
    removed, edited = plans[0], plans[3]
    with db.conn:
        for table in ("tasks", "indicators"):
            delete_search_rows(db.conn, table, "plan_id = ?", (removed,))   # the index is contentless
            db.execute(f"delete from {table} where plan_id = ?", [removed])
        rowid = db.execute("select rowid from tasks where plan_id = ? order by rowid limit 1", [edited]).fetchone()[0]
        delete_search_rows(db.conn, "tasks", "rowid = ?", (rowid,))
        db.execute("update tasks set text = ? where rowid = ?", ["推进海绵城市建设规划修编，建设社区长者食堂", rowid])
        reindex(db, "tasks", "rowid = ?", (rowid,))
        db.execute("update indicators set canonical = 'nursing_bed_share' where rowid = "
                   "(select min(rowid) from indicators where plan_id = ? and same_as is null)", [edited])
        counts = similarity.update_similar(db, [removed, edited])
    assert 0 < counts["tasks"]["searched"] < db["tasks"].count
    assert_same_as_full_run(db)


def test_update_similar_links_a_target_to_the_first_other_statement_of_its_metric(seed_db, tmp_path):
    """A target with no list at all gains a same-metric link when a changed plan first states its
    metric in other words (no cosine reach: only the metric links them)."""
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    lonely = db.execute("select indicator_id, plan_id from indicators where same_as is null and indicator_id not in "
                        "(select indicator_id from similar_targets) order by indicator_id limit 1").fetchone()
    assert lonely, "the seed corpus has a target without neighbours"
    metric = "metric_no_plan_states"
    other = db.execute("select plan_id from plans where plan_id != ? order by plan_id limit 1", [lonely[1]]).fetchone()[0]
    with db.conn:
        db.execute("update indicators set canonical = ? where indicator_id = ?", [metric, lonely[0]])
        db.execute("update indicators set canonical = ? where indicator_id = (select min(indicator_id) from "
                   "indicators where plan_id = ? and same_as is null)", [metric, other])
        similarity.update_similar(db, [other])
    assert db.execute("select count(*) from similar_targets where indicator_id = ? and same_metric = 1",
                      [lonely[0]]).fetchone()[0] == 1
    assert_same_as_full_run(db)


def reindex(db, table: str, where: str, params: tuple) -> None:
    """Index rows of `table` as a build does (the index is contentless: it is given what to index)."""
    columns = SEARCH_COLUMNS[table]
    found = db.execute(f"select rowid, {', '.join(columns)} from {table} where {where}", params).fetchall()
    insert_search_rows(db.conn, table, [r[0] for r in found], [search_row(dict(zip(columns, r[1:])), columns) for r in found])


def assert_same_as_full_run(db):
    incremental = {t: sorted(db.execute(f"select * from {t}").fetchall()) for t in ("similar_tasks", "similar_targets")}
    with db.conn:
        similarity.save_similar(db)
    for table, rows in incremental.items():
        assert rows == sorted(db.execute(f"select * from {table}").fetchall()), table


def test_update_similar_when_a_plan_repeats_another(seed_db, tmp_path):
    """A template reissued by another district: every task ties at 1.0 with its twin, ties fall by id."""
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    source = db.execute("select p.plan_id from plans p join documents d on d.doc_id = p.doc_id "
                        "where d.file_name like '002_%'").fetchone()[0]
    with db.conn:
        db.execute("insert into documents (doc_id, file_name, source_sha256, format, encoding, n_chars, text) "
                   "select 'copy' || doc_id, 'copy.txt', source_sha256, format, encoding, n_chars, text "
                   "from documents where doc_id = (select doc_id from plans where plan_id = ?)", [source])
        db.execute("insert into plans (plan_id, doc_id, title) select 'copy', 'copy' || doc_id, title from plans "
                   "where plan_id = ?", [source])
        for table, key in (("tasks", "task_id"), ("indicators", "indicator_id")):
            columns = [r[1] for r in db.execute(f"pragma table_info({table})") if r[1] not in (key, "plan_id")]
            names = ", ".join(columns)
            # ids of the copy sort before and after the originals, so ties go both ways
            db.execute(f"insert into {table} ({key}, plan_id, {names}) select "
                       f"case when {key} < '8' then '0' else 'z' end || {key}, 'copy', {names} "
                       f"from {table} where plan_id = ?", [source])
            reindex(db, table, "plan_id = 'copy'", ())
        counts = similarity.update_similar(db, ["copy"])
    tasks = db.execute("select count(*) from tasks where plan_id = 'copy'").fetchone()[0]
    assert counts["tasks"]["searched"] >= tasks
    assert db.execute("select count(*) from similar_tasks where similar_plan_id = 'copy' and score = 1.0").fetchone()[0]
    assert_same_as_full_run(db)


@pytest.mark.parametrize("values, expected", [
    (["强化规划管控", "嘉定区水务局负责"], "强化 管控 规划"),   # the unit and 负责 say who, not what
    (["护理型床位", None], "床位 护理 护理型床位"),
])
def test_item_words_are_the_sorted_compared_words(values, expected):
    assert similarity_words.item_words(values) == expected
    assert similarity_words.unpack(similarity_words.pack([("t1", expected)])) == [("t1", expected)]


def test_stored_words_equal_words_cut_again(seed_db, tmp_path):
    """What the workers stored is what the similarity step would cut from the tables."""
    path = tmp_path / "kb.db"
    shutil.copy(seed_db, path)
    db = sqlite_utils.Database(path)
    stored = {kind: sorted(source.rows(db)) for kind, source in similarity.SOURCES.items()}
    assert all(stored.values())
    db.execute(f"delete from {similarity_words.TABLE}")
    db.conn.commit()
    assert {kind: sorted(source.rows(db)) for kind, source in similarity.SOURCES.items()} == stored
