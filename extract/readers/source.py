"""What a reader hands back: the decoded text of one source file, or a reason it cannot be read."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceText:
    """One source file read as plain text.

    `text` is the text every offset and quote of the pipeline refers to;
    `sha256` is taken over the raw bytes exactly as they are on disk.
    """

    file_name: str
    sha256: str
    format: str
    encoding: str | None
    text: str
    warnings: tuple[str, ...] = ()


class UnreadableDocument(Exception):
    """A file that cannot be read, with its name and the reason.

    >>> str(UnreadableDocument("扫描件.pdf", "scanned PDF: no text layer"))
    '扫描件.pdf: scanned PDF: no text layer'
    """

    def __init__(self, file_name: str, reason: str):
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of raw bytes: `b'\\xe9\\x80\\x9a\\xe7\\x9f\\xa5'` (通知) -> '4b6ded8a…'."""
    return hashlib.sha256(data).hexdigest()
