"""Datasette's options for the knowledge base, in one place.

`build.py --serve`, `python -m serving`, the tests and the benchmark scripts
all start Datasette from here, so what the tests check is what is served:
the metadata, the plugins, the home-page template and the settings below.

    >>> serve_command(Path("kb.db"), 8001)[:4]
    ['/…/.venv/bin/python', '-m', 'datasette', 'serve']
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT / "metadata.yml"
PLUGINS_DIR = ROOT / "plugins"
TEMPLATES_DIR = ROOT / "templates"
DEFAULT_HOST = "127.0.0.1"

# SQLite runs with the GIL released, so more threads than cores still let a
# light page pass a slow query; arbitrary SQL gets one of them at most
# (plugins/guards.py, SQL_LANES), the rest stay free for pages.
SQL_THREADS = max(4, 2 * (os.cpu_count() or 1))

# Every setting decided for this knowledge base (Datasette 0.65.5 names).
SETTINGS = {
    "num_sql_threads": SQL_THREADS,
    # Datasette's default: a page query or an analyst's ?sql= stops after 1 s
    # with a 400 that says so.
    "sql_time_limit_ms": 1000,
    # Suggested facets ran a query per column on every table page: 80 % of
    # /kb/tasks?_search= at 1,000 plans. Each table's useful facets are
    # declared in metadata.yml; ?_facet= still adds any other.
    "suggest_facets": False,
    "facet_time_limit_ms": 200,
    # Rows of plan text are long: 50 a page reads better than Datasette's 100
    # and renders in half the time; ?_size= still asks for up to 1,000.
    "default_page_size": 50,
    "max_returned_rows": 1000,
}


def load_metadata() -> dict:
    return yaml.safe_load(METADATA.read_text(encoding="utf-8"))


def serve_command(db_path: Path, port: int, host: str = DEFAULT_HOST) -> list[str]:
    """The command that serves one database: this interpreter's Datasette
    (`sys.executable -m datasette`, never whatever `datasette` PATH holds),
    immutable (nothing writes a published build in place), with the
    project's metadata, plugins, templates and settings."""
    command = [sys.executable, "-m", "datasette", "serve", "--immutable", str(db_path),
               "--host", host, "--port", str(port), "--metadata", str(METADATA),
               "--plugins-dir", str(PLUGINS_DIR), "--template-dir", str(TEMPLATES_DIR)]
    for name, value in SETTINGS.items():
        command += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return command


def datasette(db_path: Path, immutable: bool = True):
    """The same Datasette in-process, for tests and benchmarks (`ds.client.get(...)`).

    `immutable=False` for a test that edits its copy of the database."""
    from datasette.app import Datasette

    files = {"immutables": [str(db_path)]} if immutable else {"files": [str(db_path)]}
    return Datasette(**files, metadata=load_metadata(), plugins_dir=str(PLUGINS_DIR),
                     template_dir=str(TEMPLATES_DIR), settings=SETTINGS)
