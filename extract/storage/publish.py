"""Publishing a build: one builder per target, a temporary file, an atomic rename.

The database is written to a hidden temporary file beside the target and
renamed over it only when complete, so readers never see a half-written or
half-updated database. An exclusive lock on `.NAME.lock` keeps a second build
of the same target from racing the first (it fails at once and says so); the
temporary files of builds that died (`kill -9`, power loss) are removed by the
next build, which holds the lock and so knows that nobody writes them.
"""
from __future__ import annotations

import errno
import fcntl
import glob
import os
import shutil
import tempfile
from contextlib import contextmanager
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


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def publish(tmp: Path, db_path: Path) -> None:
    """fsync, give the file the permissions a new file of the user's gets, and rename it into place."""
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
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
