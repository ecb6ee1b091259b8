"""One document's records as table rows: everything a database needs from it.

Made in the worker that extracted the document, so the parent (or a merge of
Parquet shards) only writes: units resolved against the plan's jurisdiction,
the document's graph checked (every task and indicator reachable from its
plan), its search index rows segmented once, and the words similarity compares
(extract.analysis.words) cut from the same segmentation.

    rows = document_rows(records)
    rows.tables["tasks"][0]["task_id"], rows.search["tasks"][0][0]
    -> ('3f…', '完善 基本 养老 服务')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from extract.analysis.similarity import similarity_word_rows
from extract.entities.unit_vocab import resolve_unit
from extract.records import PlanRecords
from extract.storage.graph import unreachable
from extract.storage.search_index import SEARCH_COLUMNS, search_row

# The tables a document fills, in the order they are written (parents before children).
DOCUMENT_TABLES = ("documents", "plans", "sections", "tasks", "task_units", "projects", "indicators",
                   "indicator_units", "units", "similarity_words")


@dataclass
class DocumentRows:
    file_name: str
    doc_id: str
    tables: dict[str, list[dict]]
    # table -> one tuple per row of `tables[table]`: its SEARCH_COLUMNS segmented, then CHARS_COLUMN
    search: dict[str, list[tuple[str, ...]]]
    warnings: list[str] = field(default_factory=list)


class Unreachable(ValueError):
    """Rows of a document that its own plan does not reach in the graph (a bug in extraction)."""


@lru_cache(maxsize=65536)
def _resolved(mention: str, jurisdiction: str | None):
    """Units repeat in every plan of a place: `区民政局` in a 崇明区 plan is resolved once."""
    return resolve_unit(mention, jurisdiction)


def document_rows(rec: PlanRecords, cache_key: str | None = None) -> DocumentRows:
    """Rows for every table a document fills; raises Unreachable if its graph is broken."""
    jurisdiction = rec.plan.admin_code or rec.plan.county or rec.plan.prefecture or rec.plan.province
    units: dict[str, dict] = {}

    def unit(link):
        res = _resolved(link.mention, jurisdiction)
        if res.unit_id not in units:   # (a plan names its few units hundreds of times)
            units[res.unit_id] = {"unit_id": res.unit_id, "name": res.name, "jurisdiction": res.jurisdiction,
                                  "function_code": res.function_code, "kind": res.kind}
        return res

    task_units, seen = [], set()
    for t in rec.tasks:
        for ordinal, link in enumerate(t.units):
            res = unit(link)
            if (t.task_id, link.mention, link.role) not in seen:
                seen.add((t.task_id, link.mention, link.role))
                task_units.append({"task_id": t.task_id, "unit_id": res.unit_id, "mention": link.mention,
                                   "role": link.role, "resolution": res.method, "score": res.score,
                                   "start": link.start, "end": link.end, "ordinal": ordinal})
    indicator_units, seen = [], set()
    for i in rec.indicators:
        for link in i.units:
            res = unit(link)
            if (i.indicator_id, link.mention, link.role) not in seen:
                seen.add((i.indicator_id, link.mention, link.role))
                indicator_units.append({"indicator_id": i.indicator_id, "unit_id": res.unit_id,
                                        "mention": link.mention, "role": link.role})
    tables = {
        "documents": [vars(rec.document) | {"n_chars": len(rec.document.text), "cache_key": cache_key}],
        "plans": [vars(rec.plan)],
        "sections": [vars(s) for s in rec.sections],
        "tasks": [{k: v for k, v in vars(t).items() if k != "units"} for t in rec.tasks],
        "task_units": task_units,
        "projects": [{k: v for k, v in vars(p).items() if k != "units"} for p in rec.projects],
        "indicators": [{k: v for k, v in vars(i).items() if k != "units"} for i in rec.indicators],
        "indicator_units": indicator_units,
        "units": [units[k] for k in sorted(units)],
    }
    missing = unreachable(tables)
    if missing:
        raise Unreachable(f"{len(missing)} tasks/indicators not reachable from their plan: {missing[:5]}")
    search = {table: [search_row(row, columns) for row in tables[table]] for table, columns in SEARCH_COLUMNS.items()}
    tables["similarity_words"] = similarity_word_rows(rec.plan.plan_id, tables)   # cut as the search rows were
    return DocumentRows(rec.document.file_name, rec.document.doc_id, tables, search, list(rec.warnings))
