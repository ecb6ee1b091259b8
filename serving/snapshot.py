"""Pin a running server to one build.

`build.py` publishes a build by renaming a finished file onto `kb.db`. A
server that opened `kb.db` by name would keep the old file in the threads
that had connected and open the new one in threads that connect later,
answering from two builds at once (68 of 80 queries old, 12 new, in issue
15). So the server opens a hard link to the file as it was when it started,
`.kb.db.serving/<pid>/kb.db`: later builds replace `kb.db`, never the link,
and every request sees the one build until the server is restarted.
Links of servers that have exited are removed by the next start.

    >>> pin(Path("kb.db"))
    PosixPath('/…/.kb.db.serving/4242/kb.db')
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def snapshot_dir(db_path: Path) -> Path:
    """Where the servers of one database keep their links: `.kb.db.serving` beside it."""
    return db_path.parent / f".{db_path.name}.serving"


def pin(db_path: Path, pid: int | None = None) -> Path:
    """A link to `db_path` as it is now, named like it (the file name is the database name in URLs)."""
    db_path = db_path.resolve()
    remove_stale(db_path)
    folder = snapshot_dir(db_path) / str(pid or os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    pinned = folder / db_path.name
    pinned.unlink(missing_ok=True)
    try:
        os.link(db_path, pinned)
    except OSError:  # a file system without hard links: a copy pins it as well
        shutil.copyfile(db_path, pinned)
    return pinned


def remove_stale(db_path: Path) -> list[Path]:
    """Remove the links of servers that are no longer running; returns what was removed."""
    removed = []
    folder = snapshot_dir(db_path)
    if not folder.is_dir():
        return removed
    for entry in folder.iterdir():
        if entry.name.isdigit() and not _running(int(entry.name)):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
