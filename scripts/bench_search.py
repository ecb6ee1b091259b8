"""Search response times on a built database, as Datasette serves them.

    python scripts/bench_search.py kb.db [--queries tests/search_queries.txt] [--repeat 3]

Fetches `/-/search-zh?q=` (all four tables, ranked, marked) and
`/<db>/tasks.json?_search=` in-process for every query, and prints the
median and 95th percentile in milliseconds.
"""
from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import click
from datasette.app import Datasette

import serving.config

ROOT = Path(__file__).resolve().parents[1]


def load_queries(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


async def timings(ds: Datasette, db_name: str, queries: list[str], repeat: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"search page /-/search-zh": [], "table ?_search=": []}
    for path, key in (("/-/search-zh", "q"), (f"/{db_name}/tasks.json", "_search")):
        label = "search page /-/search-zh" if key == "q" else "table ?_search="
        await ds.client.get(path, params={key: "养老"})  # warm up: jieba's dictionary loads once
        for _ in range(repeat):
            for q in queries:
                started = time.perf_counter()
                response = await ds.client.get(path, params={key: q})
                results[label].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, q, response.status_code)
    return results


@click.command()
@click.argument("db", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--queries", "queries_path", type=click.Path(exists=True, path_type=Path),
              default=ROOT / "tests" / "search_queries.txt", show_default=True)
@click.option("--repeat", type=int, default=3, show_default=True)
def main(db: Path, queries_path: Path, repeat: int) -> None:
    """Print median and p95 search latency over the query list."""
    ds = serving.config.datasette(db)
    queries = load_queries(queries_path)
    results = asyncio.run(timings(ds, db.stem, queries, repeat))
    for label, times in results.items():
        p95 = statistics.quantiles(times, n=20)[-1]
        click.echo(f"{label}: {len(queries)} queries x {repeat}: median {statistics.median(times):.1f} ms, "
                   f"p95 {p95:.1f} ms, max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
