"""Writing records into SQLite with sqlite-utils.

`ensure_db_shape` applies `schema/tables.sql` and `schema/views.sql`;
`save_plan` writes one document's records; `finish` adds the graph and
the vocabularies. Rows are inserted in a fixed order so that two builds of
one corpus give identical databases.
"""
from __future__ import annotations

import csv

import sqlite_utils

from extract.storage.graph import build_graph, save_graph, unreachable
from extract.figures.metrics import load_metrics
from extract.paths import SCHEMA_DIR
from extract.records import PlanRecords, UnitLink
from extract.entities.unit_vocab import resolve_unit


def prepare_build_file(db: sqlite_utils.Database) -> None:
    """Fast writes for a database that is built in a temporary file and moved
    into place only when complete: a crash loses the temporary file, never
    the published database, so per-row durability buys nothing."""
    db.conn.execute("PRAGMA journal_mode = MEMORY")
    db.conn.execute("PRAGMA synchronous = OFF")


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Tables, indexes and views from `schema/`: idempotent."""
    db.conn.executescript((SCHEMA_DIR / "tables.sql").read_text(encoding="utf-8"))
    db.conn.executescript((SCHEMA_DIR / "views.sql").read_text(encoding="utf-8"))


def _rows(f) -> list[dict]:
    """CSV rows with only the named columns."""
    return [{k: v for k, v in row.items() if k} for row in csv.DictReader(f)]


def save_vocabularies(db: sqlite_utils.Database) -> None:
    with (SCHEMA_DIR / "unit_functions.csv").open(encoding="utf-8") as f:
        db["unit_functions"].insert_all(_rows(f), pk="code", replace=True)
    db["canonical_metrics"].insert_all(
        ({"id": m.id, "name_zh": m.name_zh, "name_en": m.name_en, "definition": m.definition, "unit": m.unit}
         for m in load_metrics()),
        pk="id", replace=True,
    )
    with (SCHEMA_DIR / "places.csv").open(encoding="utf-8") as f:
        db["places"].insert_all(_rows(f), pk="admin_code", replace=True)


def _unit_rows(link: UnitLink, jurisdiction: str | None, units: dict[str, dict]) -> tuple[str, str, float]:
    """Resolve a mention against the plan's jurisdiction (its admin code, so that
    `市民政局` in any Shanghai district plan is the one 上海市民政局)."""
    res = resolve_unit(link.mention, jurisdiction)
    uid = res.unit_id
    if uid not in units:
        units[uid] = {"unit_id": uid, "name": res.name, "jurisdiction": res.jurisdiction,
                      "function_code": res.function_code, "kind": res.kind}
    return uid, res.method, res.score


def save_plan(db: sqlite_utils.Database, rec: PlanRecords, units: dict[str, dict]) -> None:
    """One document's rows, one batch per table; `units` collects unit entities across plans."""
    jurisdiction = rec.plan.admin_code or rec.plan.county or rec.plan.prefecture or rec.plan.province
    db["documents"].insert(vars(rec.document) | {"n_chars": len(rec.document.text)}, pk="doc_id")
    db["plans"].insert(vars(rec.plan), pk="plan_id")
    db["sections"].insert_all((vars(s) for s in rec.sections), pk="section_id")
    db["tasks"].insert_all(({k: v for k, v in vars(t).items() if k != "units"} for t in rec.tasks), pk="task_id")
    task_units = []
    for t in rec.tasks:
        for ordinal, link in enumerate(t.units):
            uid, method, score = _unit_rows(link, jurisdiction, units)
            task_units.append({"task_id": t.task_id, "unit_id": uid, "mention": link.mention, "role": link.role,
                               "resolution": method, "score": score, "start": link.start, "end": link.end,
                               "ordinal": ordinal})
    db["task_units"].insert_all(task_units, pk=("task_id", "mention", "role"), ignore=True)
    db["projects"].insert_all(({k: v for k, v in vars(p).items() if k != "units"} for p in rec.projects), pk="project_id")
    db["indicators"].insert_all(({k: v for k, v in vars(i).items() if k != "units"} for i in rec.indicators),
                                pk="indicator_id")
    ind_units = []
    for i in rec.indicators:
        for link in i.units:
            uid, _, _ = _unit_rows(link, jurisdiction, units)
            ind_units.append({"indicator_id": i.indicator_id, "unit_id": uid, "mention": link.mention, "role": link.role})
    db["indicator_units"].insert_all(ind_units, pk=("indicator_id", "mention", "role"), ignore=True)


def save_problem(db: sqlite_utils.Database, file_name: str, severity: str, message: str) -> None:
    db["build_problems"].insert({"file_name": file_name, "severity": severity, "message": message})


def finish(db: sqlite_utils.Database, units: dict[str, dict]) -> list[str]:
    """Units, graph and vocabularies; returns graph nodes not reachable from their plan."""
    db["units"].insert_all((units[k] for k in sorted(units)), pk="unit_id")
    save_vocabularies(db)
    g = build_graph(db)
    save_graph(db, g)
    return unreachable(g)
