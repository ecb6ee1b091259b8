"""Start the server: Datasette from this interpreter's environment, pinned to one build."""
from __future__ import annotations

import os
from pathlib import Path

from serving.config import DEFAULT_HOST, serve_command
from serving.snapshot import pin


def serve(db_path: Path, port: int, host: str = DEFAULT_HOST) -> None:
    """Replace this process with Datasette serving a pinned link to `db_path`.

    exec keeps the pid, so the link's folder (`.kb.db.serving/<pid>`) names
    the server that holds it; nothing is looked up on PATH."""
    command = serve_command(pin(db_path), port, host)
    os.execv(command[0], command)
