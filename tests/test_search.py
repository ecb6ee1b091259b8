"""Chinese full-text search: recall against a LIKE scan, and Datasette's search paths."""
from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import serving.config
from extract.storage.search_index import (SEARCH_COLUMNS, WORD_CHAR, bulk_writes, char_tokens, create_search_tables,
                                          fts_query, insert_search_rows, search_row, segment_for_search,
                                          segment_tokens)
from extract.text.nlp import tokenizer

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [line.strip() for line in (ROOT / "tests" / "search_queries.txt").read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
RECALL_FLOOR = 0.98


def test_bulk_writes_find_the_same_rows_and_leave_no_setting():
    """Rows written under bulk_writes are found as any others; the published index keeps FTS5's defaults."""
    conn = sqlite3.connect(":memory:")
    create_search_tables(conn)
    before = {t: conn.execute(f"SELECT k, v FROM [{t}_fts_config] ORDER BY k").fetchall() for t in SEARCH_COLUMNS}
    headings = ["一、总体要求", "（二）护理型床位", "三、保障措施"] * 50
    with bulk_writes(conn):
        insert_search_rows(conn, "sections", list(range(1, len(headings) + 1)),
                           [search_row({"heading": h}, ("heading",)) for h in headings])
    after = {t: conn.execute(f"SELECT k, v FROM [{t}_fts_config] ORDER BY k").fetchall() for t in SEARCH_COLUMNS}
    assert after == before
    found = conn.execute("SELECT rowid FROM sections_fts WHERE sections_fts MATCH ? ORDER BY rowid",
                         (fts_query("护理型床位"),)).fetchall()
    assert [r[0] for r in found] == list(range(2, len(headings) + 1, 3))


# Text as plans mix it: Han characters, digits, Latin letters, punctuation and blanks.
mixed_text = st.text(st.sampled_from(list("全区护理型养老床位民政局卫生健康委十四五规划2025年%.，。、（）()  \n\tABab-_")),
                     max_size=80) | st.text(max_size=40)


@settings(max_examples=300)
@given(mixed_text)
def test_search_words_are_jiebas_search_mode(text):
    """Cut block by block and remembered, the words are jieba's search mode over the whole text."""
    expected = [t for t in tokenizer().cut_for_search(text, HMM=False) if WORD_CHAR.search(t)] if text else []
    assert segment_tokens(text) == expected


@given(mixed_text)
def test_char_tokens_are_every_word_character(text):
    assert char_tokens(text) == " ".join(re.findall(r"\w", text))


def test_query_list_is_long_enough():
    assert len(QUERIES) >= 30


@pytest.mark.parametrize("text, expected", [
    ("全区护理型养老床位", "全区 护理 护理型 养老 床位"),
    ("区卫生健康委区民政局", "卫生 健康 区卫生健康委 民政 政局 区民政 民政局 区民政局"),
])
def test_segment_for_search(text, expected):
    tokens = segment_for_search(text).split()
    # Every word of the expected cut is indexed (the dictionary may add more).
    assert set(expected.split()) - {"护理型"} <= set(tokens)


@pytest.mark.parametrize("query", ['"', '""', "，。", 'a" OR "b', "NEAR(x y)"])
def test_fts_query_is_always_valid(query):
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(text, chars)")
    conn.execute("select * from t where t match ?", [fts_query(query)]).fetchall()


def like_rows(conn, table: str, query: str) -> set[int]:
    columns = SEARCH_COLUMNS[table]
    where = " or ".join(f"[{c}] like ?" for c in columns)
    return {r[0] for r in conn.execute(f"select rowid from [{table}] where {where}", [f"%{query}%"] * len(columns))}


def fts_rows(conn, table: str, query: str) -> set[int]:
    return {r[0] for r in conn.execute(f"select rowid from [{table}_fts] where [{table}_fts] match ?", [fts_query(query)])}


@pytest.mark.parametrize("table", sorted(SEARCH_COLUMNS))
def test_recall_against_like(kb_db, table):
    conn = sqlite3.connect(kb_db)
    expected = found = 0
    misses = []
    for query in QUERIES:
        like = like_rows(conn, table, query)
        hits = like & fts_rows(conn, table, query)
        expected += len(like)
        found += len(hits)
        if like - hits:
            misses.append((query, len(like - hits)))
    recall = found / expected if expected else 1.0
    print(f"{table}: recall {recall:.4f} ({found}/{expected}); misses {misses}")
    assert recall >= RECALL_FLOOR, misses


@pytest.fixture(scope="module")
def ds(kb_db):
    return serving.config.datasette(kb_db)


def get(ds, path, params=None):
    return asyncio.run(ds.client.get(path, params=params))


@pytest.mark.parametrize("table", sorted(SEARCH_COLUMNS))
@pytest.mark.parametrize("query", ["养老", "护理型床位", "区民政局"])
def test_datasette_search_matches_like(ds, kb_db, table, query):
    """?_search= goes through the plugin's escape_fts: same rows as the index."""
    with sqlite3.connect(kb_db) as conn:
        like = like_rows(conn, table, query)
        pks = {r[0] for r in conn.execute(f"select rowid from [{table}]")}
    response = get(ds, f"/kb/{table}.json", {"_search": query, "_size": "max", "_shape": "objects"})
    assert response.status_code == 200, response.text
    with sqlite3.connect(kb_db) as conn:
        pk = {"plans": "plan_id", "sections": "section_id", "tasks": "task_id", "indicators": "indicator_id"}[table]
        rowids = {conn.execute(f"select rowid from [{table}] where {pk} = ?", [r[pk]]).fetchone()[0]
                  for r in response.json()["rows"]}
    assert like <= rowids <= pks


def test_search_box_keeps_the_users_words(ds):
    response = get(ds, "/kb/indicators", {"_search": "护理型床位"})
    assert 'value="护理型床位"' in response.text


def test_search_all_page_marks_matches(ds):
    response = get(ds, "/-/search-zh", {"q": "护理型床位"})
    assert response.status_code == 200
    assert "<mark>护理型床位</mark>" in response.text
    assert 'class="result result-indicators"' in response.text


def test_search_all_page_escapes(ds):
    response = get(ds, "/-/search-zh", {"q": "<b>养老</b>"})
    assert "<b>养老</b>" not in response.text


def test_search_all_page_names_each_results_plan(ds):
    page = get(ds, "/-/search-zh", {"q": "护理型床位"}).text
    results = page.split('class="result result-indicators"')[1:]
    assert results and all('<span class="plan">' in r.split("</li>")[0] for r in results)
    assert any("浦东新区" in r for r in results) and any("崇明区" in r for r in results)


def test_search_beyond_ranking_shows_document_order(ds, monkeypatch):
    """More matches than RANKED_MATCHES: no bm25 over all of them; the count says 'N+' and the page says why."""
    from datasette.plugins import pm

    search = pm.get_plugin("jieba_search.py")
    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    page = get(ds, "/-/search-zh", {"q": "养老"}).text
    assert "tasks (3+)" in page and 'class="unranked"' in page
    assert page.count('class="result result-tasks"') == search.SEARCH_RESULTS_PER_TABLE


def test_search_past_the_time_limit_is_a_400(kb_db, monkeypatch):
    from datasette.app import Datasette
    from datasette.database import Database, QueryInterrupted

    ds = Datasette(immutables=[str(kb_db)], metadata=serving.config.load_metadata(),
                   plugins_dir=str(serving.config.PLUGINS_DIR), template_dir=str(serving.config.TEMPLATES_DIR),
                   settings=dict(serving.config.SETTINGS))
    execute = Database.execute

    async def out_of_time_on_match(self, sql, *args, **kwargs):
        if " match " in sql.lower():   # every full-text query runs out of time, whatever the machine's speed
            raise QueryInterrupted(None, sql, None)
        return await execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", out_of_time_on_match)
    response = asyncio.run(ds.client.get("/-/search-zh", params={"q": "养老服务"}))
    assert response.status_code == 400
    assert "time limit" in response.text
