"""PDFs: the text layer, without running heads, feet and page numbers, broken lines joined.

Ruled tables found by pdfplumber are rendered like HTML tables (one TAB-joined
line per row, merged cells empty) at their place on the page; the rest of the
page is read line by line and handed to `pdf_lines`.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .cjk import SPACE_BETWEEN_WIDE, WIDE, cjk_count
from .pdf_lines import Line, join_lines, measure, strip_running_lines
from .source import SourceText, UnreadableDocument, sha256_hex
from .table import cell_text, table_lines

PDF_MAGIC = b"%PDF"
MAGIC_SCAN_BYTES = 1024

# A line break inside a table cell between two CJK characters is a wrap, not a space:
# `市发展\\n改革委` -> `市发展改革委`.
CELL_WRAP = re.compile(rf"(?<=[{WIDE}])\n(?=[{WIDE}])")
# A glyph the text layer cannot map to Unicode comes out as `(cid:1234)`: a PDF made
# with a subset font lacking a ToUnicode table. Mostly such glyphs means no usable text.
CID_GLYPH = re.compile(r"\(cid:\d+\)")
# A found table is kept only with at least this many rows and columns (a box around
# one paragraph is not a table).
MIN_TABLE_ROWS, MIN_TABLE_COLUMNS = 2, 2


@dataclass(frozen=True)
class TableBlock:
    """A table's rendered rows, standing between text lines."""

    lines: tuple[str, ...]


def _cell(text: str | None) -> str:
    return CELL_WRAP.sub("", text or "")


def page_tables(page) -> list:
    """Ruled tables of a page that look like data: ≥2 rows and ≥2 columns."""
    tables = []
    for table in page.find_tables():
        rows = table.extract()
        if len(rows) >= MIN_TABLE_ROWS and max((len(r) for r in rows), default=0) >= MIN_TABLE_COLUMNS:
            tables.append((table.bbox, rows))
    return tables


def _inside(obj, bbox) -> bool:
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def page_items(page) -> list[tuple[float, Line | TableBlock]]:
    """(top, line or table) of one page, top to bottom."""
    tables = page_tables(page)
    text_page = page.filter(lambda obj: not any(_inside(obj, bbox) for bbox, _ in tables)) if tables else page
    # Letter-spaced titles come out as `通 知`: a space between CJK characters is never content.
    items: list[tuple[float, Line | TableBlock]] = [
        (line["top"], Line(SPACE_BETWEEN_WIDE.sub("", line["text"]), line["x0"], line["x1"]))
        for line in text_page.extract_text_lines(strip=True, return_chars=False)
        if line["text"].strip()
    ]
    for bbox, rows in tables:
        lines = table_lines([[cell_text(_cell(c)) for c in row] for row in rows])
        items.append((bbox[1], TableBlock(tuple(lines))))
    return sorted(items, key=lambda item: item[0])


def document_lines(pages: list[list[Line | TableBlock]]) -> list[str]:
    """Pages of lines and tables -> the document's paragraphs and table rows."""
    text_pages = [[item for item in page if isinstance(item, Line)] for page in pages]
    kept = strip_running_lines(text_pages)
    kept_ids = {id(line) for page in kept for line in page}
    geometry = measure([line for page in kept for line in page])
    out: list[str] = []
    run: list[Line] = []
    for page in pages:
        for item in page:
            if isinstance(item, TableBlock):
                out.extend(join_lines(run, geometry))
                run = []
                out.extend(item.lines)
            elif id(item) in kept_ids:
                run.append(item)
    out.extend(join_lines(run, geometry))
    return out


def _root_cause(error: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect()) -> the inner one."""
    while error.args and isinstance(error.args[0], BaseException):
        error = error.args[0]
    return error


def read_pdf_bytes(file_name: str, data: bytes) -> SourceText:
    """Read a PDF's text layer: '关于印发…的通知 / - 1 - / 一、支持企业稳产' pages -> '关于印发…的通知\\n一、支持企业稳产…'."""
    if PDF_MAGIC not in data[:MAGIC_SCAN_BYTES]:
        raise UnreadableDocument(file_name, "corrupt PDF: no %PDF header")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [[item for _, item in page_items(page)] for page in pdf.pages]
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        cause = _root_cause(error)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise UnreadableDocument(file_name, "encrypted PDF: needs a password to read") from error
        raise UnreadableDocument(file_name, f"corrupt PDF: {type(cause).__name__}: {cause}") from error
    if not pages:
        raise UnreadableDocument(file_name, "corrupt PDF: no pages")
    blank = [str(i + 1) for i, page in enumerate(pages) if not page]
    if len(blank) == len(pages):
        raise UnreadableDocument(file_name, "scanned PDF: no text layer")
    warnings = [f"pages without a text layer: {', '.join(blank)}"] if blank else []
    lines = document_lines(pages)
    unmapped = sum(len(CID_GLYPH.findall(line)) for line in lines)
    if unmapped > sum(map(cjk_count, lines)):
        raise UnreadableDocument(file_name, f"PDF text layer without Unicode mapping ({unmapped} `(cid:N)` glyphs)")
    if unmapped:
        warnings.append(f"{unmapped} glyphs without Unicode mapping, kept as (cid:N)")
    return SourceText(file_name, sha256_hex(data), "pdf", None, "\n".join(lines) + "\n", tuple(warnings))
