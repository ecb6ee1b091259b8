"""A folder of documents, each read on its own, each failure kept with its file name.

`scan_corpus` lists the documents (name order) and what is wrong with the
folder itself: names that are not UTF-8, files whose bytes repeat another's.
Each file then goes its own way (extract.one_file.process_file) and comes back
as an `Outcome`, with rows or with a reason a person can act on.

Scanning needs only hashes: a build imports it before the extraction modules,
which its workers load while the build prepares the database.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extract.storage.rows import DocumentRows

SIDECAR_SUFFIX = ".meta.yml"
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
    # when its worker began and ended it (time.monotonic, one clock for every process of the
    # machine): the build's timeline
    span: tuple[float, float] | None = None


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
    """Documents of a folder in name order; sidecars, notes, hidden files and `exclude` left out.

    A directory entry knows whether it is a file or a link: only a link's target is looked up
    (resolving every path cost a thousand-file build 30 ms before its workers could start)."""
    skip = {p.resolve() for p in exclude}
    base = folder.resolve()
    files = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: os.fsencode(e.name)):
            name = entry.name
            if name.startswith(".") or name.endswith(SIDECAR_SUFFIX) or not entry.is_file():
                continue
            path = folder / name
            if name.lower().endswith(NOTE_SUFFIXES) or (path.resolve() if entry.is_symlink() else base / name) in skip:
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
