"""One document in, its records out: the pure extraction step.

The steps run in this order, each reading what the ones before produced:
  read      bytes -> SourceText (extract.readers)
  lines     text -> Lines with offsets
  metadata  title, issuer, 文号, date, period
  outline   headings -> tree; roles: which sections are the work list
  tasks     work-list items with their units
  tables    flattened tables -> subtasks, indicator rows, projects
  targets   numbers in text -> indicators, linked to their task
  places    jurisdiction and administrative code
Nothing here touches SQLite (see extract.storage.load).
"""
from __future__ import annotations


from extract.figures.dedupe import link_restatements
from extract.ids import content_id
from extract.text.lines import split_lines
from extract.structure.metadata import read_metadata, refine_period
from extract.structure.outline import Node, build_outline
from extract.entities.places import load_places
from extract.readers import SourceText
from extract.records import (
    DocumentRecord,
    PlanRecord,
    PlanRecords,
    SectionRecord,
    TaskRecord,
    UnitLink,
)
from extract.structure.roles import assign_roles
from extract.figures.table_targets import add_table_records
from extract.structure.tables import find_tables, lists_items_under_span
from extract.figures.targets import find_targets
from extract.structure.tasks import find_tasks

# Characters of the head that name the plan's place (title, notice, issuer, 文号).
HEAD_CHARS = 2000


def extract_document(source: SourceText) -> PlanRecords:
    """All records of one plan, ids derived from its bytes and offsets."""
    text = source.text
    doc_id = source.sha256[:16]
    plan_id = doc_id
    lines = split_lines(text)
    meta, title_lines = read_metadata(lines, text)
    root = build_outline(lines, len(text), {t.first_line for t in title_lines})
    assign_roles(root)
    refine_period(meta, root, text)
    plan_segment = _plan_segment(root, meta.title_start)

    place = load_places().jurisdiction_of((meta.title or "") + "\n" + (meta.issuer or "") + "\n" + text[:HEAD_CHARS])
    records = PlanRecords(
        document=DocumentRecord(doc_id, source.file_name, source.sha256, source.format, source.encoding, text),
        plan=PlanRecord(
            plan_id, doc_id, meta.title, meta.notice_title, meta.plan_type,
            place.province if place else None, place.prefecture if place else None,
            place.county if place else None, place.admin_code if place else None,
            place.level if place else None,
            meta.issuer, meta.doc_number, meta.issued_date, meta.period_start, meta.period_end,
            meta.title_start, meta.title_end,
        ),
        warnings=list(source.warnings),
    )
    records.plan.label = plan_label(records.plan)
    section_ids = _sections(records, root, plan_id, plan_segment)
    drafts = find_tasks(root, lines, text, plan_segment)
    for ordinal, d in enumerate(drafts):
        path = " / ".join(h for h in _display_path(d.node, plan_segment))
        task = TaskRecord(
            content_id(plan_id, "task", d.start), plan_id, section_ids.get(id(d.node)), "task", None,
            d.number, d.title, d.text, path, None, None, d.start, d.end, ordinal,
            _dedupe([UnitLink(m.text, m.role, m.start, m.end) for m in d.mentions]),
        )
        records.tasks.append(task)
    one_year = meta.period_start if meta.period_start and meta.period_start == meta.period_end else None
    tables = find_tables(lines)
    table_lines = set().union(*(t.line_indices for t in tables)) if tables else set()
    body_start = min([n.start for n in root.children if n.style == "doc"] + [meta.title_start or 0])
    records.indicators.extend(find_targets(text, lines, root, records, one_year, section_ids, table_lines, body_start,
                                           lists_items_under_span(tables, meta.period_start, meta.period_end)))
    add_table_records(records, tables, text)
    link_restatements(records.indicators)
    return records


def plan_label(plan: PlanRecord) -> str:
    """A short name for charts and maps: `崇明区 行动计划 2022–2024`, `贵州省 行动方案 2022`."""
    place = plan.county or plan.prefecture or plan.province or ""
    if plan.period_start is None:
        period = ""
    elif plan.period_start == plan.period_end:
        period = str(plan.period_start)
    else:
        period = f"{plan.period_start}–{plan.period_end or ''}"
    return " ".join(part for part in (place, plan.plan_type or "", period) if part)


def _plan_segment(root: Node, title_start: int | None) -> int:
    for node in root.walk():
        if node.style == "doc" and node.start == title_start:
            return node.segment
    return 0


def _display_path(node: Node, plan_segment: int) -> list[str]:
    """Headings above a node; the plan's own title is left out, an attachment's kept."""
    out = []
    parent = node.parent
    while parent is not None and parent.style != "document":
        if not (parent.style == "doc" and parent.segment == plan_segment):
            out.append(parent.heading)
        parent = parent.parent
    return out[::-1]


def _sections(records: PlanRecords, root: Node, plan_id: str, plan_segment: int) -> dict[int, str]:
    ids: dict[int, str] = {}
    for ordinal, node in enumerate(n for n in root.walk() if n is not root):
        sid = content_id(plan_id, "section", node.start, node.style)
        ids[id(node)] = sid
        records.sections.append(SectionRecord(
            sid, plan_id, ids.get(id(node.parent)), node.depth, node.style, node.number, node.heading,
            node.role, " / ".join(_display_path(node, plan_segment) + [node.heading]), node.start,
            node.end if node.end >= 0 else len(records.document.text), ordinal,
        ))
    return ids


def _dedupe(links: list[UnitLink]) -> list[UnitLink]:
    seen, out = set(), []
    for link in links:
        key = (link.mention, link.role)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out
