"""One plan, any format or encoding: the same tasks, units and targets (issue 8).

Two seed plans with flattened task tables (000 崇明 three-year plan, 004 万州
task-division table) are written at test time as a web page (paragraphs as
`<p>`, tables as real `<table>` with `rowspan` for merged cells), a Word file
(python-docx, vertically merged cells) and a PDF (the web page printed by
headless Chromium, with the rows of a merged cell kept on one page; 004 also
without), and each is run through `read_source` and `extract_document` and
compared with the `.txt`. The PDF text layer maps some glyphs to radical code
points (`区⺠政局`, `养⽼`) and Chromium cuts merged cells at page breaks without a
rule: the reader must undo both.

The five seeds re-encoded as GB18030, UTF-16 and UTF-8 with BOM are built
with build.py and scored with ../shared/tools/evaluate.py: the scores must be
those of the original bytes.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import json
import logging
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import sqlite_utils
from docx import Document

from conftest import ROOT, SHARED
from extract.text.lines import split_lines
from extract.pipeline import extract_document
from extract.readers import read_source
from extract.readers.pdf_tables import cell_text as pdf_cell_text
from extract.readers.radicals import fold_radicals
from extract.readers.table import cell_text
from extract.records import PlanRecords
from extract.structure.tables import find_tables

CORPUS = ROOT / "corpus"
# 000 has a five-column task table (计划名称 / 主要任务 merged down), 004 a six-column
# task-division table (工作任务, 牵头单位, 责任单位 merged down).
FORMAT_SEEDS = ["000_c428ca0736d105e4.txt", "004_06819636498526cc.txt"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_TIMEOUT = 120
BUILD_TIMEOUT = 600
# The seed also printed with page breaks inside merged cells (its 分工表 has cells merged
# over three rows that Chromium splits over two pages).
SPLIT_SEED = "004_06819636498526cc.txt"

GOLD = SHARED / "gold"
GOLD_CORPUS = SHARED / "corpus"
EVALUATE = SHARED / "tools" / "evaluate.py"
# Codec written -> encoding the reader records for it.
ENCODINGS = {"gb18030": "gb18030", "utf-16": "utf-16", "utf-8-sig": "utf-8-sig"}

# Print CSS for the PDF: paragraphs indented two characters as in print; ruled
# tables whose rows are not split over a page break (a row cut in two by a page
# break reads as two rows in any PDF reader) and whose header repeats.
PRINT_CSS = ("body{font-family:'Noto Serif CJK SC',serif;font-size:12pt}"
             "p{text-indent:2em;margin:0}"
             "table{border-collapse:collapse;width:100%}"
             "th,td{border:1px solid #000;padding:2px;font-weight:normal;vertical-align:top}"
             "tr{break-inside:avoid}thead{display:table-header-group}")

# --- writing one plan in other formats ------------------------------------------------------

@dataclasses.dataclass
class Block:
    """A paragraph (`text`) or a table (`rows`, header first) in reading order."""

    text: str | None = None
    rows: list[list[str]] | None = None


def plan_blocks(text: str) -> list[Block]:
    """A flattened plan as paragraphs and real tables.

    Table lines (`\\t序号`, `\\t工作任务`, …, blank-separated rows) become one table
    whose rows are read by `extract.structure.tables.find_tables`; every other non-blank
    line is a paragraph.
    """
    lines = split_lines(text)
    owner = {index: table for table in find_tables(lines) for index in table.line_indices}
    blocks: list[Block] = []
    written: set[int] = set()
    for line in lines:
        table = owner.get(line.index)
        if table is None:
            paragraph = " ".join(line.raw.split())
            if paragraph:
                blocks.append(Block(text=paragraph))
            continue
        if id(table) in written:
            continue
        written.add(id(table))
        if table.title:
            blocks.append(Block(text=table.title))
        width = len(table.header.cells)
        rows = [table.header.texts()] + [(row.texts() + [""] * width)[:width] for row in table.rows]
        blocks.append(Block(rows=rows))
    return blocks


def merged_cells(rows: list[list[str]]) -> list[list[tuple[str, int] | None]]:
    """(text, rowspan) per cell, None where a cell is covered by the one above.

    An empty body cell below a filled one is that cell merged down, as Word
    flattens it: [['序号', '任务'], ['1', '甲'], ['2', '']] ->
    [[('序号', 1), ('任务', 1)], [('1', 1), ('甲', 2)], [('2', 1), None]].
    """
    grid: list[list[tuple[str, int] | None]] = [[(text, 1) for text in row] for row in rows]
    for column in range(len(rows[0])):
        top = None
        for r in range(1, len(rows)):
            if rows[r][column] or top is None:
                top = r if rows[r][column] else None
                continue
            text, span = grid[top][column]
            grid[top][column] = (text, span + 1)
            grid[r][column] = None
    return grid


def merge_groups(grid: list[list[tuple[str, int] | None]]) -> list[list[int]]:
    """Body row indices in runs that merged cells tie together: rows 1–3 when a cell of row 1 spans 3."""
    groups: list[list[int]] = []
    end = 0
    for r in range(1, len(grid)):
        if r > end:
            groups.append([])
        groups[-1].append(r)
        end = max([end, r] + [r + cell[1] - 1 for cell in grid[r] if cell])
    return groups


def html_table(rows: list[list[str]], merges_on_one_page: bool) -> str:
    """`<table>` with `rowspan`; one `<tbody>` per merge group, unbreakable if asked."""
    grid = merged_cells(rows)
    html_rows = []
    for r, row in enumerate(grid):
        tag = "th" if r == 0 else "td"
        cells = "".join(f"<{tag}{f' rowspan={span}' if span > 1 else ''}>{html.escape(text)}</{tag}>"
                        for text, span in filter(None, row))
        html_rows.append(f"<tr>{cells}</tr>")
    style = " style='break-inside:avoid'" if merges_on_one_page else ""
    bodies = "".join(f"<tbody{style}>{''.join(html_rows[r] for r in group)}</tbody>" for group in merge_groups(grid))
    return f"<table><thead>{html_rows[0]}</thead>{bodies}</table>"


def html_page(blocks: list[Block], title: str, site: bool = True, merges_on_one_page: bool = True) -> str:
    """The plan as a web page; with `site`, inside navigation and a footer as saved from a
    government site (the reader must drop them), without it a page to print."""
    body = "".join(html_table(block.rows, merges_on_one_page) if block.rows else f"<p>{html.escape(block.text)}</p>"
                   for block in blocks)
    nav = ("<div class='nav'><a href='/'>首页</a> &gt; <a href='/zwgk/'>政务公开</a> &gt; <a>政策文件</a></div>"
           if site else "")
    footer = "<div class='footer'><p>主办单位：某某区人民政府办公室</p><p>网站标识码：5001010001</p></div>" if site else ""
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{PRINT_CSS}</style></head><body>"
            f"{nav}<div class='content'>{body}</div>{footer}</body></html>")


def write_docx(blocks: list[Block], path: Path) -> None:
    """Paragraphs and real tables; merged cells with `vMerge` as Word writes them."""
    document = Document()
    for block in blocks:
        if block.rows is None:
            document.add_paragraph(block.text)
            continue
        table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
        for r, row in enumerate(merged_cells(block.rows)):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                text, span = cell
                table.cell(r, c).text = text
                if span > 1:
                    table.cell(r, c).merge(table.cell(r + span - 1, c))
    document.save(path)


def print_pdfs(jobs: dict[Path, Path]) -> None:
    """Print web pages to PDF with headless Chromium (page -> pdf, side by side), without
    Chromium's date/URL header and footer."""
    running = {pdf: subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={pdf.with_suffix('.profile')}", f"--print-to-pdf={pdf}", page.as_uri()],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for page, pdf in jobs.items()}
    for pdf, process in running.items():
        _, stderr = process.communicate(timeout=CHROMIUM_TIMEOUT)
        assert process.returncode == 0 and pdf.exists() and pdf.stat().st_size, \
            f"chromium did not print {pdf.name}: {stderr.decode(errors='replace')[-500:]}"


@pytest.fixture(scope="module")
def renditions(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(seed, format) -> the seed written in that format.

    'pdf' is printed with the rows of each merged cell kept on one page; 'pdf-split'
    (004 only) lets page breaks fall inside merged cells. PDFs only where Chromium is.
    """
    out, printing = {}, {}
    for name in FORMAT_SEEDS:
        folder = tmp_path_factory.mktemp(name[:3])
        seed = CORPUS / name
        stem = seed.stem
        blocks = plan_blocks(read_source(seed).text)
        out[name, "txt"] = seed
        out[name, "html"] = folder / f"{stem}.html"
        out[name, "html"].write_text(html_page(blocks, stem), encoding="utf-8")
        out[name, "docx"] = folder / f"{stem}.docx"
        write_docx(blocks, out[name, "docx"])
        variants = {"pdf": True, "pdf-split": False} if name == SPLIT_SEED else {"pdf": True}
        for fmt, merges_on_one_page in variants.items():
            printable = folder / f"{stem}.{fmt}.html"
            printable.write_text(html_page(blocks, stem, site=False, merges_on_one_page=merges_on_one_page),
                                 encoding="utf-8")
            out[name, fmt] = folder / fmt / f"{stem}.pdf"
            out[name, fmt].parent.mkdir()
            printing[printable] = out[name, fmt]
    if CHROMIUM:
        print_pdfs(printing)
    else:
        for key in [key for key in out if key[1].startswith("pdf")]:
            del out[key]
    return out


# --- what must be the same ------------------------------------------------------------------

@dataclasses.dataclass
class Summary:
    tasks: list[tuple[str, str | None, str | None]]                 # (kind, number, title) in order
    units: dict[tuple[str, str | None, str | None], frozenset]      # task -> {(mention, role)}
    deadlines: dict[tuple[str, str | None, str | None], str | None]  # task -> '2020-06'
    targets: Counter                                                # (value, unit, comparator) -> count


def summarise(records: PlanRecords) -> Summary:
    keys = [(t.kind, t.number, t.title) for t in records.tasks]
    return Summary(
        tasks=keys,
        units={key: frozenset((u.mention, u.role) for u in t.units) for key, t in zip(keys, records.tasks)},
        deadlines={key: t.deadline for key, t in zip(keys, records.tasks)},
        targets=Counter((i.value, i.unit, i.comparator) for i in records.indicators),
    )


@functools.lru_cache(maxsize=None)
def read(path: Path):
    """`read_source`, once per file: reading a PDF takes seconds."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # `Could not get FontBBox` for every glyph
    return read_source(path)


def extracted(path: Path) -> PlanRecords:
    return extract_document(read(path))


def assert_same(got: Summary, want: Summary) -> None:
    """Field by field, so that a failure shows which tasks, units or targets differ."""
    missing = [t for t in want.tasks if t not in got.tasks]
    extra = [t for t in got.tasks if t not in want.tasks]
    assert (missing, extra) == ([], []), "tasks differ"
    assert got.tasks == want.tasks, "same tasks, other order"
    differing = {key: (sorted(want.units[key] - got.units[key]), sorted(got.units[key] - want.units[key]))
                 for key in want.units if got.units[key] != want.units[key]}
    assert differing == {}, "units (missing, extra) per task"
    assert {k: v for k, v in got.deadlines.items() if v != want.deadlines[k]} == {}, "deadlines"
    assert (dict(want.targets - got.targets), dict(got.targets - want.targets)) == ({}, {}), \
        "targets (missing, extra)"


@pytest.fixture(scope="module")
def from_text() -> dict[str, Summary]:
    return {name: summarise(extracted(CORPUS / name)) for name in FORMAT_SEEDS}


def pdf_case(renditions, name: str, fmt: str = "pdf") -> Path:
    if not CHROMIUM:
        pytest.skip("no Chromium to print the PDF (looked for chromium on PATH and /usr/bin/chromium)")
    return renditions[name, fmt]


@pytest.mark.parametrize("fmt", ["html", "docx"])
@pytest.mark.parametrize("name", FORMAT_SEEDS, ids=lambda n: n[:3])
def test_same_plan_from_web_page_and_word(renditions, from_text, name, fmt):
    """Web page and Word file: every task, unit and target exactly as from the text."""
    records = extracted(renditions[name, fmt])
    assert records.document.format == fmt
    assert_same(summarise(records), from_text[name])


PDF_CASES = [*[(name, "pdf") for name in FORMAT_SEEDS], (SPLIT_SEED, "pdf-split")]


def pdf_id(value: str) -> str:
    return value[:3] if value.endswith(".txt") else value


@pytest.mark.parametrize("name, fmt", PDF_CASES, ids=pdf_id)
def test_same_plan_from_pdf(renditions, from_text, name, fmt):
    """Printed PDF: every task, unit, deadline and target exactly as from the text — pages,
    paragraphs broken over lines and pages, radical code points of the text layer, ruled
    tables with wrapped cells, merged cells (also cut by a page break) and repeated headers."""
    records = extracted(pdf_case(renditions, name, fmt))
    assert records.document.format == "pdf"
    assert_same(summarise(records), from_text[name])


@pytest.mark.parametrize("cell, text", [
    pytest.param("市发展\n改革委", "市发展改革委", id="cjk-cjk"),
    pytest.param("2020年\n12月", "2020年12月", id="year-digit"),
    pytest.param("到\n2024年，每个乡镇", "到2024年，每个乡镇", id="cjk-digit"),
    pytest.param("不少于50\n人", "不少于50人", id="digit-cjk"),
    pytest.param("打造农村社区\n“零距离”睦邻点", "打造农村社区“零距离”睦邻点", id="cjk-quote"),
    pytest.param("区⺠\n政局", "区民政局", id="cjk-radical"),
    pytest.param("public\nservice", "public service", id="latin-latin"),
    pytest.param("建成示范点；\n（2）完善制度", "建成示范点； （2）完善制度", id="numbered-item"),
])
def test_pdf_cell_line_breaks(cell, text):
    """A ruled table cell wrapped by the printer reads as the cell's text (cells of 000 and 004),
    joined as body text is joined."""
    assert cell_text(pdf_cell_text(fold_radicals(cell).split("\n"))) == text


@pytest.mark.parametrize("name, fmt", PDF_CASES, ids=pdf_id)
def test_pdf_table_keeps_every_cell(renditions, name, fmt):
    """Every cell of the plan's tables is in the table rows read from the PDF (spaces aside),
    merged cells included: 004's 建立行业标准…/区民政局/区财政局… of rows 26–28, cut by a page
    break without a rule, are no cell to pdfplumber."""
    text = read(pdf_case(renditions, name, fmt)).text
    table_text = "".join("".join(line.split()) for line in text.splitlines() if "\t" in line)
    cells = {"".join(cell.split()) for block in plan_blocks(read_source(CORPUS / name).text) if block.rows
             for row in block.rows for cell in row if cell}
    assert sorted(cell for cell in cells if cell not in table_text) == []


def test_renditions_carry_real_tables(renditions):
    """The fixtures are what they claim: merged cells in the page and the Word file."""
    name = FORMAT_SEEDS[1]
    [rows] = [block.rows for block in plan_blocks(read_source(CORPUS / name).text) if block.rows]
    assert rows[0][:3] == ["序号", "工作任务", "具体内容"] and len(rows) > 25   # the 分工表
    page = renditions[name, "html"].read_text(encoding="utf-8")
    assert page.count("<table>") == 1 and "rowspan=" in page
    document = Document(renditions[name, "docx"])
    assert len(document.tables) == 1 and len(document.tables[0].rows) == len(rows)
    assert 'w:vMerge w:val="restart"' in document.tables[0]._tbl.xml


# --- encodings ------------------------------------------------------------------------------

def build_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db)]


def evaluate(db: Path, corpus: Path) -> dict:
    raw = subprocess.run([sys.executable, str(EVALUATE), str(db), "--gold", str(GOLD), "--corpus", str(corpus),
                          "--json"], capture_output=True, text=True, check=True).stdout
    result = json.loads(raw)
    for document in result["documents"]:
        document.pop("plan_id")                                 # derived from the file's bytes
    return result


@pytest.fixture(scope="module")
def encoded_builds(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """codec -> (corpus, db): the five seeds, each re-encoded under its own name, built
    side by side in parallel processes."""
    if not EVALUATE.exists() or not GOLD_CORPUS.is_dir():
        pytest.skip("../shared (evaluate.py, gold and its corpus) is not beside this clone")
    seeds = sorted(GOLD_CORPUS.glob("*.txt"))
    builds, running = {}, {}
    for codec in ENCODINGS:
        folder = tmp_path_factory.mktemp(codec)
        corpus = folder / "corpus"
        corpus.mkdir()
        for seed in seeds:
            (corpus / seed.name).write_bytes(seed.read_text(encoding="utf-8").encode(codec))
        builds[codec] = (corpus, folder / "kb.db")
        running[codec] = subprocess.Popen(build_command(corpus, folder / "kb.db"), cwd=ROOT,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for codec, process in running.items():
        _, stderr = process.communicate(timeout=BUILD_TIMEOUT)
        assert process.returncode == 0, f"{codec} build failed:\n{stderr}"
    return builds


@pytest.fixture(scope="module")
def original_scores(seed_db) -> dict:
    """Scores of the seeds' original bytes, from the session's build of corpus/ (which holds
    them byte for byte; its other plans have no gold and are not scored)."""
    return evaluate(seed_db, GOLD_CORPUS)


@pytest.mark.parametrize("codec", list(ENCODINGS))
def test_reencoded_seeds_score_as_the_originals(encoded_builds, original_scores, codec):
    corpus, db = encoded_builds[codec]
    recorded = {row["file_name"]: row["encoding"] for row in sqlite_utils.Database(db).query(
        "select file_name, encoding from documents")}
    assert recorded == {path.name: ENCODINGS[codec] for path in corpus.iterdir()}
    scores = evaluate(db, corpus)
    assert scores["missing_plans"] == [] == original_scores["missing_plans"]
    assert scores["overall"] == original_scores["overall"]
    assert scores["documents"] == original_scores["documents"]
