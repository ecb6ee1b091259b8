"""Web pages: decode, find the document body, render it as a browser shows it.

Inline tags are joined without a gap (`挂牌起始价的</span>20%<span>执行` ->
`挂牌起始价的20%执行`), block elements end a line, real tables become one
TAB-joined line per row. Each line is stripped of spaces and the full-width
indent `　　`; empty lines are dropped.
"""
from __future__ import annotations

import json
import re

from .encoding import Undecodable, decode_text, normalise_label
from .html_body import find_body, find_title
from .cjk import WIDE, cjk_count
from .html_dom import BLOCK_TAGS, is_invisible, parse_document, tag_of
from .source import SourceText, UnreadableDocument, sha256_hex
from extract.limits import check_span

from .table import SpanCell, grid_from_spans, table_lines

# The charset a page declares in its first bytes: `<meta charset="UTF-8">`,
# `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`.
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
META_SCAN_BYTES = 4096

# A line break in the source between two CJK characters is not shown as a space
# (CSS Text 3 segment-break rule): `推动\n    经济` -> `推动经济`.
CJK_SEGMENT_BREAK = re.compile(rf"(?<=[{WIDE}])[ \t\r\f]*\n\s*(?=[{WIDE}])")
# Runs of source whitespace and `&nbsp;` show as one space.
INLINE_WHITESPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
# Invisible characters editors leave behind: zero-width space, BOM inside text.
INVISIBLE_CHARS = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Marks the end of a block while inline text is collected; never in page text.
BREAK = "\u2029"

# Labels of the metadata box (`索引号：`, `发布机构：`, `成文日期：`, `文号：`): not body text.
METADATA_LABEL = re.compile(r"(索引号|发布机构|成文日期|发文字号|文号|发布日期|主题分类|主题词|有效性)\s*[：:]")
METADATA_MIN_LABELS = 3
METADATA_MAX_CJK = 300

# A table used for layout rather than data: one column, or tables inside its cells.
LAYOUT_MAX_COLUMNS = 1

# Where a page carries its body as JSON inside a script:
# `window._CONFIG.DETAIL = {…,"content":"\u003Cp…"}` (Guangdong gkmlpt).
SCRIPT_CONTENT = re.compile(r'"(?:content|contentHtml|body|text)"\s*:\s*("(?:[^"\\]|\\.)*")')
# Below this many CJK characters the body found in the markup may be a stub the script fills.
MIN_BODY_CJK = 20


def clean_lines(raw: str) -> list[str]:
    """Collected inline text (blocks ended by BREAK) -> display lines.

    '　　各镇人民政府：' + BREAK + ' ' + BREAK + '挂牌起始价的' + '20%' -> ['各镇人民政府：', '挂牌起始价的20%']
    """
    raw = INVISIBLE_CHARS.sub("", raw)
    raw = CJK_SEGMENT_BREAK.sub("", raw)
    raw = INLINE_WHITESPACE.sub(" ", raw)
    # str.strip() takes every Unicode space off the ends: the indent `　　`, `\u2002`, `&nbsp;`.
    lines = (line.strip() for line in raw.split(BREAK))
    return [line for line in lines if line]


def is_metadata_box(node) -> bool:
    """The 索引号/发布机构/成文日期/文号 box: `<table><tr><td>索引号：</td>…` -> True.

    A `<div>` box (`<div class="col"><label>索引号：</label><span>…</span>`) counts only
    when it holds no `<p>`: a body container may well mention 文号： in its text.
    """
    if tag_of(node) != "table" and node.find(".//p") is not None:
        return False
    text = node.text_content()
    return (len(METADATA_LABEL.findall(text)) >= METADATA_MIN_LABELS
            and cjk_count(text) <= METADATA_MAX_CJK)


def table_rows(table) -> list:
    """The `<tr>` of a table, not of tables nested in its cells."""
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def row_cells(row) -> list:
    return [c for c in row if tag_of(c) in ("td", "th") and not is_invisible(c)]


def _span(cell, name: str) -> int:
    digits = re.sub(r"\D", "", cell.get(name, "1"))[:12]
    return check_span(max(int(digits or 1), 1), "rows" if name == "rowspan" else "columns")


def is_layout_table(table) -> bool:
    """A table that only positions the page: a single column, or tables inside its cells."""
    rows = table_rows(table)
    widest = max((sum(_span(c, "colspan") for c in row_cells(r)) for r in rows), default=0)
    return widest <= LAYOUT_MAX_COLUMNS or bool(table.xpath(".//td//table | .//th//table"))


class Renderer:
    """Collects a subtree's text the way a browser lays it out."""

    def __init__(self):
        self.parts: list[str] = []
        self.lines: list[str] = []

    def flush(self) -> None:
        self.lines.extend(clean_lines("".join(self.parts)))
        self.parts.clear()

    def render(self, node) -> list[str]:
        self.visit(node, include_tail=False)
        self.flush()
        return self.lines

    def visit(self, node, include_tail: bool = True) -> None:
        tag = tag_of(node)
        if is_invisible(node) or (tag in ("table", "div", "ul", "dl") and is_metadata_box(node)):
            pass
        elif tag == "table" and not is_layout_table(node):
            self.flush()
            self.lines.extend(table_lines(grid_from_spans(self.span_rows(node))))
        else:
            block = tag in BLOCK_TAGS
            if block:
                self.parts.append(BREAK)
            self.parts.append(node.text or "")
            for child in node:
                self.visit(child)
            if block:
                self.parts.append(BREAK)
        if include_tail and node.tail:
            self.parts.append(node.tail)

    def span_rows(self, table) -> list[list[SpanCell]]:
        rows = []
        for row in table_rows(table):
            cells = []
            for cell in row_cells(row):
                text = " ".join(Renderer().render(cell))
                cells.append(SpanCell(text, _span(cell, "rowspan"), _span(cell, "colspan")))
            rows.append(cells)
        return rows


def render_lines(node) -> list[str]:
    """Display lines of an element: `<p>　　一、<strong>总体要求</strong></p><p>…` -> ['一、总体要求', …]."""
    return Renderer().render(node)


def script_body_lines(root) -> list[str]:
    """The body as carried in a script's JSON (`"content":"\\u003Cp\\u003E…"`), when the markup has none."""
    best: list[str] = []
    for script in root.iter("script"):
        for match in SCRIPT_CONTENT.finditer(script.text or ""):
            try:
                fragment = json.loads(match.group(1))
            except ValueError:
                continue
            if "<" not in fragment:
                continue
            lines = render_lines(parse_document(fragment).find("body"))
            if sum(map(cjk_count, lines)) > sum(map(cjk_count, best)):
                best = lines
    return best


def page_lines(text: str) -> list[str]:
    """Title and body lines of a page's decoded text.

    '<h1>关于印发…的通知</h1><div>发布日期：2026-01-28</div><div class="zw"><p>各区：</p></div>'
    -> ['关于印发…的通知', '各区：']
    """
    root = parse_document(text)
    for cell in root.iter("td", "th"):   # every cell of the page, rendered or not
        _span(cell, "rowspan"), _span(cell, "colspan")
    node, plain = find_body(root)
    lines = render_lines(node)
    if plain.get(node, 0) < MIN_BODY_CJK:
        from_script = script_body_lines(root)
        if sum(map(cjk_count, from_script)) > sum(map(cjk_count, lines)):
            return from_script
    title = find_title(root, node)
    if title is not None:
        heading = render_lines(title)
        if heading and "".join(heading) != "".join(lines[: len(heading)]):
            lines = heading + lines
    return lines


def declared_charset(data: bytes) -> str | None:
    """The charset in the page's first bytes: b'<meta charset="gb2312">' -> 'gb2312'."""
    match = META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def read_html_bytes(file_name: str, data: bytes) -> SourceText:
    """Read a saved web page: its visible document body, one paragraph per line."""
    declared = declared_charset(data)
    try:
        text, encoding = decode_text(data, declared)
    except Undecodable as error:
        raise UnreadableDocument(file_name, f"undecodable page: {error}") from error
    warnings = []
    if declared and encoding.replace("-sig", "") != (normalise_label(declared) or declared.lower()):
        warnings.append(f"page declares charset {declared} but decodes as {encoding}")
    lines = page_lines(text)
    if not lines:
        raise UnreadableDocument(file_name, "empty: no document body found in the page")
    return SourceText(file_name, sha256_hex(data), "html", encoding, "\n".join(lines) + "\n",
                      tuple(warnings))

