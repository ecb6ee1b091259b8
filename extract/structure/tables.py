"""Flattened tables read back into rows and cells.

Word-processor exports flatten a table in one of two ways, both seen in
real plans:
  one cell per line   `\\t序号` `\\t计划名称` … rows separated by blank lines,
                      a merged cell as an empty `\\t` line, a cell's text
                      broken over lines (`\\t区民政局、区司法局、` / `` / `区公安分局`)
  one row per line    `序号\\t项目名称\\t项目类型…`, a merged cell as an
                      empty field (`\\t2 基本医疗保险参保率 (%)\\t…`)
Web pages and Word files are rendered by the readers in the second form.
Every cell keeps its offsets, so a table row is a quotable source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.text.lines import Line
from extract.structure.outline import match_heading

# Words that make a row a header row.
HEADER_WORDS = re.compile(r"序号|指标|名称|任务|内容|单位|时限|目标|属性|类别|类型|分类|期限|地点|投资|基值|年")
# A continuation line of a broken cell is short and is no heading.
MAX_CONTINUATION = 40


@dataclass
class Cell:
    text: str          # whitespace-squashed text
    start: int
    end: int


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int
    label: bool = False     # a row spanning the table that names a group (`行动一：再造发展新极行动…`)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Table:
    title: str | None
    header: Row | None
    rows: list[Row] = field(default_factory=list)
    start: int = 0
    end: int = 0
    line_indices: set[int] = field(default_factory=set)

    def column(self, *patterns: str, exclude: str | None = None) -> int | None:
        """Index of the first header cell matching any pattern."""
        if not self.header:
            return None
        for pattern in patterns:
            for i, text in enumerate(self.header.texts()):
                if re.search(pattern, text) and not (exclude and re.search(exclude, text)):
                    return i
        return None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _cell(line_text: str, offset: int, a: int, b: int) -> Cell:
    raw = line_text[a:b]
    lead = len(raw) - len(raw.lstrip())
    stripped = raw.strip()
    return Cell(_squash(stripped), offset + a + lead, offset + a + lead + len(stripped))


def _split_row(line: Line) -> Row:
    cells, pos = [], 0
    raw = line.raw.rstrip("\r")
    for m in re.finditer("\t|$", raw):
        cells.append(_cell(raw, line.start, pos, m.start()))
        pos = m.end()
        if m.start() == len(raw):
            break
    if raw.startswith("\t") and cells and not cells[0].text:
        pass  # a merged first cell: keep the empty cell
    return Row(cells, line.start, line.end)


def _is_tab_row(line: Line) -> bool:
    """`序号\t项目名称…`, `\t2 基本医疗保险参保率 (%)\t应保尽保…`, `(一) 养老托育重大项目清单\t\t…`;
    not `\t序号` (one cell per line)."""
    return "\t" in line.raw.strip(" \r\u3000").lstrip("\t")


def find_tables(lines: list[Line]) -> list[Table]:
    """Every flattened table of a document, in order."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.is_cell:
            i += 1
            continue
        start = i
        if _is_tab_row(line):
            table, i = _read_tab_rows(lines, i)
        else:
            table, i = _read_cell_lines(lines, i)
        i = max(i, start + 1)  # every line is read once, whatever it turns out to be
        if table.header is not None and table.rows:
            table.title = table.title or _caption_above(lines, start)
            tables.append(table)
    return tables


# A group label spanning a table, printed on a line of its own between rows:
# `行动一：再造发展新极行动（综合区域整体焕新行动）`. Longer lines are paragraphs after the table.
MAX_LABEL_ROW = 60


def _is_label_row(lines: list[Line], i: int) -> bool:
    """A short line without TABs between two TAB rows of a table that has its header;
    not the title of the next table (`(二)重大产业清单` before its own header row)."""
    content = lines[i].content
    if len(content) > MAX_LABEL_ROW or _is_tab_row(lines[i]) or _looks_like_title([content]):
        return False
    following = next((line for line in lines[i + 1:] if not line.is_blank), None)
    return following is not None and _is_tab_row(following) and not _looks_like_header(_split_row(following))


# A caption line above a table: `静安区“卓越城区”城市更新行动重点任务清单（2023-2025年）`, `表1 达标评估推进计划表`.
CAPTION = re.compile(r"表|清单|一览|分工|分解")


def _caption_above(lines: list[Line], start: int) -> str | None:
    """The short line right above a table when it names the table."""
    above = next((line for line in reversed(lines[:start]) if not line.is_blank), None)
    if above is None or above.is_cell or len(above.content) > MAX_LABEL_ROW or not CAPTION.search(above.content):
        return None
    return above.content


def _read_tab_rows(lines: list[Line], i: int) -> tuple[Table, int]:
    table = Table(None, None, start=lines[i].start)
    while i < len(lines) and (lines[i].is_blank or _is_tab_row(lines[i])
                              or (table.header is not None and _is_label_row(lines, i))):
        line = lines[i]
        i += 1
        if line.is_blank:
            continue
        table.line_indices.add(line.index)
        if not _is_tab_row(line):
            table.rows.append(Row([_cell(line.raw, line.start, 0, len(line.raw))], line.start, line.end, label=True))
            continue
        row = _split_row(line)
        texts = [t for t in row.texts() if t]
        if len(texts) == 1 and table.header is None:
            table.title = texts[0]
            continue
        if table.header is None or (_looks_like_header(row) and row.texts() == table.header.texts()):
            if table.header is None:
                table.header = row
            continue
        if len(texts) == 1 and not row.cells[0].text and len(row.cells) > 2 and row.cells[-1].text == "":
            continue
        if len(texts) <= 1 and _looks_like_title(texts):
            continue
        table.rows.append(row)
        table.end = line.end
    return table, i


def _looks_like_header(row: Row) -> bool:
    texts = [t for t in row.texts() if t]
    return len(texts) >= 2 and sum(bool(HEADER_WORDS.search(t)) for t in texts) >= max(2, len(texts) // 2)


def _looks_like_title(texts: list[str]) -> bool:
    return bool(texts) and bool(re.search(r"清单|表$|一览", texts[0]))


def _read_cell_lines(lines: list[Line], i: int) -> tuple[Table, int]:
    """Blocks of `\\t` lines separated by blank lines; short bare lines continue the last cell."""
    blocks: list[list[Cell]] = []
    current: list[Cell] = []
    table = Table(None, None, start=lines[i].start)
    last_cell_line = i
    while i < len(lines):
        line = lines[i]
        if line.is_blank and not line.starts_cell:
            if current:
                blocks.append(current)
                current = []
            i += 1
            continue
        if line.starts_cell:
            stripped = line.raw.strip("\t \r\u3000")
            if "\t" in stripped:
                break
            lead = len(line.raw) - len(line.raw.lstrip("\t \u3000"))
            current.append(Cell(_squash(stripped), line.start + lead, line.start + lead + len(stripped)))
            table.line_indices.add(line.index)
            last_cell_line = i
            i += 1
            continue
        content = line.content
        if (len(content) <= MAX_CONTINUATION and not match_heading(content) and i - last_cell_line <= 3
                and (blocks or current)):
            target = current or blocks[-1]
            cell = target[-1]
            target[-1] = Cell(cell.text + _squash(content), cell.start, line.start + len(line.raw.rstrip()))
            table.line_indices.add(line.index)
            last_cell_line = i
            i += 1
            continue
        break
    if current:
        blocks.append(current)
    blocks = _rejoin_broken_rows(blocks)
    if blocks:
        width = next((len(b) for b in blocks if len(b) > 1), 0)
        header_texts = [c.text for c in next((b for b in blocks if len(b) > 1), [])]
        blocks = [row for b in blocks for row in (_split_overlong(b, width, header_texts) if len(b) > width else [b])]
    for block in blocks:
        row = Row(block, block[0].start, block[-1].end)
        if table.header is None:
            if len(block) == 1:
                table.title = block[0].text
                continue
            table.header = row
            continue
        if len(block) == len(table.header.cells) and _looks_like_header(row) and row.texts() == table.header.texts():
            continue  # the header again after a page break
        if len(block) == 1 and len(table.header.cells) > 1:
            if table.rows:
                continue
            table.title = block[0].text
            continue
        table.rows.append(row)
        table.end = row.end
    return table, i


def _rejoin_broken_rows(blocks: list[list[Cell]]) -> list[list[Cell]]:
    """A page break can split one row into two blocks; join blocks that only
    together fill the header's width (the header is the first block of 2+ cells)."""
    width = next((len(b) for b in blocks if len(b) > 1), 0)
    out: list[list[Cell]] = []
    for block in blocks:
        if out and width and 1 < len(out[-1]) < width and len(out[-1]) + len(block) <= width \
                and out[-1] is not blocks[0]:
            out[-1] = out[-1] + block
        else:
            out.append(list(block))
    return out


# A 完成时限 cell: `2020年6月`, `2021年12月`, `2021年8月-10月`.
DATE_CELL = re.compile(r"^(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?(?:[-—至~]\s*\d{1,2}\s*月)?(?:底|前|份)?$")
# A cell naming responsible bodies: `区民政局`, `区财政局、区市场监管局、各镇乡人民政府、街道办事处`.
UNIT_CELL = re.compile(r"(?:局|委|办|会|府|处|厅|中心|集团|公司|办事处|政府)[、，,。等\s]*$")


def _split_overlong(block: list[Cell], width: int, header: list[str]) -> list[list[Cell]]:
    """A block longer than the header is several rows whose empty (merged)
    cells and blank separators were lost; the date column anchors each row.

    `28` `` `建立服务考核标准…` `2021年12月` `建立时间银行，…体系。` `建立时间银行。…`
    `2021年12月` `区民政局` `区财政局、…` `打造特色…` `2021年12月` -> three rows.
    """
    date_col = next((i for i, h in enumerate(header) if re.search(r"时限|时间|期限|日期", h)), None)
    if date_col is None or not any(DATE_CELL.match(c.text) for c in block):
        return [block]
    rows, pre, i = [], [], 0
    while i < len(block):
        cell = block[i]
        if not DATE_CELL.match(cell.text):
            pre.append(cell)
            i += 1
            continue
        pre = pre[-date_col:] if date_col else []
        post, i = [], i + 1
        while i < len(block) and len(post) < width - date_col - 1 and UNIT_CELL.search(block[i].text):
            post.append(block[i])
            i += 1
        blank = lambda at: Cell("", at, at)  # noqa: E731
        row = [blank(pre[0].start if pre else cell.start)] * (date_col - len(pre)) + pre + [cell] + post
        row += [blank(row[-1].end)] * (width - len(row))
        rows.append(row)
        pre = []
    if pre:
        rows.append(pre + [Cell("", pre[-1].end, pre[-1].end)] * max(0, width - len(pre)))
    return rows


def fill_down(table: Table, columns: list[int], group_column: int | None = None) -> list[list[str]]:
    """Cell texts with empty (merged) cells taking the value above.

    A new value in `group_column` starts a group; fill-down does not cross it.
    """
    out: list[list[str]] = []
    previous: list[str] = []
    for row in table.rows:
        texts = row.texts() + [""] * max(0, len(table.header.cells) - len(row.cells))
        new_group = group_column is not None and texts[group_column]
        filled = list(texts)
        for c in columns:
            if not filled[c] and previous and not (new_group and c != group_column):
                filled[c] = previous[c]
        out.append(filled)
        previous = filled
    return out


def lists_items_under_span(tables: list[Table], start: int | None, end: int | None) -> bool:
    """Whether a table heads a column with the plan's span, `重点任务（2024-2026）`: its items, and
    the body's figures they restate, are commitments over the whole span."""
    if start is None or end is None or start == end:
        return False
    span = re.compile(rf"{start}\s*(?:年)?\s*[-—–~至到]\s*{end}")
    return any(span.search(cell) for t in tables if t.header for cell in t.header.texts())
