"""Build speed and memory on a large synthetic corpus; figures are printed, not asserted.

    python scripts/benchmark.py [N] [--jobs 1,2] [--profile 15] [--make-corpus PATH]

Writes N synthetic plans (default 500) with ../shared/bench/make_corpus.py
into a temporary folder, then:
  1. runs `build.py --jobs J` as a user would, for each J: wall time, documents
     and characters per second, peak RSS (largest process, from wait4, and the
     whole process tree, sampled from /proc), database size;
  2. times one typical seed in-process: the first extraction (loads jieba and
     spaCy) and the mean of a few more;
  3. builds once more in-process with timers around each stage (read, extract,
     save, graph and vocabularies, search index) and, with --profile, cProfile's
     top functions.
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
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
# A seed of typical length and shape (29,626 bytes, a task table and 18 tasks).
TYPICAL_SEED = ROOT / "corpus" / "000_c428ca0736d105e4.txt"
EXTRACT_RUNS = 5
RSS_SAMPLE_SECONDS = 0.1


# --- measuring a build as a user runs it -----------------------------------------------------

def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, from /proc."""
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree[ppid].append(int(entry))
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


def timed_build(corpus: Path, db: Path, jobs: int) -> dict:
    """Run build.py in a child process; wall time, exit code, peak RSS of the largest
    process (wait4) and of the process tree (sampled)."""
    stderr_path = db.with_suffix(".stderr")
    with open(stderr_path, "w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db),
                                    "--jobs", str(jobs)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        peak_tree = 0
        done = threading.Event()

        def sample():
            nonlocal peak_tree
            while not done.is_set():
                peak_tree = max(peak_tree, _tree_rss_kib(process.pid))
                done.wait(RSS_SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
    return {"jobs": jobs, "wall": wall, "exit": process.returncode, "cpu": usage.ru_utime + usage.ru_stime,
            "max_rss_mib": usage.ru_maxrss / 1024, "tree_rss_mib": peak_tree / 1024,
            "db_mib": db.stat().st_size / 2**20 if db.exists() else 0.0,
            "stderr": stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]}


# --- in-process: one document, and the stages of a build -----------------------------------

def time_one_document(path: Path) -> dict:
    from extract.pipeline import extract_document
    from extract.readers import read_source

    started = time.perf_counter()
    extract_document(read_source(path))
    first = time.perf_counter() - started
    reads, extracts = [], []
    for _ in range(EXTRACT_RUNS):
        t0 = time.perf_counter()
        source = read_source(path)
        t1 = time.perf_counter()
        extract_document(source)
        t2 = time.perf_counter()
        reads.append(t1 - t0)
        extracts.append(t2 - t1)
    return {"first": first, "read": statistics.mean(reads), "extract": statistics.mean(extracts),
            "extract_sd": statistics.pstdev(extracts), "chars": len(source.text)}


class StageTimer:
    """Wraps module attributes so that each call adds its wall time to a stage."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, module, name: str, stage: str) -> None:
        original = getattr(module, name)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - started
                self.calls[stage] += 1

        setattr(module, name, timed)


def staged_build(corpus: Path, db: Path, profile: int) -> tuple[dict[str, float], dict[str, int], float, str]:
    """Build in this process with --jobs 1, timing each stage; optionally under cProfile."""
    import build
    import extract.corpus

    timer = StageTimer()
    timer.wrap(extract.corpus, "read_source", "read")
    timer.wrap(extract.corpus, "extract_document", "extract")
    timer.wrap(build, "save_plan", "save rows")
    timer.wrap(build, "finish", "graph + vocabularies")
    timer.wrap(build, "build_search_index", "search index")
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        build.main.main(["--corpus", str(corpus), "--db", str(db), "--jobs", "1"], standalone_mode=False)
    finally:
        if profiler:
            profiler.disable()
    total = time.perf_counter() - started
    report = ""
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("tottime").print_stats(profile)
        stats.sort_stats("cumulative").print_stats(profile)
        report = out.getvalue()
    return dict(timer.seconds), dict(timer.calls), total, report


# --- the report -----------------------------------------------------------------------------

def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) if c else cell.ljust(w) for c, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@click.command()
@click.argument("n", type=int, default=500)
@click.option("--jobs", "jobs_list", default="1,2", show_default=True, help="Comma-separated --jobs values to time.")
@click.option("--profile", type=int, default=0, help="Print cProfile's top N functions of the in-process build.")
@click.option("--make-corpus", "make_corpus", type=click.Path(dir_okay=False, path_type=Path), default=MAKE_CORPUS,
              show_default=True, help="The synthetic corpus writer.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the corpus and databases here and keep them (default: a temporary folder).")
def main(n: int, jobs_list: str, profile: int, make_corpus: Path, keep: Path | None) -> None:
    """Time and measure building N synthetic plans."""
    if not make_corpus.exists():
        raise click.ClickException(f"{make_corpus} not found: it lives in ../shared/bench beside this clone")
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as scratch:
        folder = keep or Path(scratch)
        corpus = folder / "corpus"
        subprocess.run([sys.executable, str(make_corpus), str(corpus), "--n", str(n)], check=True,
                       stdout=subprocess.DEVNULL)
        files = sorted(corpus.glob("*.txt"))
        chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
        mib = sum(p.stat().st_size for p in files) / 2**20
        click.echo(f"corpus: {len(files)} documents, {chars:,} characters, {mib:.1f} MiB ({os.cpu_count()} CPUs)\n")

        rows = [["build", "wall s", "docs/s", "kchars/s", "CPU s", "max RSS MiB", "tree RSS MiB", "DB MiB", "exit"]]
        for jobs in [int(j) for j in jobs_list.split(",")]:
            r = timed_build(corpus, folder / f"jobs{jobs}.db", jobs)
            rows.append([f"build.py --jobs {jobs}", f"{r['wall']:.1f}", f"{len(files) / r['wall']:.1f}",
                         f"{chars / r['wall'] / 1000:.0f}", f"{r['cpu']:.1f}", f"{r['max_rss_mib']:.0f}",
                         f"{r['tree_rss_mib']:.0f}", f"{r['db_mib']:.1f}", str(r["exit"])])
            if r["exit"]:
                click.echo(f"--jobs {jobs} exited {r['exit']}: {r['stderr']}", err=True)
        click.echo(table(rows) + "\n")

        one = time_one_document(TYPICAL_SEED)
        click.echo(table([
            [f"one document ({TYPICAL_SEED.name}, {one['chars']:,} chars)", "ms"],
            ["first extraction (loads jieba, spaCy, vocabularies)", f"{one['first'] * 1000:.0f}"],
            [f"read, mean of {EXTRACT_RUNS}", f"{one['read'] * 1000:.1f}"],
            [f"extract, mean of {EXTRACT_RUNS} (sd {one['extract_sd'] * 1000:.1f})", f"{one['extract'] * 1000:.1f}"],
        ]) + "\n")

        seconds, calls, total, report = staged_build(corpus, folder / "staged.db", profile)
        stage_rows = [["stage (in-process, --jobs 1, models loaded)", "s", "share", "calls"]]
        for stage, value in seconds.items():
            stage_rows.append([stage, f"{value:.1f}", f"{value / total:.0%}", str(calls[stage])])
        rest = total - sum(seconds.values())
        stage_rows.append(["other (open, ANALYZE, fsync, problems)", f"{rest:.1f}", f"{rest / total:.0%}", ""])
        stage_rows.append(["total", f"{total:.1f}", "100%", ""])
        click.echo(table(stage_rows))
        if report:
            click.echo("\n" + report)


if __name__ == "__main__":
    main()
