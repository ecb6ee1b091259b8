"""Word files: paragraphs and tables in document order, tables rendered like HTML tables.

The body XML is walked directly (`w:p`, `w:tbl`, `w:sdt` in order) so that a
table stays where it stands between paragraphs; a table that only lays the page
out (one column, or one cell holding most of the text) is read as the paragraphs
and tables inside its cells. A vertically merged continuation cell
(`<w:vMerge/>`) and the columns a `<w:gridSpan w:val="2"/>` covers are rendered
empty, as for `rowspan`/`colspan` in HTML. Numbers that
Word's list numbering draws before a paragraph (`三、` before `主要任务`) are
written into its text (see docx_numbering).
"""
from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn

from extract.limits import check_span, check_unpacked

from .docx_numbering import ListNumbering
from .source import SourceText, UnreadableDocument, sha256_hex
from .table import SpanCell, grid_from_spans, table_lines

# An OLE compound file: a legacy `.doc`, or a `.docx` encrypted with a password
# (Office wraps encrypted packages in OLE).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W_P, W_TBL, W_SDT, W_SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
W_TR, W_TC, W_T = qn("w:tr"), qn("w:tc"), qn("w:t")
W_TAB, W_BR, W_CR = qn("w:tab"), qn("w:br"), qn("w:cr")
W_VAL = qn("w:val")

# Run content -> text. A tab inside a paragraph (`东莞市发展和改革局<w:tab/>2026年1月27日`)
# becomes a space: TAB is reserved for separating table cells.
RUN_SPECIALS = {W_TAB: " ", W_BR: "\n", W_CR: "\n", qn("w:noBreakHyphen"): "-"}

# Subtrees whose text is not shown: what a tracked change removed or moved away, and
# the VML copy Word keeps of every text box (`mc:Fallback`) beside the one it shows.
HIDDEN_SUBTREES = frozenset({
    qn("w:del"), qn("w:moveFrom"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
})

SPACES = re.compile(r"[ \t\xa0]+")
# A table one of whose cells holds at least this share of the document's text is layout.
LAYOUT_SHARE = 0.5


def _shown_text(node, parts: list[str]) -> None:
    for child in node:
        if child.tag in HIDDEN_SUBTREES:
            continue
        if child.tag == W_T:
            parts.append(child.text or "")
        elif child.tag in RUN_SPECIALS:
            parts.append(RUN_SPECIALS[child.tag])
        else:
            _shown_text(child, parts)


def paragraph_text(p) -> str:
    """Shown text of a `w:p`: runs, hyperlinks and fields joined; `<w:br/>` is a line break.

    <w:p><w:r><w:t>一、</w:t></w:r><w:r><w:t>总体要求</w:t></w:r></w:p> -> '一、总体要求'
    """
    parts: list[str] = []
    _shown_text(p, parts)
    return "".join(parts)


def _prop(element, *path: str):
    for name in path:
        if element is None:
            return None
        element = element.find(qn(name))
    return element


def _int_val(element, default: int) -> int:
    try:
        return int(element.get(W_VAL)) if element is not None else default
    except (TypeError, ValueError):
        return default


def numbered_text(p, numbering: ListNumbering, bare_label: bool = False) -> str:
    """A paragraph's shown text behind the label its list numbering draws.

    `主要任务` as the third item of a `%1、` chineseCounting list -> '三、主要任务'
    """
    label = numbering.label(p)
    text = paragraph_text(p)
    if not label:
        return text
    if not text.strip():
        # An empty numbered paragraph still counts (the next item reads 5 after a blank 4).
        # In a table it is the 序号 column Word numbers by itself; in the body a lone
        # `4.` would read as a heading, so it gives no line.
        return label.strip() if bare_label else text
    return label + text.lstrip()


def cell_text(tc, numbering: ListNumbering) -> str:
    """A cell's paragraphs (and nested tables) joined by spaces: '市发展改革委 市财政局'."""
    texts = [numbered_text(p, numbering, bare_label=True) for p in tc.iter(W_P)]
    return " ".join(t for t in texts if t.strip())


def span_rows(tbl, numbering: ListNumbering) -> list[list[SpanCell]]:
    """Cells of a `w:tbl` with their column spans; vertical continuations empty."""
    rows = []
    for tr in tbl.iterchildren(W_TR):
        cells = []
        before = check_span(_int_val(_prop(tr, "w:trPr", "w:gridBefore"), 0))
        if before:
            cells.append(SpanCell("", 1, before))
        for tc in tr.iterchildren(W_TC):
            span = check_span(_int_val(_prop(tc, "w:tcPr", "w:gridSpan"), 1))
            merge = _prop(tc, "w:tcPr", "w:vMerge")
            continued = merge is not None and merge.get(W_VAL, "continue") != "restart"
            cells.append(SpanCell("" if continued else cell_text(tc, numbering), 1, span))
        rows.append(cells)
    return rows


def shown_length(element) -> int:
    """Characters of text under an element: `<w:p><w:t>一、</w:t><w:t>总体要求</w:t></w:p>` -> 6."""
    return sum(len(t.text or "") for t in element.iter(W_T))


def is_layout(tbl, document_length: int) -> bool:
    """A table that lays the page out rather than tabulating: one column, or one cell
    holding most of the document (an old-style web page saved as .docx keeps the table
    that framed its navigation, body and footer)."""
    rows = list(tbl.iterchildren(W_TR))
    if any(_int_val(_prop(tc, "w:tcPr", "w:gridSpan"), 1) > 1 for tr in rows for tc in tr.iterchildren(W_TC)):
        return False   # a cell spanning columns belongs to a real grid (and its spans are checked there)
    if rows and all(len(list(tr.iterchildren(W_TC))) <= 1 for tr in rows):
        return True
    longest = max((shown_length(tc) for tr in rows for tc in tr.iterchildren(W_TC)), default=0)
    return document_length > 0 and longest >= LAYOUT_SHARE * document_length


def block_lines(container, numbering: ListNumbering, document_length: int = 0) -> list[str]:
    """Lines of a body (or content control, or layout cell) in document order."""
    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == W_P:
            for line in numbered_text(child, numbering).split("\n"):
                line = SPACES.sub(" ", line).strip()
                if line:
                    lines.append(line)
        elif child.tag == W_TBL and is_layout(child, document_length):
            for tr in child.iterchildren(W_TR):
                for tc in tr.iterchildren(W_TC):
                    lines.extend(block_lines(tc, numbering, document_length))
        elif child.tag == W_TBL:
            lines.extend(table_lines(grid_from_spans(span_rows(child, numbering))))
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                lines.extend(block_lines(content, numbering, document_length))
    return lines


def read_docx_bytes(file_name: str, data: bytes) -> SourceText:
    """Read a `.docx`: '关于印发…的通知' paragraph, then a task table row '1\\t推进改革\\t市发展改革委'."""
    if data.startswith(OLE_MAGIC):
        raise UnreadableDocument(file_name, "encrypted Word file or legacy .doc (OLE container), not a .docx package")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableDocument(file_name, f"corrupt Word file: {error}") from error
    check_unpacked(len(data), unpacked)
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableDocument(file_name, f"corrupt Word file: {error}") from error
    body = document.element.body
    lines = block_lines(body, ListNumbering.of_document(document), shown_length(body))
    if not lines:
        raise UnreadableDocument(file_name, "empty: the Word file holds no text")
    return SourceText(file_name, sha256_hex(data), "docx", None, "\n".join(lines) + "\n")
