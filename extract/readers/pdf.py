"""PDFs: the text layer, without running heads, feet and page numbers, broken lines joined.

Ruled tables found by pdfplumber are rendered like HTML tables (one TAB-joined
line per row, merged cells empty) at their place on the page; the rest of the
page is read line by line and handed to `pdf_lines`. Radical code points of the
text layer are folded back to ideographs (`radicals`).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import extract_text

from .cjk import SPACE_BETWEEN_WIDE, cjk_count
from .pdf_lines import Line, join_lines, measure, starts_heading, strip_running_lines, wrap_gap
from .radicals import fold_radicals
from .source import SourceText, UnreadableDocument, sha256_hex
from .table import cell_text, table_lines

PDF_MAGIC = b"%PDF"
MAGIC_SCAN_BYTES = 1024

# A line break inside a table cell is the printer's wrap, joined as in body text
# (`pdf_lines.wrap_gap`): `市发展\n改革委` -> `市发展改革委`, `2020年\n12月` -> `2020年12月`,
# `打造农村社区\n“零距离”睦邻点` -> `打造农村社区“零距离”睦邻点`. A line opening like a
# heading (`（2）`, `2.`) starts a new item of the cell and keeps a space.
CELL_LINE_BREAK = "\n"
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
    """A cell's text as printed -> as written: '区⺠政局、\\n区财政局' -> '区民政局、区财政局'."""
    joined = ""
    for line in fold_radicals(text or "").split(CELL_LINE_BREAK):
        line = line.strip()
        if line:
            gap = (" " if starts_heading(line) else wrap_gap(joined, line)) if joined else ""
            joined += gap + line
    return joined


def _inside(obj, bbox) -> bool:
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= mid_x <= x1 and top <= mid_y <= bottom


def _covered(bbox, cells) -> bool:
    x0, top, x1, bottom = bbox
    mid_x, mid_y = (x0 + x1) / 2, (top + bottom) / 2
    return any(c0 <= mid_x <= c1 and ctop <= mid_y <= cbottom for c0, ctop, c1, cbottom in cells)


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, past last) of each run of True: [F, T, T, F, T] -> [(1, 3), (4, 5)]."""
    runs, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index))
            start = None
    return runs


def table_rows(table) -> list[list[str | None]]:
    """A found table's cell texts, row by row, with the text of cells that have no rules.

    pdfplumber lays cells on a grid of the distinct cell lefts and tops and gives None
    where no cell starts. Mostly that is a merged cell's covered part; but a merged cell
    cut by a page break has no closing rule (Chromium draws none where it splits 004's
    `建立行业标准…` over rows 26–28), is no cell, and its characters would be lost. Such
    uncovered grid slots are read from the characters inside them; slots running down
    one column are one cut cell, whose text goes to its top slot as a merged cell's does.
    """
    rows = table.extract()
    lefts = sorted({cell[0] for cell in table.cells}) + [table.bbox[2]]
    tops = sorted({cell[1] for cell in table.cells}) + [table.bbox[3]]
    for column, (left, right) in enumerate(zip(lefts, lefts[1:])):
        uncovered = [row[column] is None and not _covered((left, tops[r], right, tops[r + 1]), table.cells)
                     for r, row in enumerate(rows)]
        for first, past in _runs(uncovered):
            region = (left, tops[first], right, tops[past])
            rows[first][column] = extract_text([char for char in table.page.chars if _inside(char, region)]) or None
    return rows


def page_tables(page) -> list:
    """Ruled tables of a page that look like data: ≥2 rows and ≥2 columns."""
    tables = []
    for table in page.find_tables():
        rows = table_rows(table)
        if len(rows) >= MIN_TABLE_ROWS and max((len(r) for r in rows), default=0) >= MIN_TABLE_COLUMNS:
            tables.append((table.bbox, rows))
    return tables


def page_items(page) -> list[tuple[float, Line | TableBlock]]:
    """(top, line or table) of one page, top to bottom."""
    tables = page_tables(page)
    text_page = page.filter(lambda obj: not any(_inside(obj, bbox) for bbox, _ in tables)) if tables else page
    # Letter-spaced titles come out as `通 知`: a space between CJK characters is never content.
    items: list[tuple[float, Line | TableBlock]] = [
        (line["top"], Line(SPACE_BETWEEN_WIDE.sub("", fold_radicals(line["text"])), line["x0"], line["x1"]))
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
