"""A folder of documents, read one by one, each failure kept with its file name.

A sidecar `NAME.meta.yml` beside a document may supply what its text does
not say (an issuer, a date); it never replaces what the text says.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from extract.pipeline import extract_document
from extract.readers import SUPPORTED_SUFFIXES, UnreadableDocument, read_source
from extract.records import PlanRecords

SIDECAR_SUFFIX = ".meta.yml"
# Plan fields a sidecar may fill.
SIDECAR_FIELDS = ("title", "province", "prefecture", "county", "admin_code", "issuer", "doc_number",
                  "issued_date", "period_start", "period_end")


@dataclass
class Outcome:
    file_name: str
    records: PlanRecords | None
    error: str | None


def corpus_files(folder: Path) -> list[Path]:
    """Documents of a folder in name order; sidecars and hidden files left out."""
    files = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX) or not path.is_file():
            continue
        if path.name.lower().endswith((".md", ".json", ".yml", ".yaml", ".csv")):  # notes and sidecars
            continue
        files.append(path)
    return files


def process_file(path: Path) -> Outcome:
    """Read and extract one file; any failure becomes an error naming it."""
    try:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UnreadableDocument(path.name, f"unsupported format {path.suffix or '(no suffix)'}")
        source = read_source(path)
        records = extract_document(source)
        apply_sidecar(records, path)
        return Outcome(path.name, records, None)
    except UnreadableDocument as exc:
        return Outcome(path.name, None, str(exc))
    except Exception as exc:  # a bug or a document we cannot parse: report it, keep going
        return Outcome(path.name, None, f"{path.name}: extraction failed: {type(exc).__name__}: {exc}")


def apply_sidecar(records: PlanRecords, path: Path) -> None:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    for field in SIDECAR_FIELDS:
        if data.get(field) is not None and getattr(records.plan, field) in (None, ""):
            setattr(records.plan, field, data[field])


def warm_up() -> None:
    """Load jieba's dictionary, the spaCy pipeline and the vocabularies once."""
    from extract.text.nlp import pipeline
    from extract.entities.places import load_places

    pipeline()
    load_places()


def process_corpus(files: list[Path], jobs: int = 1):
    """Outcomes in file order; `jobs` > 1 extracts in worker processes."""
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield process_file(path)
        return
    warm_up()  # workers forked from here inherit the loaded dictionaries and pipeline
    with ProcessPoolExecutor(max_workers=min(jobs, os.cpu_count() or 1)) as pool:
        yield from pool.map(process_file, files, chunksize=4)
