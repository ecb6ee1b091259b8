"""Decode the bytes of a text file or web page without guessing wrongly.

Plans are published in UTF-8 (with or without BOM), UTF-16 and the GB family
(GB2312 ⊂ GBK ⊂ GB18030). The order of attempts is strict: a BOM wins, then
UTF-8 (which almost never decodes non-UTF-8 Chinese bytes by accident), then
GB18030, which reads GB2312 and GBK bytes as well.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .cjk import cjk_count

# (BOM, codec name recorded for the document, codec used to decode without the BOM).
# UTF-32 must be tried before UTF-16: `FF FE 00 00` also starts with the UTF-16 LE BOM.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)

# Labels a page may declare, mapped to the codec that reads them: GB2312 and GBK
# pages routinely contain GBK-only characters (`<meta charset="gb2312">` over 镕).
GB_LABELS = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"})

# Share of NUL bytes on one side (odd or even offsets) above which BOM-less bytes
# are taken for UTF-16: every ASCII character (digits, newlines) in UTF-16 carries
# a NUL byte, GB and UTF-8 text carry none. The other side may hold some (`一` is 00 4E).
UTF16_NUL_SHARE = 0.01


# Letters UTF-8 yields from GB byte pairs (lead byte C0-DF): Greek to NKo, U+0370-U+07FF.
MISREAD_GB_LETTERS = re.compile(r"[\u0370-\u07ff]")


class Undecodable(ValueError):
    """No encoding in the try-order decodes the bytes."""


def decode_bom(data: bytes) -> tuple[str, str] | None:
    """Decode bytes that start with a byte-order mark, dropping the mark.

    `b'\\xef\\xbb\\xbf通知'` (as UTF-8) -> ('通知', 'utf-8-sig')
    """
    for bom, name, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError as error:
                raise Undecodable(f"starts with a {name} byte-order mark but the bytes after it are not {name} "
                                  f"(byte {error.start + len(bom):,}; a truncated or damaged file)") from error
    return None


def try_decode(data: bytes, codec: str) -> str | None:
    """Strict decode, or None: `try_decode('通知'.encode('gbk'), 'utf-8')` -> None."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def normalise_label(label: str) -> str | None:
    """The codec for a declared charset label: 'GB2312' -> 'gb18030', 'utf8' -> 'utf-8'."""
    label = label.strip().strip("\"'").lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def guess_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' for BOM-less UTF-16 bytes (many NULs on one side), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) / 2
    if odd / half > UTF16_NUL_SHARE and even < odd / 2:
        return "utf-16-le"
    if even / half > UTF16_NUL_SHARE and odd < even / 2:
        return "utf-16-be"
    return None


def looks_misread_gb(data: bytes, utf8_text: str) -> bool:
    """True when bytes that happen to be valid UTF-8 read better as GB18030.

    Short GB text can be valid UTF-8: '通知' in GB18030 is D6 AA CD A8, which UTF-8
    reads as 'ժͨ' (Armenian, Greek). Plans hold no such letters; GB18030 then wins
    if it decodes to more CJK ideographs.
    """
    if not MISREAD_GB_LETTERS.search(utf8_text):
        return False
    gb_text = try_decode(data, "gb18030")
    return gb_text is not None and cjk_count(gb_text) > cjk_count(utf8_text)


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode with the strict try-order; return (text, encoding name).

    `'通知'.encode('gb18030')` -> ('通知', 'gb18030');
    `declared` (a page's meta charset) is tried after UTF-8 and before GB18030.
    """
    bom = decode_bom(data)
    if bom is not None:
        return bom
    text = try_decode(data, "utf-8")
    if text is not None and not looks_misread_gb(data, text):
        return text, "utf-8"
    utf16 = guess_utf16(data)
    if utf16 is not None and (text := try_decode(data, utf16)) is not None:
        return text, utf16
    codec = normalise_label(declared) if declared else None
    if codec and codec != "utf-8" and (text := try_decode(data, codec)) is not None:
        return text, codec
    text = try_decode(data, "gb18030")
    if text is not None:
        return text, "gb18030"
    best = from_bytes(data).best()
    if best is not None:
        return str(best), codecs.lookup(best.encoding).name
    raise Undecodable("bytes decode as neither UTF-8, UTF-16 nor GB18030")
