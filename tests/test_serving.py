"""serving/: the command that serves, the pinned build, and build.py --serve on a bare PATH (issues 12, 15)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from serving.config import SETTINGS, serve_command
from serving.snapshot import pin, remove_stale, snapshot_dir

ROOT = Path(__file__).resolve().parents[1]
BARE_PATH = "/usr/bin:/bin"
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/-/versions.json", timeout=2)
            return
        except httpx.HTTPError:
            if process.poll() is not None:
                pytest.fail(f"exited with {process.returncode}: {process.stderr.read()[-2000:]}")
            time.sleep(0.2)
    pytest.fail(f"nothing served at {url} within {STARTUP_SECONDS} s")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def test_serve_command_uses_this_interpreter():
    command = serve_command(Path("kb.db"), 8123)
    assert command[:4] == [sys.executable, "-m", "datasette", "serve"]
    assert "--immutable" in command and "--template-dir" in command and "--plugins-dir" in command
    for name in SETTINGS:
        assert name in command


def test_build_serve_needs_nothing_on_path(tmp_path):
    """build.py --serve as serve.sh runs it on a fresh machine: .venv/bin is not on PATH."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    smallest = min((ROOT / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
    shutil.copy(smallest, corpus)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(tmp_path / "kb.db"),
         "--serve", "--port", str(port)],
        env={"HOME": str(tmp_path), "PATH": BARE_PATH}, cwd=tmp_path, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_served(process, f"http://127.0.0.1:{port}")
        home = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert home.status_code == 200 and "规划 / Plans" in home.text
    finally:
        stop(process)


def test_pin_links_the_build_as_it_is(tmp_path):
    db = tmp_path / "kb.db"
    db.write_bytes(b"old build")
    pinned = pin(db, pid=os.getpid())
    assert pinned.name == "kb.db" and pinned.parent.parent == snapshot_dir(db)
    replacement = tmp_path / ".kb.db.new.building"
    replacement.write_bytes(b"new build")
    os.replace(replacement, db)  # what build.py does to publish
    assert pinned.read_bytes() == b"old build"
    assert db.read_bytes() == b"new build"


def test_links_of_exited_servers_are_removed(tmp_path):
    db = tmp_path / "kb.db"
    db.write_bytes(b"x")
    exited = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                            text=True).stdout.strip()
    alive = pin(db, pid=os.getpid())
    dead = pin(db, pid=int(exited))  # pin() cleans before it links, so this one is left to the next start
    assert remove_stale(db) == [dead.parent]
    assert not dead.exists() and alive.exists()


def edited_copy(source: Path, target: Path, suffix: str) -> None:
    """A copy of the seed database whose plan titles end with `suffix`: another build to publish."""
    shutil.copy(source, target)
    with sqlite3.connect(target) as conn:
        conn.execute("update plans set title = title || ?", [suffix])


def titles(url: str) -> frozenset[str]:
    response = httpx.get(url + "/kb/plans.json", params={"_shape": "array", "_col": "title", "_size": "max"},
                         timeout=60)
    assert response.status_code == 200, response.text[:300]
    return frozenset(r["title"] for r in response.json())


def test_no_request_sees_two_builds(kb_db, tmp_path):
    """A build published onto the served path while requests run: every answer comes from the build the
    server started with; the restarted server answers from the new one only."""
    db = tmp_path / "kb.db"
    edited_copy(kb_db, db, " (old)")
    edited_copy(kb_db, tmp_path / "new.db", " (new)")

    def serve() -> tuple[subprocess.Popen, str]:
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "serving", str(db), "--port", str(port)], cwd=ROOT,
                                   start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   text=True)
        url = f"http://127.0.0.1:{port}"
        wait_until_served(process, url)
        return process, url

    process, url = serve()
    try:
        old = titles(url)
        assert all(t.endswith(" (old)") for t in old)
        with ThreadPoolExecutor(8) as pool:
            before = list(pool.map(titles, [url] * 8))
            os.replace(tmp_path / "new.db", db)  # the atomic publish of build.py
            after = list(pool.map(titles, [url] * 80))
        assert set(before) | set(after) == {old}
    finally:
        stop(process)
    process, url = serve()
    try:
        with ThreadPoolExecutor(8) as pool:
            answers = set(pool.map(titles, [url] * 40))
        assert len(answers) == 1 and all(t.endswith(" (new)") for t in answers.pop())
        # the stopped server's link went when this one started
        assert [p.name for p in snapshot_dir(db).iterdir()] == [str(process.pid)]
    finally:
        stop(process)
