"""What a file really is: its first bytes before it is decoded, its text after.

A PDF saved as `.txt` decodes as GB18030 into mojibake that reads like
Chinese; a file of NULs decodes into nothing but control characters. The
first bytes say what a file is (`%PDF-`, `PK\\x03\\x04`); the decoded text,
by its share of control characters and of characters no Chinese plan uses,
whether it is text at all and whether it was decoded right.
"""
from __future__ import annotations

import re

# First bytes of formats that are never plain text or a web page.
MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (a Word .docx or another package)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (a legacy Word .doc or an encrypted document)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
)
# Suffixes each format may carry (a PDF named .pdf is read as one).
FORMAT_SUFFIXES = {"a PDF file": (".pdf",), "a zip archive (a Word .docx or another package)": (".docx",),
                   "an OLE file (a legacy Word .doc or an encrypted document)": (".docx",)}
# Control characters (not TAB, LF, CR): text has none; bytes that are not text decode to many.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Share of control characters above which decoded "text" is binary data.
MAX_CONTROL_CHAR_SHARE = 0.01
# Characters a Chinese plan is written in: CJK ideographs and punctuation, Latin letters and
# digits, general punctuation, symbols (①, ℃, ≥, ■), full-width forms, Greek, box drawing.
PLAN_CHARACTERS = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u2000-\u27bf\u2e80-\u2fdf\u3000-\u30ff"
    "\u3100-\u312f\u31c0-\u31ef\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
# Every other character: counted directly, since a plan's text has few of them and a regex
# that lists the few is 30x faster than one that lists the many.
FOREIGN_CHARACTERS = re.compile("[^" + PLAN_CHARACTERS.pattern[1:])
# Share of other characters (Hangul, Yi, private use, control) above which decoded text is mojibake.
MAX_FOREIGN_CHAR_SHARE = 0.2
SNIFF_CHARS = 100_000


def binary_kind(data: bytes, suffix: str) -> str | None:
    """What a file under a text suffix really is, or None for text.

    `binary_kind(b'%PDF-1.7…', '.txt')` -> 'a PDF file'; `binary_kind('通知'.encode(), '.txt')` -> None.
    """
    for magic, kind in MAGIC:
        if data.startswith(magic) and suffix not in FORMAT_SUFFIXES.get(kind, ()):
            return kind
    return None


def foreign_char_share(text: str) -> float:
    """Share of characters no plan is written in: 0.0 for `关于印发…的通知`, ~0.9 for UTF-8 read as UTF-16."""
    head = text[:SNIFF_CHARS]
    return len(FOREIGN_CHARACTERS.findall(head)) / len(head) if head else 0.0


def control_char_share(text: str) -> float:
    """Share of control characters in the first SNIFF_CHARS: 0.0 for text, 1.0 for a file of NULs."""
    head = text[:SNIFF_CHARS]
    return len(CONTROL_CHARS.findall(head)) / len(head) if head else 0.0


def text_problem(text: str) -> str | None:
    """Why decoded text is not a plan's text, or None.

    `text_problem('\x00' * 100)` -> 'binary data, not text: 100% control characters';
    `text_problem('关于印发…的通知')` -> None."""
    controls = control_char_share(text)
    if controls > MAX_CONTROL_CHAR_SHARE:
        return f"binary data, not text: {controls:.0%} control characters"
    share = foreign_char_share(text)
    if share > MAX_FOREIGN_CHAR_SHARE:
        return (f"the text decodes to {share:.0%} control characters or characters no Chinese plan uses "
                f"(mojibake: wrong encoding or not a text file)")
    return None
