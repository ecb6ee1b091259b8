"""The records one document yields: plain dataclasses, no database.

`extract.pipeline.extract_document` returns a `PlanRecords`; `extract.storage.load`
writes it. Keeping the two apart lets documents be read in parallel or
incrementally and tested on a string.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DocumentRecord:
    doc_id: str
    file_name: str
    source_sha256: str
    format: str
    encoding: str | None
    text: str


@dataclass
class PlanRecord:
    plan_id: str
    doc_id: str
    title: str | None
    notice_title: str | None
    plan_type: str | None
    province: str | None
    prefecture: str | None
    county: str | None
    admin_code: str | None
    level: str | None
    issuer: str | None
    doc_number: str | None
    issued_date: str | None
    period_start: int | None
    period_end: int | None
    title_start: int | None
    title_end: int | None
    label: str | None = None


@dataclass
class SectionRecord:
    section_id: str
    plan_id: str
    parent_id: str | None
    depth: int
    style: str
    number: str | None
    heading: str
    role: str
    path: str
    start: int
    end: int
    ordinal: int


@dataclass
class UnitLink:
    mention: str
    role: str                    # lead or co
    start: int | None = None
    end: int | None = None


@dataclass
class TaskRecord:
    task_id: str
    plan_id: str
    section_id: str | None
    kind: str                    # task or subtask
    parent_task_id: str | None
    number: str | None
    title: str | None
    text: str
    path: str
    deadline: str | None
    deadline_text: str | None
    start: int
    end: int
    ordinal: int
    units: list[UnitLink] = field(default_factory=list)


@dataclass
class ProjectRecord:
    project_id: str
    plan_id: str
    list_name: str | None
    number: str | None
    name: str | None
    project_type: str | None
    period: str | None
    location: str | None
    content: str | None
    investment_wan: float | None
    row_text: str
    start: int
    end: int
    units: list[UnitLink] = field(default_factory=list)


@dataclass
class IndicatorRecord:
    indicator_id: str
    plan_id: str
    task_id: str | None
    project_id: str | None
    section_id: str | None
    quote: str
    start: int
    end: int
    value_text: str
    metric: str | None
    canonical: str | None
    comparator: str
    value: float
    value_max: float | None
    unit: str | None
    year: int | None
    baseline_value: float | None
    baseline_year: int | None
    kind: str
    binding: str | None
    origin: str
    same_as: str | None
    ordinal: int
    units: list[UnitLink] = field(default_factory=list)


@dataclass
class PlanRecords:
    document: DocumentRecord
    plan: PlanRecord
    sections: list[SectionRecord] = field(default_factory=list)
    tasks: list[TaskRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
