"""PDFs: the text layer, without running heads, feet and page numbers, broken lines joined.

Each page is read from its glyphs: lines from their baselines (`pdf_glyphs`,
glyphs above or below the page box left out), ruled tables from pdfplumber's cells
with rows a page break cut closed (`pdf_tables`). Running heads, feet, page numbers
and lines printed twice across a break go (`pdf_lines`); lines are joined into
paragraphs (`pdf_paragraphs`) and tables continued over pages into one table
(`pdf_stitch`), rendered like HTML tables (one TAB-joined line per row, merged cells
empty) at their place. Radical code points are folded back (`radicals`); a text
layer that looks broken is reported (`pdf_health`).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .cjk import cjk_count
from .pdf_glyphs import glyph, glyph_lines, on_page, within_page_height
from .pdf_health import text_layer_warnings
from .pdf_lines import Line, cut_line_copies, strip_running_lines
from .pdf_paragraphs import join_lines, measure
from .pdf_stitch import same_columns, stitch
from .pdf_tables import MIN_TABLE_COLUMNS, TableFragment, inside_any, page_tables
from .source import SourceText, UnreadableDocument, sha256_hex
from .table import table_lines

PDF_MAGIC = b"%PDF"
MAGIC_SCAN_BYTES = 1024

# A glyph the text layer cannot map to Unicode comes out as `(cid:1234)`: a PDF made
# with a subset font lacking a ToUnicode table. Mostly such glyphs means no usable text.
CID_GLYPH = re.compile(r"\(cid:\d+\)")


@dataclass
class Page:
    """One page read: its lines and table fragments top to bottom, and what was left out."""

    items: list[tuple[float, Line | TableFragment]]
    glyphs: int = 0
    outside: int = 0
    dropped: int = 0

    @property
    def lines(self) -> list[Line]:
        return [item for _, item in self.items if isinstance(item, Line)]


def read_page(page, index: int) -> Page:
    """Lines and ruled tables of one page, top to bottom; glyphs above or below the page box left out."""
    chars = [c for c in page.chars if c["text"].strip()]
    kept = [c for c in chars if within_page_height(c, page.bbox)]
    glyphs = [glyph(c) for c in kept]
    tables = page_tables(page, glyphs, index)
    text = [g for g in glyphs if not inside_any(g, tables)] if tables else glyphs
    items: list[tuple[float, Line | TableFragment]] = [(line.baseline, line) for line in glyph_lines(text, index)]
    items += [(fragment.bbox[1], fragment) for fragment in tables]
    outside = sum(1 for c in chars if not on_page(c, page.bbox))
    return Page(sorted(items, key=lambda item: item[0]), len(glyphs), outside, len(chars) - len(kept))


def _link_across_pages(pages: list[list[Line | TableFragment]]) -> None:
    """Mark a table ending a page and one on the same columns starting the next as parts of one."""
    for before, after in zip(pages, pages[1:]):
        if (before and after and isinstance(before[-1], TableFragment) and isinstance(after[0], TableFragment)
                and len(before[-1].columns) >= MIN_TABLE_COLUMNS and same_columns(before[-1], after[0])):
            before[-1].linked = after[0].linked = True


def _blocks(pages: list[Page], kept: set[int]) -> list[list[Line] | list[TableFragment]]:
    """Runs of kept lines and tables in reading order; the parts of a table a page break
    parts are one table. A box too small to be a table by itself is read as text."""
    shown = [[item for _, item in page.items if isinstance(item, TableFragment) or id(item) in kept]
             for page in pages]
    _link_across_pages(shown)
    blocks: list[list[Line] | list[TableFragment]] = []

    def add_line(line: Line) -> None:
        if blocks and isinstance(blocks[-1][-1], Line):
            blocks[-1].append(line)
        else:
            blocks.append([line])

    for items in shown:
        for position, item in enumerate(items):
            if isinstance(item, Line):
                add_line(item)
            elif item.small:
                for line in item.lines:
                    add_line(line)
            elif position == 0 and item.linked and blocks and isinstance(blocks[-1][-1], TableFragment):
                blocks[-1].append(item)
            else:
                blocks.append([item])
    return blocks


def document_lines(pages: list[Page]) -> list[str]:
    """Pages of lines and tables -> the document's paragraphs and table rows."""
    kept = {id(line) for page in strip_running_lines([page.lines for page in pages]) for line in page}
    kept -= cut_line_copies([[item for _, item in page.items if isinstance(item, TableFragment) or id(item) in kept]
                             for page in pages])
    geometry = measure([line for page in pages for line in page.lines if id(line) in kept])
    out: list[str] = []
    for block in _blocks(pages, kept):
        if isinstance(block[0], TableFragment):
            out.extend(table_lines(stitch(block)))
        else:
            out.extend(join_lines(block, geometry))
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
            pages = [read_page(page, index) for index, page in enumerate(pdf.pages)]
    except Exception as error:  # pdfminer raises many unrelated types for damaged files
        cause = _root_cause(error)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise UnreadableDocument(file_name, "encrypted PDF: needs a password to read") from error
        raise UnreadableDocument(file_name, f"corrupt PDF: {type(cause).__name__}: {cause}") from error
    if not pages:
        raise UnreadableDocument(file_name, "corrupt PDF: no pages")
    blank = [str(i + 1) for i, page in enumerate(pages) if not page.glyphs]
    if len(blank) == len(pages):
        raise UnreadableDocument(file_name, "scanned PDF: no text layer")
    warnings = [f"pages without a text layer: {', '.join(blank)}"] if blank else []
    lines = document_lines(pages)
    unmapped = sum(len(CID_GLYPH.findall(line)) for line in lines)
    if unmapped > sum(map(cjk_count, lines)):
        raise UnreadableDocument(file_name, f"PDF text layer without Unicode mapping ({unmapped} `(cid:N)` glyphs)")
    if unmapped:
        warnings.append(f"{unmapped} glyphs without Unicode mapping, kept as (cid:N)")
    warnings += text_layer_warnings([page.lines for page in pages], [page.outside for page in pages],
                                    [page.dropped for page in pages])
    return SourceText(file_name, sha256_hex(data), "pdf", None, "\n".join(lines) + "\n", tuple(warnings))
