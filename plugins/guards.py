"""Datasette plugin: keep the server answering under bad requests and heavy SQL.

- Errors: Datasette 0.65.5 prints every 404 and 500 with `rich` and the
  locals of every frame (300–400 ms of the event loop each, issue 15). The
  error page here is rendered without it, so a 404 costs milliseconds; a
  request Datasette cannot answer because of its parameters (`?_sort=nope`,
  a query over the time limit, a value too big) is a 400 that says why,
  and only real faults are 500s, logged with one plain traceback.
- Read only: the knowledge base is published, never edited through the web;
  any method but GET, HEAD and OPTIONS is a 405 (Datasette 0.65.5 answered
  `POST /kb/tasks` with a 500).
- Arbitrary SQL (`?sql=`, `?_where=`) is open to analysts, one query at a
  time (SQL_LANES): it can never hold the threads the pages need. Past
  SQL_QUEUE waiting queries the answer is 429 with Retry-After.
- Amplifying functions: a value may not grow past what the longest
  stored document needs (value_limit; `replace`, `hex`, `||`,
  `group_concat` fail at once), `zeroblob`/`randomblob` answer NULL past
  BLOB_MAX, and `printf`/`format` answer NULL for a width or precision
  above PRINTF_MAX_WIDTH, as SQLite does past its length limit, but
  without the work: SQLite builds `printf('%.*c', 400000000, 'x')` a
  character at a time in one step that the time limit cannot interrupt
  (1.8 s, 1.4 GB).
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import sys
import threading
import traceback
from pathlib import Path
from urllib.parse import parse_qs

from markupsafe import Markup

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from serving.jinja import compiled  # noqa: E402

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Query-string keys that carry SQL written by the user.
SQL_PARAMS = ("sql", "_where")
# Arbitrary SQL queries run at once; the other threads stay free for pages.
SQL_LANES = 1
# Arbitrary SQL queries allowed to wait for a lane before the answer is 429.
SQL_QUEUE = 8
RETRY_AFTER_SECONDS = 2
# Largest string or blob a query may build or read, in bytes: room for the
# longest document text stored (UTF-8 takes up to 4 bytes a character),
# never less than VALUE_FLOOR. SQLite refuses to read a longer stored value,
# so the limit follows the database; it bounds what one row can hold (a
# query returns at most max_returned_rows of them): `x || x` doubling in a
# recursive query reached 32 MB a row in 25 steps.
VALUE_FLOOR = 1024 * 1024
UTF8_BYTES_PER_CHAR = 4
# zeroblob and randomblob fill memory at memset speed, faster than the time
# limit can see: past this many bytes they answer NULL.
BLOB_MAX = 64 * 1024
# Longest LIKE or GLOB pattern, in bytes (SQLite's default is 50,000).
SQL_MAX_LIKE_PATTERN = 1000
# Widest field printf may pad to: '%10.2f' and '%-20s' are what SQL needs.
PRINTF_MAX_WIDTH = 10_000
# One conversion of SQLite's printf: %[flags][width][.precision][size]type, as in '%-8.*f'.
PRINTF_SPEC = re.compile(r"%([-+ #0,!]*)(\*|\d+)?(?:\.(\*|\d+))?(?:ll|l)?([a-zA-Z%])")
# Datasette raises DatasetteError without a status (500) only for parameters
# it cannot honour: `_sort`/`_sort_desc` on a missing column, both at once,
# a `_through` without its foreign key (0.65.5, views/table.py, filters.py).
PARAMETER_ERROR_STATUS = 400


# --- Errors ---------------------------------------------------------------------------------------

# Datasette's error.html in Datasette's style, without base.html: that runs
# every plugin's menu, CSS and script hooks, a third of what a 404 cost,
# and 8 clients asking for missing pages kept the event loop busy with them.
ERROR_PAGE = """<!DOCTYPE html>
<html><head><title>{% if title %}{{ title }}{% else %}Error {{ status }}{% endif %}</title>
<link rel="stylesheet" href="{{ urls.static('app.css') }}?{{ app_css_hash }}">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no"></head>
<body class="error"><div class="not-footer">
<header><nav><p class="crumbs"><a href="{{ urls.instance() }}">home</a></p></nav></header>
<section class="content"><h1>{% if title %}{{ title }}{% else %}Error {{ status }}{% endif %}</h1>
<div style="padding: 1em; margin: 1em 0; border: 3px solid red;">{{ error }}</div></section>
</div></body></html>"""

def error_status(exception: BaseException) -> tuple[int, str | None, str]:
    """(status, title, message) for an exception: NotFound('x') -> (404, None, 'x')."""
    if isinstance(exception, Base400):
        return exception.status, None, str(exception.args[0] if exception.args else exception)
    if isinstance(exception, DatasetteError):
        status = exception.status if exception.status != 500 else PARAMETER_ERROR_STATUS
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return status, exception.title, message
    if isinstance(exception, QueryInterrupted):
        return 400, "SQL Interrupted", "查询超时 / the query took longer than the time limit"
    if isinstance(exception, sqlite3.DataError):
        return 400, "Invalid SQL", f"{exception}: a value longer than this database allows"
    if isinstance(exception, json.JSONDecodeError):  # ?_through= and other JSON parameters
        return 400, None, f"invalid JSON in a parameter: {exception}"
    return 500, None, str(exception)


async def error_response(datasette, request, exception: BaseException) -> Response:
    status, title, message = error_status(exception)
    if status >= 500:
        traceback.print_exception(exception, file=sys.stderr)
    info = {"ok": False, "error": message, "status": status, "title": title}
    headers = {}
    if datasette.cors:
        add_cors_headers(headers)
    if request.path.split("?")[0].endswith(".json"):
        return Response.json(info, status=status, headers=headers)
    page = await compiled(datasette, ERROR_PAGE).render_async(
        dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash()))
    return Response.html(page, status=status, headers=headers)


@hookimpl(wrapper=True)
def handle_exception(datasette, request, exception):
    # Datasette's own handler (trylast) returns a function that prints the
    # rich traceback when awaited; it is replaced, never awaited.
    yield

    async def respond():
        return await error_response(datasette, request, exception)

    return [respond]


# --- Requests ---------------------------------------------------------------------------------------

async def _send_text(send, status: int, message: str, headers: dict[str, str]) -> None:
    body = message.encode("utf-8")
    raw = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def carries_sql(query_string: bytes) -> bool:
    """carries_sql(b'sql=select+1') -> True; b'_search=x' -> False."""
    keys = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
    return any(k in keys for k in SQL_PARAMS)


class SqlLanes:
    """At most SQL_LANES arbitrary queries at once and SQL_QUEUE waiting; the rest are told to retry."""

    def __init__(self):
        self.semaphore = asyncio.Semaphore(SQL_LANES)
        self.waiting = 0

    def full(self) -> bool:
        return self.semaphore.locked() and self.waiting >= SQL_QUEUE


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        lanes: list[SqlLanes] = []  # made inside the running event loop

        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            if scope["method"] not in READ_METHODS:
                return await _send_text(send, 405, "只读 / this knowledge base is read-only\n",
                                        {"Allow": "GET, HEAD, OPTIONS"})
            if not carries_sql(scope.get("query_string", b"")):
                return await app(scope, receive, send)
            if not lanes:
                lanes.append(SqlLanes())
            lane = lanes[0]
            if lane.full():
                return await _send_text(send, 429, "SQL 查询过多，请稍后再试 / too many SQL queries at once; retry shortly\n",
                                        {"Retry-After": str(RETRY_AFTER_SECONDS)})
            lane.waiting += 1
            try:
                await lane.semaphore.acquire()
            finally:
                lane.waiting -= 1
            try:
                return await app(scope, receive, send)
            finally:
                lane.semaphore.release()

        return guarded

    return wrap


# --- SQL functions ----------------------------------------------------------------------------------

def printf_widths(fmt: str, args: tuple) -> list[int]:
    """Every width and precision a printf call asks for: ('%-8.*f', (2, 3.14)) -> [8, 2]."""
    widths, next_arg = [], 0
    for flags, width, precision, kind in PRINTF_SPEC.findall(fmt):
        if kind == "%":
            continue
        for part in (width, precision):
            if part == "*":
                value = args[next_arg] if next_arg < len(args) else 0
                next_arg += 1
                widths.append(abs(int(value)) if isinstance(value, (int, float)) else 0)
            elif part:
                widths.append(int(part))
        next_arg += 1
    return widths


_plain = threading.local()


def _sqlite_printf(*args):
    """SQLite's own printf, on a private connection (one per thread), once the call is known to be small."""
    conn = getattr(_plain, "conn", None)
    if conn is None:
        conn = _plain.conn = sqlite3.connect(":memory:")
    return conn.execute(f"select printf({', '.join('?' * len(args))})", args).fetchone()[0]


def capped_printf(*args):
    """printf('%5.1f', 2.25) -> '  2.3' (SQLite's own); printf('%.*c', 400000000, 'x') -> NULL.

    NULL is what SQLite itself answers for a printf longer than its length
    limit; here it comes before the work instead of after 1.8 s."""
    if not args or args[0] is None:
        return None
    if any(w > PRINTF_MAX_WIDTH for w in printf_widths(str(args[0]), args[1:])):
        return None
    return _sqlite_printf(*args)


def capped_blob(make):
    """zeroblob or randomblob that answers NULL past BLOB_MAX bytes."""
    def blob(n):
        if not isinstance(n, (int, float)):
            return None
        n = max(int(n), 0)
        return None if n > BLOB_MAX else make(n)
    return blob


def value_limit(conn) -> int:
    """The longest value this database's queries need: 4 bytes for each character of its longest document."""
    try:
        longest = conn.execute("select max(n_chars) from documents").fetchone()[0] or 0
    except sqlite3.Error:  # not the knowledge base (Datasette's _internal)
        longest = 0
    return max(VALUE_FLOOR, UTF8_BYTES_PER_CHAR * longest)


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, value_limit(conn))
    conn.setlimit(sqlite3.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, SQL_MAX_LIKE_PATTERN)
    for name in ("printf", "format"):
        conn.create_function(name, -1, capped_printf)
    conn.create_function("zeroblob", 1, capped_blob(bytes))
    conn.create_function("randomblob", 1, capped_blob(os.urandom))
