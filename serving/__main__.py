"""Serve a built database: `python -m serving kb.db [--port 8001] [--host 127.0.0.1]`.

The server is pinned to the build it starts with (serving.snapshot); to
publish a new build, build it onto the same path and restart the server.
"""
from __future__ import annotations

from pathlib import Path

import click

from serving.config import DEFAULT_HOST
from serving.server import serve


@click.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Interface to listen on; 0.0.0.0 to serve other machines.")
def main(db_path: Path, port: int, host: str) -> None:
    """Serve DB_PATH with the project's metadata, plugins, templates and settings."""
    serve(db_path, port, host)


if __name__ == "__main__":
    main()
