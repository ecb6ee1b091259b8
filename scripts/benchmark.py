"""Build speed, memory and size on synthetic corpora; figures are printed, not asserted.

    python scripts/benchmark.py [--sizes 100,300,1000] [--jobs 1,2] [--incremental] [--long 1000000]
                                [--merge 10000] [--keep DIR]

For each size N, writes N synthetic plans with ../shared/bench/make_corpus.py, then
in one run, so that the ratios are taken under the same load:
  1. a bare segmentation pass: one process running `jieba.lcut` (default dictionary)
     over the same files — the reference the build is compared with;
  2. `build.py --full --jobs J --timings` for each J, as a user runs it: wall time,
     characters per second, the ratio to the bare pass, peak RSS of the process tree
     (sampled from /proc), database size and its ratio to the text, and the share of
     each stage (workers' stages summed over documents, the parent's as measured);
  3. with --incremental (largest size): one document changed, the build run again.
--long N times extraction of one paragraph of N characters against one of N/10 (work
must grow linearly). --merge N measures merging N documents' Parquet shards into
SQLite (the single-machine step of --engine dask), the shards made by relabelling
the ids of 100 extracted plans.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
RSS_SAMPLE_SECONDS = 0.1
BARE_PASS = """
import sys, time, jieba
jieba.setLogLevel(60)
jieba.initialize()
paths = sys.argv[1:]
started = time.perf_counter()
for p in paths:
    jieba.lcut(open(p, encoding="utf-8").read())
print(time.perf_counter() - started)
"""
LONG_SENTENCE = "到2025年，全区养老床位总量不少于9888张，护理型床位占比不低于60%，新建社区长者食堂30个；"


# --- measuring commands as a user runs them --------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    tree[int(f.read().rsplit(b")", 1)[1].split()[1])].append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return tree


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kib(root: int) -> int:
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo.extend(tree.get(pid, []))
    return total


def run_measured(args: list[str]) -> dict:
    """Wall time, exit code, stdout/stderr and peak RSS of the process tree of a command."""
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            done.wait(RSS_SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    return {"wall": wall, "exit": process.returncode, "stdout": stdout, "stderr": stderr, "rss_mib": peak / 1024}


def bare_pass(files: list[Path]) -> float:
    """Seconds one process spends in `jieba.lcut` over the files (dictionary loading excluded)."""
    result = run_measured([sys.executable, "-c", BARE_PASS, *map(str, files)])
    return float(result["stdout"].strip())


def build(corpus: Path, db: Path, jobs: int, *extra: str) -> dict:
    result = run_measured([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db),
                           "--jobs", str(jobs), "--timings", *extra])
    result["timings"] = {m.group(1): float(m.group(2))
                         for m in re.finditer(r"^timing\t(.+)\t([\d.]+)$", result["stderr"], re.M)}
    result["db_bytes"] = db.stat().st_size if db.exists() else 0
    if result["exit"]:
        click.echo(f"build exited {result['exit']}: {result['stderr'][-2000:]}", err=True)
    return result


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) if c else cell.ljust(w) for c, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def stage_shares(timings: dict[str, float]) -> str:
    """Workers' stages and the parent's writing as shares of the CPU seconds they add up to."""
    stages = {k: v for k, v in timings.items()
              if k.startswith(("worker:", "write rows", "derived steps", "indexes", "analyze", "publish", "scan"))}
    total = sum(stages.values()) or 1.0
    return ", ".join(f"{k.replace('worker: ', '')} {v / total:.0%}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1]))


# --- one size ---------------------------------------------------------------------------------

def measure_size(n: int, folder: Path, jobs_list: list[int], incremental: bool) -> None:
    corpus = folder / f"corpus{n}"
    if not corpus.exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus), "--n", str(n)], check=True,
                       stdout=subprocess.DEVNULL)
    files = sorted(corpus.glob("*.txt"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    text_bytes = sum(p.stat().st_size for p in files)
    bare = bare_pass(files)
    click.echo(f"\n== {n} plans: {chars:,} characters, {text_bytes / 2**20:.1f} MiB; bare jieba.lcut pass "
               f"{bare:.1f} s ({chars / bare / 1000:.0f} kchars/s); {os.cpu_count()} CPUs, "
               f"load {os.getloadavg()[0]:.1f}")
    rows = [["build", "wall s", "kchars/s", "÷ bare pass", "tree RSS MiB", "DB MiB", "DB ÷ text", "exit"]]
    results = {}
    for jobs in jobs_list:
        db = folder / f"kb{n}_jobs{jobs}.db"
        db.unlink(missing_ok=True)
        r = results[jobs] = build(corpus, db, jobs, "--full")
        rows.append([f"--jobs {jobs}", f"{r['wall']:.1f}", f"{chars / r['wall'] / 1000:.0f}", f"{r['wall'] / bare:.2f}",
                     f"{r['rss_mib']:.0f}", f"{r['db_bytes'] / 2**20:.1f}", f"{r['db_bytes'] / text_bytes:.1f}",
                     str(r["exit"])])
    click.echo(table(rows))
    if 1 in results and len(results) > 1:
        for jobs in jobs_list[1:]:
            click.echo(f"speed-up --jobs {jobs} over --jobs 1: {results[1]['wall'] / results[jobs]['wall']:.2f}x")
    last = results[jobs_list[-1]]
    click.echo(f"stage shares (--jobs {jobs_list[-1]}): {stage_shares(last['timings'])}")
    if incremental:
        db = folder / f"kb{n}_jobs{jobs_list[-1]}.db"
        changed = files[len(files) // 2]
        original = changed.read_text(encoding="utf-8")
        changed.write_text(original.replace("养老", "养老服务", 1) + "\n（已修改）\n", encoding="utf-8")
        try:
            r = build(corpus, db, jobs_list[-1])
            summary = next((line for line in r["stderr"].splitlines() if line.startswith("updated ")), "")
            click.echo(f"one changed document, incremental build: {r['wall']:.2f} s wall (exit {r['exit']}; {summary})")
        finally:
            changed.write_text(original, encoding="utf-8")


# --- one long paragraph -----------------------------------------------------------------------

def measure_long(n_chars: int) -> None:
    from extract.pipeline import extract_document
    from extract.readers.source import SourceText, sha256_hex

    def extract(n: int) -> tuple[float, float, int]:
        body = "上海市崇明区养老服务发展行动计划（2023-2025年）\n一、主要目标\n" + LONG_SENTENCE * (n // len(LONG_SENTENCE)) + "\n"
        source = SourceText("long.txt", sha256_hex(body.encode()), "txt", "utf-8", body)
        wall, cpu = time.perf_counter(), time.process_time()
        records = extract_document(source)
        return time.perf_counter() - wall, time.process_time() - cpu, len(records.indicators)

    extract(1000)   # load the models
    rows = [["one paragraph of", "wall s", "CPU s", "kchars per CPU s", "indicators"]]
    for n in (n_chars // 10, n_chars):
        wall, cpu, found = extract(n)
        rows.append([f"{n:,} characters", f"{wall:.1f}", f"{cpu:.1f}", f"{n / cpu / 1000:.0f}", str(found)])
    click.echo("\n" + table(rows) + "\n(linear: the second row's kchars per CPU second close to the first's; "
               "CPU time, since wall time on a shared machine measures the neighbours)")


# --- merging shards ---------------------------------------------------------------------------

ID_COLUMNS = ("doc_id", "plan_id", "section_id", "parent_id", "task_id", "parent_task_id", "project_id",
              "indicator_id", "same_as")


def relabel(rows, k: int):
    """A copy of a document's rows under new ids (suffix `~k`), so one plan stands for many."""
    from extract.storage.rows import DocumentRows

    tables = {t: [{c: (f"{v}~{k}" if c in ID_COLUMNS and v is not None else v) for c, v in r.items()} for r in rs]
              for t, rs in rows.tables.items()}
    for r in tables["documents"]:
        r["cache_key"] = f"{r['cache_key']}~{k}"
    return DocumentRows(f"{rows.file_name}~{k}", f"{rows.doc_id}~{k}", tables, rows.search, rows.warnings)


def measure_merge(n: int, folder: Path) -> None:
    import sqlite3

    from extract.corpus import Outcome
    from extract.one_file import process_file, warm_up
    from extract.engines.shards import read_shard, shard_bytes
    from extract.storage.derived import run_derived_steps
    from extract.storage.load import RowIds, create_indexes, ensure_db_shape, prepare_build_file, save_document

    corpus = folder / "corpus100"
    if not corpus.exists():
        subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus), "--n", "100"], check=True,
                       stdout=subprocess.DEVNULL)
    warm_up()
    base = [process_file(p, "bench") for p in sorted(corpus.glob("*.txt"))]
    shards = folder / "shards"
    shutil.rmtree(shards, ignore_errors=True)
    shards.mkdir()
    started = time.perf_counter()
    for k in range(n):
        outcome = base[k % len(base)]
        rows = relabel(outcome.rows, k // len(base))
        (shards / f"{k:06d}.parquet").write_bytes(shard_bytes(Outcome(rows.file_name, rows, None, "bench")))
    made = time.perf_counter() - started
    db = folder / "merge.db"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    prepare_build_file(conn)
    ensure_db_shape(conn, indexes=False)
    conn.execute("BEGIN")
    rowids = RowIds(conn)
    for path in sorted(shards.iterdir()):
        save_document(conn, read_shard(path).rows, rowids)
    run_derived_steps(conn)
    create_indexes(conn)
    conn.execute("COMMIT")
    conn.close()
    merged = time.perf_counter() - started
    click.echo(f"\nmerge of {n:,} documents' Parquet shards into SQLite: {merged:.1f} s "
               f"({n / merged:.0f} documents/s; {sum(p.stat().st_size for p in shards.iterdir()) / 2**20:.0f} MiB "
               f"of shards made in {made:.1f} s; database {db.stat().st_size / 2**20:.0f} MiB)")


@click.command()
@click.option("--sizes", default="100,300,1000", show_default=True, help="Comma-separated corpus sizes.")
@click.option("--jobs", "jobs_list", default="1,2", show_default=True, help="Comma-separated --jobs values.")
@click.option("--incremental", is_flag=True, help="Also time one changed document at the largest size.")
@click.option("--long", "long_chars", type=int, default=0, help="Time one paragraph of this many characters.")
@click.option("--merge", "merge_n", type=int, default=0, help="Time merging this many documents' shards.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep corpora and databases here (and reuse corpora already there).")
def main(sizes: str, jobs_list: str, incremental: bool, long_chars: int, merge_n: int, keep: Path | None) -> None:
    """Time and measure builds of synthetic plans."""
    if not MAKE_CORPUS.exists():
        raise click.ClickException(f"{MAKE_CORPUS} not found: it lives in ../shared/bench beside this clone")
    jobs = [int(j) for j in jobs_list.split(",") if j]
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        size_list = [int(s) for s in sizes.split(",") if s]
        for n in size_list:
            measure_size(n, folder, jobs, incremental and n == size_list[-1])
        if long_chars:
            measure_long(long_chars)
        if merge_n:
            measure_merge(merge_n, folder)


if __name__ == "__main__":
    main()
