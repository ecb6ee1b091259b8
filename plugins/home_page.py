"""Datasette plugin: the numbers the home page shows.

Datasette's own index lists a database's five biggest tables, which here
are the graph and the join tables (edges, task_units, sections, …), so the
plans, tasks and targets users come for hid behind "…".
`templates/index.html` leads with those instead; this hook gives it their
row counts and the canned queries. The graph tables and vocabularies are
`hidden: true` in metadata.yml: listed under the database's hidden tables,
reachable at their usual URLs.
"""
from __future__ import annotations

from datasette import hookimpl

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


@hookimpl
def extra_template_vars(template, datasette):
    if template != "index.html":
        return None

    async def home():
        return {"home": await kb_home(datasette)}

    return home
