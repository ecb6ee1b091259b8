"""A folder of documents, each read on its own, each failure kept with its file name.

`scan_corpus` lists the documents (name order) and what is wrong with the
folder itself: names that are not UTF-8, files whose bytes repeat another's.
`process_file` is the whole path of one file — reading, limits, extraction,
rows — as a pure function of that file: whatever the file does, it returns an
`Outcome`, with rows or with a reason a person can act on.

A sidecar `NAME.meta.yml` beside a document may supply what its text does
not say (an issuer, a date); it never replaces what the text says. A sidecar
that cannot be read is reported as a warning; its document still builds.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from extract.limits import OverLimit, check_text
from extract.pipeline import extract_document
from extract.readers import SUPPORTED_SUFFIXES, UnreadableDocument, read_source
from extract.records import PlanRecords
from extract.storage.rows import DocumentRows, Unreachable, document_rows

SIDECAR_SUFFIX = ".meta.yml"
# Plan fields a sidecar may fill.
SIDECAR_FIELDS = ("title", "province", "prefecture", "county", "admin_code", "issuer", "doc_number",
                  "issued_date", "period_start", "period_end")
# Files in a corpus folder that are notes, not documents.
NOTE_SUFFIXES = (".md", ".json", ".yml", ".yaml", ".csv")
# Control characters (a newline, a TAB) shown escaped in a file name, so one problem stays one log line.
NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Outcome:
    file_name: str
    rows: DocumentRows | None
    error: str | None
    cache_key: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)   # per stage, for scripts/benchmark.py


@dataclass
class CorpusFile:
    path: Path
    name: str               # printable name
    sha256: str             # of the document's bytes
    cache_key: str          # sha256, the sidecar's sha256 and the extractor version


@dataclass
class Corpus:
    files: list[CorpusFile] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)   # (printable name, reason)


def printable_name(name: str) -> str:
    """A file name fit for one log line and the database: undecodable bytes as `\\xNN`,
    control characters as `\\n`-style escapes. `'方案\\n.txt'` -> `'方案\\\\n.txt'`."""
    raw = os.fsencode(name)
    text = raw.decode("utf-8", "backslashreplace")
    return NAME_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def corpus_files(folder: Path, exclude: tuple[Path, ...] = ()) -> list[Path]:
    """Documents of a folder in name order; sidecars, notes, hidden files and `exclude` left out."""
    skip = {p.resolve() for p in exclude}
    files = []
    for path in sorted(folder.iterdir(), key=lambda p: os.fsencode(p.name)):
        if path.name.startswith(".") or path.name.endswith(SIDECAR_SUFFIX) or not path.is_file():
            continue
        if path.name.lower().endswith(NOTE_SUFFIXES) or path.resolve() in skip:
            continue
        files.append(path)
    return files


def scan_corpus(folder: Path, version: str, exclude: tuple[Path, ...] = ()) -> Corpus:
    """The folder's documents with their hashes; bad names and repeated bytes as problems.

    Of two files with identical bytes the first in name order is kept and the
    other reported as its duplicate."""
    corpus = Corpus()
    first_of: dict[str, str] = {}
    for path in corpus_files(folder, exclude):
        name = printable_name(path.name)
        if not _utf8(path.name):
            corpus.problems.append((name, "the file name is not valid UTF-8 (saved under another encoding, "
                                          "e.g. GBK from Windows): rename the file to read it"))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            corpus.problems.append((name, f"cannot open: {error.strerror or error}"))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha in first_of:
            corpus.problems.append((name, f"duplicate of {first_of[sha]}: the same bytes; only {first_of[sha]} is built"))
            continue
        first_of[sha] = name
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        side = hashlib.sha256(sidecar.read_bytes()).hexdigest()[:16] if sidecar.is_file() else "-"
        corpus.files.append(CorpusFile(path, name, sha, f"{sha}:{side}:{version}"))
    return corpus


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


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
