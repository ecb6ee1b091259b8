"""Hostile load on a served knowledge base: does a reader still get answers?

    python scripts/load.py kb.db [--seconds 20] [--missing 8] [--sql 4] [--search 1] [--url URL]

Starts `python -m serving DB` on a free port (or uses --url) and runs, for
SECONDS, clients that each repeat requests of one kind as fast as they
are answered:

- `missing`: pages that do not exist (MISSING), the 404s that cost 300 ms
  of the event loop each when Datasette printed them with rich;
- `sql`: expensive arbitrary SQL (HEAVY_SQL): endless recursion, cross
  joins, LIKE scans over every document, 400-million-character printf;
- `search`: hostile searches (HOSTILE_SEARCHES), a 5,000-character query
  among them;
- one `light` client: what a reader opens (LIGHT), the one that is timed.

Prints per kind the requests, their statuses and the median, 95th
percentile and largest time in ms, the light client's pages, then the bar
of issue 15: the light client's p95 under 1 s and no 500 from any URL.
Exits 1 if a request got a 5xx or failed (the time is a figure to read,
not a verdict: it depends on the machine). The test suite runs it for a
few seconds on the seed corpus (tests/test_load.py).
"""
from __future__ import annotations

import collections
import itertools
import os
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

import click
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.bench_serve import reading_page, start_server  # noqa: E402

MISSING = ["/-/no-such-page", "/-/nope.json", "/no-such-database", "/kb/no_such_table", "/kb/tasks/no-such-task",
           "/-/compare/no_such_metric", "/-/plan/no-such-plan", "/kb/tasks?_sort=no_such_column",
           "/-/compare/a/b", "/kb/tasks?_through=nope"]
HEAVY_SQL = [
    "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c",
    "select count(*) from tasks a, tasks b",
    "select count(*) from documents where text like '%养%老%服%务%体%系%建%设%'",
    "select length(group_concat(text)) from documents",
    "select printf('%.*c', 400000000, 'x')",
    "select text from documents",
]
HOSTILE_SEARCHES = ["养老" * 2500, "养老服务" * 25, "护理型床位", '"NEAR(', "养老"]
LIGHT = ["/", "/kb/plans.json?_size=5", "/-/compare", "/kb/units?_size=10", "/-/search-zh?q=护理型床位"]
LIGHT_P95_BAR_MS = 1000


def requests_of(kind: str, reading: str) -> itertools.cycle:
    if kind == "missing":
        return itertools.cycle([(path, None) for path in MISSING])
    if kind == "sql":
        return itertools.cycle([("/kb.json", {"sql": sql}) for sql in HEAVY_SQL])
    if kind == "search":
        return itertools.cycle([("/-/search-zh", {"q": q}) for q in HOSTILE_SEARCHES])
    return itertools.cycle([(path, None) for path in LIGHT + [reading]])


def client(url: str, kind: str, reading: str, until: float, results: list, lock: threading.Lock) -> None:
    """Repeat requests of one kind until `until`; record (kind, path, status, ms); status 0 is a failed request."""
    with httpx.Client(base_url=url, timeout=60) as http:
        for path, params in requests_of(kind, reading):
            if time.monotonic() >= until:
                return
            started = time.perf_counter()
            try:
                status = http.get(path, params=params).status_code
            except httpx.HTTPError:
                status = 0
            with lock:
                results.append((kind, path, status, (time.perf_counter() - started) * 1000))


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]


def report(results: list, seconds: float) -> bool:
    """Print the figures; True if no request failed or got a 5xx."""
    by_kind = collections.defaultdict(list)
    for kind, path, status, ms in results:
        by_kind[kind].append((path, status, ms))
    click.echo(f"{'clients':8s} {'requests':>8s} {'per s':>6s} {'p50':>7s} {'p95':>7s} {'max':>7s}  statuses")
    for kind, rows in sorted(by_kind.items()):
        times = [ms for _, _, ms in rows]
        statuses = collections.Counter(status for _, status, _ in rows)
        shown = ", ".join(f"{s or 'failed'}×{n}" for s, n in sorted(statuses.items()))
        click.echo(f"{kind:8s} {len(rows):8d} {len(rows) / seconds:6.1f} {statistics.median(times):7.1f} "
                   f"{p95(times):7.1f} {max(times):7.1f}  {shown}")
    light_paths = collections.defaultdict(list)
    for kind, path, _, ms in results:
        if kind == "light":
            light_paths[path].append(ms)
    for path, times in sorted(light_paths.items()):
        click.echo(f"  light {path[:60]:60s} {len(times):4d} × p50 {statistics.median(times):7.1f} max {max(times):7.1f}")
    bad = [(path, status) for _, path, status, _ in results if status == 0 or status >= 500]
    light = [ms for kind, _, _, ms in results if kind == "light"]
    light_ok = bool(light) and p95(light) < LIGHT_P95_BAR_MS
    click.echo(f"light p95 {p95(light) if light else float('nan'):.0f} ms (bar: under {LIGHT_P95_BAR_MS} ms): "
               f"{'ok' if light_ok else 'OVER'}; 5xx or failed: {len(bad)}"
               + (f" {sorted(set(bad))[:5]}" if bad else ""))
    return not bad


@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--seconds", type=float, default=20, show_default=True)
@click.option("--missing", type=int, default=8, show_default=True, help="Clients requesting missing pages.")
@click.option("--sql", "sql", type=int, default=4, show_default=True, help="Clients sending expensive SQL.")
@click.option("--search", type=int, default=1, show_default=True, help="Clients sending hostile searches.")
@click.option("--url", help="A server already running (default: start python -m serving DB).")
def main(db: Path, seconds: float, missing: int, sql: int, search: int, url: str | None) -> None:
    """Flood a served database and print what a light reader waited."""
    process = None
    if not url:
        process, url = start_server(db)
    try:
        reading = reading_page(db)
        with httpx.Client(base_url=url, timeout=60) as http:  # first visits (templates, caches) are not load
            for path in LIGHT + [reading]:
                http.get(path)
        results: list = []
        lock = threading.Lock()
        until = time.monotonic() + seconds
        kinds = ["missing"] * missing + ["sql"] * sql + ["search"] * search + ["light"]
        threads = [threading.Thread(target=client, args=(url, kind, reading, until, results, lock)) for kind in kinds]
        click.echo(f"{url}: {missing} missing-page, {sql} SQL, {search} search and 1 light client for {seconds:g} s")
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ok = report(results, seconds)
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
