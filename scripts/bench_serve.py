"""Page response times of a built database, served the way users get it.

    python scripts/bench_serve.py kb.db [--repeat 20] [--url http://127.0.0.1:8001]

Starts `python -m serving DB` on a free port (or uses a server already
running at --url), fetches every page of PAGES once to warm it, then
REPEAT rounds of every page in turn (one client, so the pages interleave),
and prints for each page its status, median, 95th percentile and largest
time in milliseconds, and its size. The bars of issue 16 (one client, warm,
p95, 1,000 plans) are marked.
"""
from __future__ import annotations

import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import click
import httpx

# Pages users open, with the p95 bar in ms where issue 16 sets one.
PAGES: dict[str, float | None] = {
    "/": None,
    "/-/compare/nursing_bed_share": 100,
    "/-/search-zh?q=养老服务": 150,
    "/kb/tasks?_search=床位": 200,
    "/-/functions": 300,
    "/-/timeline": 300,
    "/-/compare": None,
    "/kb/indicators?_facet=canonical&_facet=year": None,
    "/kb/plans": None,
    "/kb/tasks": None,
    "/kb/kb_targets": None,
    "/kb/units": None,
    "/kb/metric_by_district?metric=nursing_bed_share": None,
    "/kb/unit_tasks?unit=民政局": None,
    "/kb/due_in_year?year=2025": None,
    "/kb/targets_by_metric?word=床位": None,
    "/kb/function_by_district": None,
    "/kb/deadlines_timeline": None,
    "/kb/plans_map": None,
    "/kb": None,
    "/-/no-such-page": None,
}
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    """`python -m serving DB` in its own process group; returns it and its URL once it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "serving", str(db), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/-/versions.json", timeout=2)
            return process, url
        except httpx.HTTPError:
            if process.poll() is not None:
                raise click.ClickException(f"the server exited with status {process.returncode}")
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGTERM)
    raise click.ClickException(f"the server did not answer within {STARTUP_SECONDS} s")


def reading_page(db: Path) -> str:
    with sqlite3.connect(f"file:{db}?immutable=1", uri=True) as conn:
        plan_id = conn.execute("select plan_id from plans order by title limit 1").fetchone()[0]
    return f"/-/plan/{plan_id}"


def measure(url: str, pages: list[str], repeat: int) -> dict[str, tuple[int, int, list[float]]]:
    """{page: (status, bytes, [ms, ...])}, pages fetched in turn `repeat` times after one warm-up each."""
    results: dict[str, tuple[int, int, list[float]]] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for page in pages:
            client.get(page)
        for _ in range(repeat):
            for page in pages:
                started = time.perf_counter()
                response = client.get(page)
                elapsed = (time.perf_counter() - started) * 1000
                status, size, times = results.get(page, (0, 0, []))
                results[page] = (response.status_code, len(response.content), times + [elapsed])
    return results


@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--repeat", type=int, default=20, show_default=True, help="Rounds over every page.")
@click.option("--url", help="A server already running (default: start python -m serving DB).")
def main(db: Path, repeat: int, url: str | None) -> None:
    """Print median, p95 and largest response time of every page of PAGES."""
    process = None
    if not url:
        process, url = start_server(db)
    try:
        pages = list(PAGES) + [reading_page(db)]
        with sqlite3.connect(f"file:{db}?immutable=1", uri=True) as conn:
            plans = conn.execute("select count(*) from plans").fetchone()[0]
        click.echo(f"{db} ({plans:,} plans, {db.stat().st_size / 1e6:.0f} MB), {url}, {repeat} rounds, one client")
        click.echo(f"{'page':50s} {'status':>6s} {'p50':>7s} {'p95':>7s} {'max':>7s} {'kB':>7s}  bar")
        for page, (status, size, times) in measure(url, pages, repeat).items():
            p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]
            bar = PAGES.get(page)
            verdict = "" if bar is None else f"p95 ≤ {bar:.0f}: {'ok' if p95 <= bar else 'OVER'}"
            click.echo(f"{page:50s} {status:6d} {statistics.median(times):7.1f} {p95:7.1f} {max(times):7.1f} "
                       f"{size / 1000:7.0f}  {verdict}")
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
