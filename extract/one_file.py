"""One file, whatever it holds, to rows or to a reason: the whole path of a file.

`process_file` reads, checks the limits, extracts and turns one file into rows
as a pure function of that file: whatever the file does, it returns an
`Outcome` (extract.corpus), with rows or with a reason a person can act on.

A sidecar `NAME.meta.yml` beside a document may supply what its text does
not say (an issuer, a date); it never replaces what the text says. A sidecar
that cannot be read is reported as a warning; its document still builds.
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import yaml

from extract.corpus import SIDECAR_SUFFIX, Outcome, printable_name
from extract.limits import OverLimit, check_text
from extract.pipeline import extract_document
from extract.readers import SUPPORTED_SUFFIXES, UnreadableDocument, read_source
from extract.records import PlanRecords
from extract.storage.rows import Unreachable, document_rows

# Plan fields a sidecar may fill.
SIDECAR_FIELDS = ("title", "province", "prefecture", "county", "admin_code", "issuer", "doc_number",
                  "issued_date", "period_start", "period_end")

def process_file(path: Path, cache_key: str | None = None) -> Outcome:
    """Read, check, extract and turn one file into rows; any failure becomes a reason naming it."""
    name = printable_name(path.name)
    seconds: dict[str, float] = {}
    try:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UnreadableDocument(name, f"unsupported format {path.suffix or '(no suffix)'}: "
                                           f"not one of {', '.join(SUPPORTED_SUFFIXES)}")
        with _stage(seconds, "read"):
            source = read_source(path)
            check_text(source.text)
        with _stage(seconds, "extract"):
            records = extract_document(source)
        records.document.file_name = name
        warnings = apply_sidecar(records, path)
        with _stage(seconds, "rows, units, graph check, search segmentation"):
            rows = document_rows(records, cache_key)
        rows.warnings.extend(warnings)
        return Outcome(name, rows, None, cache_key, seconds)
    except UnreadableDocument as exc:
        return Outcome(name, None, f"{name}: {exc.reason}", cache_key)
    except OverLimit as exc:
        return Outcome(name, None, f"{name}: over a limit: {exc}", cache_key)
    except Unreachable as exc:
        return Outcome(name, None, f"{name}: extraction failed, the graph is broken: {exc}", cache_key)
    except MemoryError:
        return Outcome(name, None, f"{name}: ran out of memory while reading it", cache_key)
    except Exception as exc:  # a bug or a document we cannot parse: report it, keep going
        return Outcome(name, None, f"{name}: extraction failed ({describe(exc)})", cache_key)


@contextmanager
def _stage(seconds: dict[str, float], name: str):
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started


def describe(exc: BaseException) -> str:
    """An exception in words: its message, its kind only as a hint. `KeyError('x')` -> "missing key 'x'"."""
    from lxml.etree import XMLSyntaxError
    from zipfile import BadZipFile

    kinds = {XMLSyntaxError: "damaged XML inside the file", BadZipFile: "damaged zip package",
             KeyError: "missing key", IndexError: "index out of range", RecursionError: "nesting too deep",
             UnicodeError: "bad characters", ZeroDivisionError: "division by zero"}
    kind = next((words for cls, words in kinds.items() if isinstance(exc, cls)), "internal error")
    message = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{kind}: {message}" if message else kind


def apply_sidecar(records: PlanRecords, path: Path) -> list[str]:
    """Fill plan fields the text leaves empty from `NAME.meta.yml`; return warnings about the sidecar."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return []
    try:
        data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        return [f"sidecar {printable_name(sidecar.name)} ignored: not valid UTF-8 YAML{where}"]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [f"sidecar {printable_name(sidecar.name)} ignored: not a mapping of field: value"]
    for name in SIDECAR_FIELDS:
        if data.get(name) is not None and getattr(records.plan, name) in (None, ""):
            value = data[name]
            if not isinstance(value, (str, int, float)):
                return [f"sidecar {printable_name(sidecar.name)}: {name} ignored, not a plain value"]
            setattr(records.plan, name, value)
    return []


def warm_up() -> None:
    """Load jieba's dictionary, the spaCy pipeline and the vocabularies once."""
    from extract.entities.places import load_places
    from extract.entities.unit_vocab import load_unit_vocab
    from extract.storage.search_index import segment_for_search
    from extract.text.nlp import pipeline

    pipeline()
    load_places()
    load_unit_vocab()
    segment_for_search("预热")
