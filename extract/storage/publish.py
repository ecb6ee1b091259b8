"""Publishing a build: one builder per target, a temporary file, an atomic rename.

The database is written to a hidden temporary file beside the target and
renamed over it only when complete, so readers never see a half-written or
half-updated database. An exclusive lock on `.NAME.lock` keeps a second build
of the same target from racing the first (it fails at once and says so); the
temporary files of builds that died (`kill -9`, power loss) are removed by the
next build, which holds the lock and so knows that nobody writes them.
What the published database holds (its extractor version, its documents'
keys, the files that failed) is read from it directly, before it is copied:
the lock keeps it still.
"""
from __future__ import annotations

import errno
import fcntl
import glob
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TEMP_SUFFIX = ".building"


class BuildLocked(RuntimeError):
    """Another build holds the target's lock."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.lock")


def sibling_paths(db_path: Path) -> tuple[Path, ...]:
    """The target and the files a build keeps beside it (none of them a document)."""
    return (db_path, lock_path(db_path), db_path.with_name(db_path.name + "-journal"),
            db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm"))


@contextmanager
def build_lock(db_path: Path):
    """Hold `.NAME.lock` for the whole build; BuildLocked if another build has it."""
    path = lock_path(db_path)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                raise BuildLocked(f"another build (pid {holder or '?'}) is writing {db_path.name}; "
                                  f"wait for it to finish, or build to another --db") from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


def remove_stale_temp_files(db_path: Path) -> list[Path]:
    """Temporary files of earlier builds of this target (call with the lock held)."""
    stale = sorted(db_path.parent.glob(f".{glob.escape(db_path.name)}.*{TEMP_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def new_temp_file(db_path: Path, copy_of: Path | None = None) -> Path:
    """A hidden temporary file beside the target: empty, or a copy of the published database."""
    fd, name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=TEMP_SUFFIX, dir=db_path.parent)
    os.close(fd)
    tmp = Path(name)
    if copy_of is not None:
        shutil.copyfile(copy_of, tmp)
    return tmp


class CopyInBackground:
    """A copy of the published database in a new temporary file beside it, written to disk, made
    in a thread: copying and syncing wait on the disk, not on the interpreter, so the build loads
    its modules meanwhile. `result()` waits for the file (and raises what the copy raised, the
    file removed); `discard()` removes it (a build that failed before using it)."""

    def __init__(self, db_path: Path):
        self.path: Path | None = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self.started = time.monotonic()
        self.thread = threading.Thread(target=self._copy, args=(db_path,), name="copy published database",
                                       daemon=True)
        self.thread.start()

    def _copy(self, db_path: Path) -> None:
        self.started = time.monotonic()
        started = time.perf_counter()
        try:
            self.path = new_temp_file(db_path)
            shutil.copyfile(db_path, self.path)
            sync_file(self.path)   # publishing then syncs only the pages the build changes
        except BaseException as error:
            self.error = error
        self.seconds = time.perf_counter() - started

    def result(self) -> Path:
        self.thread.join()
        if self.error is not None:
            self.discard()
            raise self.error
        return self.path

    def discard(self) -> None:
        self.thread.join()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def sync_file(path: Path) -> None:
    """Have the kernel write the file to disk now."""
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(tmp: Path, db_path: Path) -> None:
    """fsync, give the file the permissions a new file of the user's gets, and rename it into place."""
    sync_file(tmp)
    os.chmod(tmp, 0o666 & ~current_umask())
    os.replace(tmp, db_path)
    try:
        dir_fd = os.open(db_path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass


@dataclass
class Kept:
    """What a published database holds: its documents' cache keys (-> doc_id), and the cache keys of
    the files that failed (-> their name and the message then)."""
    documents: dict[str, str] = field(default_factory=dict)
    failed: dict[str, tuple[str, str]] = field(default_factory=dict)


def read_kept(db_path: Path) -> Kept:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return Kept(dict(conn.execute("SELECT cache_key, doc_id FROM documents").fetchall()),
                    {key: (name, message) for key, name, message in conn.execute(
                        "SELECT cache_key, file_name, message FROM build_problems "
                        "WHERE severity = 'error' AND cache_key IS NOT NULL")})
    finally:
        conn.close()


def read_info(db_path: Path) -> dict[str, str]:
    """The published database's `build_info` ({} for a file that is no database of ours)."""
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return read_build_info(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}


def read_build_info(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT key, value FROM build_info").fetchall())
    except sqlite3.OperationalError:
        return {}
