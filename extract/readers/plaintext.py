"""Text files: decode, and change nothing but Windows line ends.

Offsets of the whole pipeline are computed on this text, so a UTF-8 seed file
must come out identical to `data.decode('utf-8')` (with `\\r\\n` -> `\\n`).
"""
from __future__ import annotations

from .encoding import Undecodable, decode_text
from .source import SourceText, UnreadableDocument, sha256_hex


def read_text_bytes(file_name: str, data: bytes) -> SourceText:
    """Read a `.txt` file's bytes.

    `'一、总体要求\\r\\n'.encode('gb18030')` -> SourceText(text='一、总体要求\\n', encoding='gb18030', …)
    """
    try:
        text, encoding = decode_text(data)
    except Undecodable as error:
        raise UnreadableDocument(file_name, f"undecodable text: {error}") from error
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise UnreadableDocument(file_name, "empty: the file holds no text")
    return SourceText(file_name, sha256_hex(data), "txt", encoding, text)
