"""plugins/guards.py: error pages without rich, 4xx for bad requests, the SQL lane, capped printf (issue 15)."""
from __future__ import annotations

import asyncio
import sqlite3

import pytest
from datasette.plugins import pm

import serving.config

LONG_QUERY = "养老" * 2500
# Runs until the time limit stops it.
ENDLESS_SQL = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"


def get(ds, path, params=None, method="GET"):
    return asyncio.run(ds.client.request(method, path, params=params))


def plugin(name: str):
    """The plugin module Datasette loaded from plugins/ (registered once per process, by file name)."""
    return pm.get_plugin(f"{name}.py")


@pytest.fixture(scope="module")
def ds(kb_db):
    return serving.config.datasette(kb_db)


@pytest.fixture(scope="module")
def guards(ds):
    return plugin("guards")


@pytest.mark.parametrize("method, path, params, status", [
    # missing pages, under /-/ and elsewhere
    ("GET", "/-/nope", None, 404),
    ("GET", "/-/nope.json", None, 404),
    ("GET", "/-/compare/a/b", None, 404),
    ("GET", "/-/compare/no_such_metric", None, 404),
    ("GET", "/-/plan/nope", None, 404),
    ("GET", "/nope", None, 404),
    ("GET", "/kb/nope", None, 404),
    ("GET", "/kb/tasks/nope", None, 404),
    # parameters Datasette cannot honour: 500s in Datasette 0.65.5
    ("GET", "/kb/tasks", {"_sort": "nope"}, 400),
    ("GET", "/kb/tasks", {"_sort_desc": "nope"}, 400),
    ("GET", "/kb/tasks", {"_sort": "title", "_sort_desc": "title"}, 400),
    ("GET", "/kb/tasks", {"_through": "nope"}, 400),
    ("GET", "/kb/tasks", {"_through": '{"table": "x", "column": "y", "value": 1}'}, 400),
    ("GET", "/kb/tasks", {"_size": "abc"}, 400),
    ("GET", "/-/functions", {"page": "abc"}, 400),
    ("GET", "/-/functions", {"page": "999"}, 404),
    # the knowledge base is read only
    ("POST", "/kb/tasks", None, 405),
    ("POST", "/kb/metric_by_district", None, 405),
    ("PUT", "/kb/tasks", None, 405),
    ("DELETE", "/kb", None, 405),
    # search
    ("GET", "/-/search-zh", {"q": LONG_QUERY}, 400),
    # amplifying SQL and the time limit
    ("GET", "/kb.json", {"sql": "with recursive r(s) as (select 'x' union all select s || s from r) "
                                "select length(s) from r"}, 400),
    ("GET", "/kb.json", {"sql": ENDLESS_SQL, "_timelimit": "50"}, 400),
    ("GET", "/kb/tasks.json", {"_where": "length(" + "hex(" * 14 + "text" + ")" * 15 + " > 0"}, 400),
])
def test_bad_requests_are_4xx(ds, method, path, params, status):
    response = get(ds, path, params, method)
    assert response.status_code == status, response.text[:300]


def test_error_pages_never_print_with_rich(ds, monkeypatch, capsys):
    import datasette.handle_exception

    printed = []

    class Rich:
        @staticmethod
        def get_console():
            printed.append(1)
            raise AssertionError("rich was asked to print a traceback")

    monkeypatch.setattr(datasette.handle_exception, "rich", Rich)
    assert get(ds, "/-/nope").status_code == 404
    assert get(ds, "/kb/tasks", {"_sort": "nope"}).status_code == 400
    monkeypatch.setattr(plugin("compare_pages"), "format_number", lambda value: 1 / 0)
    response = get(ds, "/-/compare/nursing_bed_share")
    assert response.status_code == 500
    assert printed == []
    assert "ZeroDivisionError" in capsys.readouterr().err  # a real fault is logged, plainly


@pytest.mark.parametrize("path, kind", [("/-/nope", "text/html"), ("/-/nope.json", "application/json")])
def test_error_pages_keep_datasettes_form(ds, path, kind):
    response = get(ds, path)
    assert response.headers["content-type"].startswith(kind)
    if kind == "application/json":
        assert response.json() == {"ok": False, "error": "Database not found", "status": 404, "title": None}
    else:
        assert "<title>Error 404</title>" in response.text


def test_long_search_says_why(ds):
    response = get(ds, "/-/search-zh", {"q": LONG_QUERY})
    assert "5,000" in response.text and "最多 100 字" in response.text


@pytest.mark.parametrize("sql", ["select printf('%.*c', 400000000, 'x')", "select printf('%.400000000c', 'x')",
                                 "select format('%.*c', 400000000, 'x')", "select printf('%0400000000d', 1)"])
def test_huge_printf_is_null_at_once(ds, sql):
    """NULL, as SQLite answers past its length limit, without building 400 MB first."""
    response = get(ds, "/kb.json", {"sql": sql, "_shape": "array", "_timelimit": "200"})
    assert response.status_code == 200
    assert list(response.json()[0].values()) == [None]


def test_sql_runs_one_lane_and_tells_the_rest_to_retry(ds, guards):
    """SQL_LANES queries run, SQL_QUEUE wait, every further one is a 429 with Retry-After."""
    extra = 3
    n = guards.SQL_LANES + guards.SQL_QUEUE + extra

    async def flood():
        return await asyncio.gather(*(ds.client.get("/kb.json", params={"sql": ENDLESS_SQL, "_timelimit": "30"})
                                      for _ in range(n)))

    responses = asyncio.run(flood())
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [400] * (n - extra) + [429] * extra  # 400: each stopped by its time limit
    refused = next(r for r in responses if r.status_code == 429)
    assert refused.headers["retry-after"] == str(guards.RETRY_AFTER_SECONDS)
    # pages do not queue behind SQL
    assert get(ds, "/kb/plans.json").status_code == 200


@pytest.mark.parametrize("query_string, expected", [
    (b"sql=select+1", True), (b"_where=1", True), (b"_search=x&sql=", True),
    (b"_search=sql", False), (b"", False), (b"unit=%E6%B0%91", False),
])
def test_carries_sql(guards, query_string, expected):
    assert guards.carries_sql(query_string) is expected


@pytest.mark.parametrize("fmt, args, widths", [
    ("%-8.*f", (2, 3.14), [8, 2]),
    ("%%%5d%s", (1, "a"), [5]),
    ("%.*c", (400000000, "x"), [400000000]),
    ("%*s", (-30, "x"), [30]),
    ("%0400000000d", (1,), [400000000]),
    ("%lld %!.20g %,d", (1, 2.5, 3), [20]),
    ("no conversions", (), []),
])
def test_printf_widths(guards, fmt, args, widths):
    assert guards.printf_widths(fmt, args) == widths


@pytest.mark.parametrize("sql", [
    "select printf('%5.1f', 2.25)", "select printf('%d-%s', 3, 'a')", "select format('%-6s|', 'ab')",
    "select printf('%.3s', '养老服务')", "select printf('%x %X %o', 255, 255, 8)", "select printf('%q', 'it''s')",
    "select printf('%,d', 1234567)", "select printf('%*d', 5, 42)", "select printf('%s', null)",
    "select printf(null)", "select printf('%c', 'xyz')", "select printf('%.2e', 12345.678)",
])
def test_capped_printf_answers_as_sqlite_does(guards, sql):
    plain = sqlite3.connect(":memory:")
    capped = sqlite3.connect(":memory:")
    guards.prepare_connection(capped)
    assert capped.execute(sql).fetchone() == plain.execute(sql).fetchone()


@pytest.mark.parametrize("sql", [
    "select length(replace(printf('%.*c', 10000, 'x'), 'x', printf('%.*c', 10000, 'y')))",
    "with recursive r(s) as (select 'x' union all select s || s from r) select length(s) from r",
    "select 'x' like printf('%.*c', 2000, '%')",
])
def test_amplifying_sql_fails_at_once(guards, sql):
    conn = sqlite3.connect(":memory:")
    guards.prepare_connection(conn)
    with pytest.raises(sqlite3.Error):
        conn.execute(sql).fetchall()


@pytest.mark.parametrize("sql, expected", [
    ("select zeroblob(1000000000)", None), ("select randomblob(1000000000)", None),
    ("select length(zeroblob(16))", 16), ("select length(randomblob(16))", 16), ("select zeroblob(-1)", b""),
])
def test_blobs_are_capped(guards, sql, expected):
    conn = sqlite3.connect(":memory:")
    guards.prepare_connection(conn)
    assert conn.execute(sql).fetchone()[0] == expected


def test_value_limit_follows_the_longest_document(guards, kb_db):
    with sqlite3.connect(f"file:{kb_db}?immutable=1", uri=True) as conn:
        longest = conn.execute("select max(n_chars) from documents").fetchone()[0]
        guards.prepare_connection(conn)
        assert conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) == max(guards.VALUE_FLOOR, 4 * longest)
        assert conn.execute("select length(text) from documents order by n_chars desc limit 1").fetchone()[0] == longest
