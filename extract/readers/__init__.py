"""Document readers: turn any source file into the plain text the pipeline reads.

`read_source(Path('corpus/东莞开门红.html'))` -> SourceText(format='html',
encoding='utf-8', text='东莞市发展和改革局关于印发…的通知\\n各镇人民政府…')
"""
from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Callable

from .sniff import binary_kind, text_problem
from .source import SourceText, UnreadableDocument

# Suffix -> (module of this package, its reader of the file's bytes). A reader's module is
# imported when a file of its format is first read: pdfplumber and python-docx cost every
# process that reads only text or web pages 0.13 s.
READERS = {
    ".txt": ("plaintext", "read_text_bytes"),
    ".html": ("html", "read_html_bytes"),
    ".htm": ("html", "read_html_bytes"),
    ".docx": ("docx", "read_docx_bytes"),
    ".pdf": ("pdf", "read_pdf_bytes"),
}
SUPPORTED_SUFFIXES = ('.txt', '.html', '.htm', '.docx', '.pdf')
# Suffixes whose bytes are decoded as text (and so are checked for binary content first).
TEXT_SUFFIXES = ('.txt', '.html', '.htm')

__all__ = ["SUPPORTED_SUFFIXES", "SourceText", "UnreadableDocument", "read_source"]


def read_source(path: Path) -> SourceText:
    """Read one corpus file; raise UnreadableDocument naming it and the reason.

    `read_source(Path('corpus/000_c428ca0736d105e4.txt'))`
    -> SourceText(file_name='000_c428ca0736d105e4.txt', format='txt', encoding='utf-8', …)
    """
    path = Path(path)
    reader = reader_of(path.suffix.lower())
    if reader is None:
        raise UnreadableDocument(path.name, f"unknown format: suffix {path.suffix or '(none)'!r} "
                                            f"is not one of {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableDocument(path.name, f"cannot open: {error.strerror or error}") from error
    if not data:
        raise UnreadableDocument(path.name, "empty: the file has no bytes")
    suffix = path.suffix.lower()
    kind = binary_kind(data, suffix)
    if kind:
        raise UnreadableDocument(path.name, f"{kind} under a {suffix} name: not read as {suffix[1:]}")
    source = reader(path.name, data)
    if suffix in TEXT_SUFFIXES and (problem := text_problem(source.text)):
        raise UnreadableDocument(path.name, problem)
    return source


def reader_of(suffix: str) -> Callable[[str, bytes], SourceText] | None:
    """The reader of a suffix's files (its module imported now), or None: `reader_of('.pdf')` -> read_pdf_bytes."""
    if suffix not in READERS:
        return None
    module, name = READERS[suffix]
    return getattr(import_module(f"{__name__}.{module}"), name)
