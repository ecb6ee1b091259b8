"""Datasette plugin: the home page.

Datasette's own index lists a database's five biggest tables, which here
are the graph and the join tables (edges, task_units, sections, …), so the
plans, tasks and targets users come for hid behind "…"; and it reads the
columns, keys and search settings of every table first, about a hundred
queries, which under load made `/` the slowest page (2 s). This route
renders `templates/index.html`, which leads with what users come for, from
a handful of counts. The graph tables and vocabularies are `hidden: true`
in metadata.yml: listed under the database's hidden tables, reachable at
their usual URLs. `/.json` stays Datasette's.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.utils.asgi import Response

# What the home page counts, by the name it shows it under.
HOME_COUNTS = {
    "plans": "select count(*) from plans",
    "tasks": "select count(*) from tasks",
    "kb_targets": "select count(*) from indicators where same_as is null",
    "units": "select count(*) from units",
    "metrics": "select count(distinct canonical) from indicators where canonical is not null",
}
# A published build never changes (it is served immutable), so its counts
# are computed once per database file.
_counts_cache: dict[tuple[str, str], dict[str, int]] = {}


async def home_counts(db) -> dict[str, int]:
    key = (db.name, db.hash or "")
    if db.hash and key in _counts_cache:
        return _counts_cache[key]
    counts = {name: (await db.execute(sql)).first()[0] for name, sql in HOME_COUNTS.items()}
    if db.hash:
        _counts_cache[key] = counts
    return counts


async def kb_home(datasette) -> dict | None:
    for name, db in datasette.databases.items():
        if name != "_internal" and await db.table_exists("plans") and await db.table_exists("indicators"):
            queries = datasette.metadata("queries", database=name, fallback=False) or {}
            return {"database": name, "counts": await home_counts(db),
                    "queries": [{"name": q, "title": spec.get("title", q)} for q, spec in queries.items()]}
    return None


async def home_page(datasette, request):
    await datasette.ensure_permissions(request.actor, ["view-instance"])
    home = await kb_home(datasette)
    # Without a knowledge base the template lists the databases instead.
    databases = [{"name": name, "tables_and_views_truncated": [], "tables_and_views_more": True}
                 for name in datasette.databases if name != "_internal"]
    context = {"home": home, "databases": databases, "metadata": datasette.metadata(), "private": False}
    return Response.html(await datasette.render_template("index.html", context, request=request, view_name="index"))


@hookimpl
def register_routes():
    # Plugin routes come before Datasette's own, so this one answers `/`.
    return [(r"^/$", home_page)]
