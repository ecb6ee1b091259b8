"""Datasette plugin: jieba-segmented search and the plan reading page.

- `escape_fts(q)`, the SQL function Datasette wraps around `?_search=` and
  its search box, is replaced (on databases that have our `<table>_fts`
  indexes) by `extract.storage.search_index.fts_query`, so the query is segmented
  with jieba exactly as the index was: 护理型床位 -> ("护理型床位") OR chars : "护 理 型 床 位".
  The same function is available to SQL as `jieba_fts(q)`.
- `/-/search-zh?q=` searches plans, sections, tasks and targets at once,
  the four tables concurrently, matched words marked. A table with at most
  RANKED_MATCHES matches is ranked by bm25 and only the rows shown are
  joined to their table; with more, ranking all of them would cost more
  than the page (bm25 scores every match: 39,000 tasks for 养老服务 at
  1,000 plans), so the first rows in document order are shown, the count
  reads "1,000+" and the page says to add a word. A query longer than
  MAX_QUERY_CHARS or one that runs past the time limit is a 400 that says so.
- `/-/plan/<plan_id>` shows a plan's whole text (escaped), its outline, and
  every task and target highlighted at its offsets with `#task-<id>` and
  `#target-<id>` anchors; task and target cells link there; a focused task
  or target lists its similar items in other plans (extract.analysis).
"""
from __future__ import annotations

import asyncio
import html
import sys
from pathlib import Path
from urllib.parse import quote as urlquote

from markupsafe import Markup

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import NotFound, Response

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.analysis.similarity import NEIGHBOURS_SQL  # noqa: E402
from extract.storage.search_index import CHARS_COLUMN, SEARCH_COLUMNS, fts_query, query_tokens  # noqa: E402
from serving.jinja import compiled  # noqa: E402

# Cells that link to their place on the reading page: (table, column) -> (anchor kind, id column).
SOURCE_CELLS = {
    ("tasks", "text"): ("task", "task_id"),
    ("kb_tasks", "text"): ("task", "task_id"),
    ("indicators", "quote"): ("target", "indicator_id"),
    ("kb_targets", "quote"): ("target", "target_id"),
}
# Canned queries return this column as a path on the reading page.
SOURCE_LINK_COLUMN = "source_link"
READING_PATH = "/-/plan/"
SEARCH_RESULTS_PER_TABLE = 20
# Up to this many matches in a table are counted exactly and ranked by bm25.
RANKED_MATCHES = 1000
# A search box takes words and phrases; a pasted page is refused before any
# work (a 2,000-character query ran 5 s and ended in a 500, issue 15).
MAX_QUERY_CHARS = 100
# Each result names its plan (its short label, 浦东新区 行动方案 2022–2024).
PLAN_LABEL = "result_plan_label"
# Where a search result links, per table; it shows every searched column.
RESULT_ANCHOR = {"plans": None, "sections": ("sec", "section_id"), "tasks": ("task", "task_id"),
                 "indicators": ("target", "indicator_id")}


def reading_url(plan_id: str, kind: str | None = None, ref_id: str | None = None) -> str:
    """reading_url('2c2a', 'target', 'ab12') -> '/-/plan/2c2a?focus=target-ab12#target-ab12'."""
    url = READING_PATH + urlquote(plan_id)
    if kind:
        anchor = f"{kind}-{ref_id}"
        url += f"?focus={urlquote(anchor)}#{urlquote(anchor)}"
    return url


def mark_terms(text: str, terms: list[str]) -> str:
    """Escaped text with every occurrence of a term in <mark>: ('养老床位', ['床位']) -> '养老<mark>床位</mark>'."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    out, i = [], 0
    while i < len(text):
        hit = next((t for t in terms if text.startswith(t, i)), None)
        if hit:
            out.append(f"<mark>{html.escape(hit)}</mark>")
            i += len(hit)
        else:
            out.append(html.escape(text[i]))
            i += 1
    return "".join(out)


def highlight_spans(text: str, tasks: list[dict], targets: list[dict], sections: list[dict], focus: str = "") -> str:
    """The document as escaped HTML, tasks and targets wrapped at their offsets.

    Spans overlap (a target inside its task, two targets in one sentence), so
    the text is cut at every span edge and each piece is wrapped by what
    covers it; anchors sit where a task, target or section starts.
    """
    spans = [("task", t["task_id"], t["start"], t["end"]) for t in tasks]
    spans += [("target", i["indicator_id"], i["start"], i["end"]) for i in targets]
    anchors: dict[int, list[str]] = {}
    for kind, ref, start, _ in spans:
        anchors.setdefault(start, []).append(f"{kind}-{ref}")
    for s in sections:
        anchors.setdefault(s["start"], []).append(f"sec-{s['section_id']}")
    cuts = sorted({0, len(text), *anchors, *(s[3] for s in spans)} & set(range(len(text) + 1)))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        for anchor in anchors.get(a, []):
            out.append(f'<a class="anchor" id="{html.escape(anchor)}"></a>')
        covering = [s for s in spans if s[2] <= a and b <= s[3]]
        piece = html.escape(text[a:b])
        target_ids = [f"target-{s[1]}" for s in covering if s[0] == "target"]
        if target_ids:
            cls = "target focus" if focus in target_ids else "target"
            piece = f'<mark class="{cls}" data-ids="{" ".join(target_ids)}">{piece}</mark>'
        task_ids = [f"task-{s[1]}" for s in covering if s[0] == "task"]
        if task_ids:
            cls = "task focus" if focus in task_ids else "task"
            piece = f'<span class="{cls}" data-ids="{" ".join(task_ids)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


READING_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ plan.title }}{% endblock %}
{% block extra_head %}<style>
.reading { display: flex; gap: 2em; align-items: flex-start; }
.reading nav { flex: 0 0 18em; position: sticky; top: 0; max-height: 95vh; overflow: auto; font-size: 0.85em; }
.reading nav ul { padding-left: 1em; }
.doc a.anchor { scroll-margin-top: 30vh; }
.doc { white-space: pre-wrap; line-height: 1.7; flex: 1; }
.doc span.task { background: #eef5ff; }
.doc mark.target { background: #ffe27a; }
.doc .focus, .doc mark.target.focus { background: #ff9f43; outline: 2px solid #d35400; }
.similar-focus { display: block; border-left: 4px solid #4e79a7; padding: 0.3em 0.8em; margin: 0.5em 0; background: #f5f8fc; }
.similar-focus .score { color: #666; font-size: 0.85em; }
</style>{% endblock %}
{% block content %}
<h1>{{ plan.title }}</h1>
<p>{{ plan.province or "" }} {{ plan.prefecture or "" }} {{ plan.county or "" }} · {{ plan.issuer or "" }} {{ plan.doc_number or "" }}
 · <a href="{{ urls.row(database, "plans", plan.plan_id) }}">记录 / record</a>
 · 任务 / tasks: {{ n_tasks }} · 指标 / targets: {{ n_targets }}
 · <a href="/-/similar/{{ plan.plan_id|urlencode }}">其他地区的类似任务 / similar elsewhere</a>
 · <a href="/-/network/{{ plan.plan_id|urlencode }}">责任网络 / unit network</a> · <a href="/-/diff">对比 / diff</a></p>
<div class="reading">
<nav>{% if similar is not none %}<aside class="similar-focus"><strong>{{ "其他地区的类似任务 / similar tasks elsewhere" if focus_kind == "tasks" else "其他地区的类似指标 / similar targets elsewhere" }}</strong>
{% if similar %}<ol>{% for s in similar %}<li><a href="/-/plan/{{ s.plan_id|urlencode }}?focus={{ s.anchor }}-{{ s.other_id }}#{{ s.anchor }}-{{ s.other_id }}">{{ s.plan_label }}</a>：{{ s.title or "" }}
<span class="score">{{ "%.2f"|format(s.score) }}</span></li>{% endfor %}</ol>{% else %}<span>— 无 / none</span>{% endif %}</aside>{% endif %}
<h2>大纲 / Outline</h2><ul>
{% for s in sections %}<li style="margin-left: {{ (s.depth - 1) }}em"><a href="#sec-{{ s.section_id }}">{{ s.heading }}</a></li>
{% endfor %}</ul></nav>
<div class="doc" id="doc">{{ body }}</div>
</div>
{% endblock %}"""

SEARCH_TEMPLATE = """{% extends "base.html" %}
{% block title %}检索 / Search{% if q %}: {{ q }}{% endif %}{% endblock %}
{% block content %}
<h1>全文检索 / Full-text search</h1>
<form class="core" action="{{ urls.path("/-/search-zh") }}" method="get">
<p><input type="search" name="q" value="{{ q }}" id="search-zh-q" maxlength="{{ max_chars }}"> <input type="submit" value="检索 / Search"></p>
</form>
{% if problem %}<p class="message-error">{{ problem }}</p>{% endif %}
{% if q and not problem %}<p>分词 / segmented: {{ words|join(" · ") }}</p>{% endif %}
{% for group in groups %}
<h2 id="results-{{ group.table }}">{{ group.table }} ({{ group.count }})
 <a href="{{ urls.table(database, group.table) }}?_search={{ q|urlencode }}">→ Datasette</a></h2>
{% if not group.ranked %}<p class="unranked">匹配太多，未排序：按文档顺序显示前 {{ group.rows|length }} 条，加一个词可缩小范围。/ Too many
matches to rank: the first {{ group.rows|length }} in document order; add a word to narrow the search.</p>{% endif %}
<ul class="search-results">
{% for r in group.rows %}<li class="result result-{{ group.table }}"><a href="{{ r.url }}">{{ r.label }}</a> {{ r.text }}
{% if r.plan and group.table != "plans" %}<span class="plan">（{{ r.plan }}）</span>{% endif %}</li>
{% endfor %}</ul>
{% endfor %}
{% endblock %}"""


def _dicts(results) -> list[dict]:
    return [dict(r) for r in results.rows]


async def _kb_database(datasette):
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("plans") and await db.table_exists("plans_fts"):
            return name, db
    raise NotFound("no database with plans and a search index")


async def reading_page(datasette, request):
    plan_id = request.url_vars["plan_id"]
    name, db = await _kb_database(datasette)
    plans = _dicts(await db.execute(
        "select p.*, d.text from plans p join documents d on d.doc_id = p.doc_id where p.plan_id = ?", [plan_id]))
    if not plans:
        raise NotFound(f"plan {plan_id} not found")
    plan = plans[0]
    tasks = _dicts(await db.execute("select task_id, start, end from tasks where plan_id = ? order by start", [plan_id]))
    targets = _dicts(await db.execute(
        "select indicator_id, start, end from indicators where plan_id = ? order by start",
        [plan_id]))
    sections = _dicts(await db.execute(
        "select section_id, heading, depth, start from sections where plan_id = ? order by ordinal", [plan_id]))
    focus = request.args.get("focus", "")
    body = highlight_spans(plan["text"], tasks, targets, sections, focus)
    # The focused task or target's neighbours in other plans (issue 14), when the build derived them.
    focus_kind = {"task": "tasks", "target": "targets"}.get(focus.split("-", 1)[0])
    similar = None
    if focus_kind and await db.table_exists(f"similar_{focus_kind}"):
        similar = _dicts(await db.execute(NEIGHBOURS_SQL[focus_kind], {"id": focus.split("-", 1)[1]}))
    template = compiled(datasette, READING_TEMPLATE)
    return Response.html(await datasette.render_template(template, {
        "plan": plan, "sections": sections, "body": Markup(body), "database": name,
        "n_tasks": len(tasks), "n_targets": len(targets), "similar": similar, "focus_kind": focus_kind},
        request=request))


async def search_page(datasette, request):
    q = (request.args.get("q") or "").strip()
    name, db = await _kb_database(datasette)
    groups, words, problem, status = [], [], None, 200
    if len(q) > MAX_QUERY_CHARS:
        problem = (f"检索词太长（{len(q):,} 字），最多 {MAX_QUERY_CHARS} 字。/ The query is {len(q):,} characters long; "
                   f"at most {MAX_QUERY_CHARS} are searched.")
        status = 400
    elif q:
        words = query_tokens(q)
        match = fts_query(q)
        try:
            groups = await asyncio.gather(*(_search_table(db, table, match, words + [q]) for table in SEARCH_COLUMNS))
        except QueryInterrupted:
            groups, status = [], 400
            problem = ("检索超时，请换用更具体的词。/ The search took longer than the time limit; "
                       "try fewer or more specific words.")
    template = compiled(datasette, SEARCH_TEMPLATE)
    return Response.html(await datasette.render_template(template, {
        "q": q, "words": words, "groups": groups, "database": name, "problem": problem,
        "max_chars": MAX_QUERY_CHARS}, request=request), status=status)


async def _search_table(db, table: str, match: str, terms: list[str]) -> dict:
    """One table's results: ranked when it has at most RANKED_MATCHES matches, else the first in document order."""
    fts = f"[{table}_fts]"
    matches = (await db.execute(
        f"select count(*) from (select rowid from {fts} where {fts} match :q limit {RANKED_MATCHES + 1})",
        {"q": match})).first()[0]
    ranked = matches <= RANKED_MATCHES
    # Only the rows shown are joined to their table.
    order = f"bm25({fts})" if ranked else "rowid"
    rows = _dicts(await db.execute(
        f"select t.*, p.label as {PLAN_LABEL} from (select rowid, {order} as score from {fts} where {fts} match :q "
        f"order by score limit {SEARCH_RESULTS_PER_TABLE}) r join [{table}] t on t.rowid = r.rowid "
        f"join plans p on p.plan_id = t.plan_id order by r.score",
        {"q": match}))
    count = f"{matches:,}" if ranked else f"{RANKED_MATCHES:,}+"
    return {"table": table, "count": count, "ranked": ranked, "rows": [_result(table, r, terms) for r in rows]}


def _result(table: str, row: dict, terms: list[str]) -> dict:
    anchor = RESULT_ANCHOR[table]
    plan_id = row["plan_id"]
    url = reading_url(plan_id, anchor[0], row[anchor[1]]) if anchor else reading_url(plan_id)
    label = row.get("title") or row.get("metric") or row.get("heading") or plan_id
    shown = " · ".join(row[c] for c in SEARCH_COLUMNS[table] if row[c])
    return {"url": url, "label": label, "text": Markup(mark_terms(shown, terms)), "plan": row[PLAN_LABEL]}


@hookimpl
def startup(datasette):
    # jieba reads its dictionary (about 2 s) on first use; here that happens
    # before the server takes requests, not on the event loop of the first search.
    query_tokens("养老")


@hookimpl(trylast=True)
def prepare_connection(conn):
    # trylast: Datasette's own prepare_connection registers escape_fts too;
    # ours must come after it to win.
    if not _has_our_index(conn):
        return
    conn.create_function("escape_fts", 1, fts_query)
    conn.create_function("jieba_fts", 1, fts_query)


def _has_our_index(conn) -> bool:
    try:
        sql = conn.execute("select sql from sqlite_master where name = 'tasks_fts'").fetchone()
    except Exception:
        return False
    return bool(sql) and CHARS_COLUMN in sql[0]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if column == SOURCE_LINK_COLUMN and isinstance(value, str) and value.startswith(READING_PATH):
        return Markup(f'<a href="{html.escape(value)}">原文 / source</a>')
    spec = SOURCE_CELLS.get((table, column))
    if spec is None or not isinstance(value, str):
        return None
    keys = row.keys() if hasattr(row, "keys") else []
    if "plan_id" not in keys or spec[1] not in keys:
        return None
    plan_id = row["plan_id"]
    # Table pages expand foreign keys to {"value": ..., "label": ...}.
    if isinstance(plan_id, dict):
        plan_id = plan_id.get("value")
    if not isinstance(plan_id, str):
        return None
    url = reading_url(plan_id, spec[0], row[spec[1]])
    return Markup(f'{html.escape(value)} <a class="source-link" href="{html.escape(url)}">↗ 原文 / in text</a>')


@hookimpl
def register_routes():
    return [
        (r"^/-/plan/(?P<plan_id>[^/]+)$", reading_page),
        (r"^/-/search-zh$", search_page),
    ]
