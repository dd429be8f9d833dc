"""Fault-injection kit: child processes to kill, library snapshots, simulated permissions.

Kill tests start a child Python that works on a library and prints marker lines as it goes;
the test waits for a marker, sends SIGKILL (no cleanup, no atexit, no flush) and then checks
what is on the disk.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COUNTED = ("event", "actor", "source", "participation", "citation", "relation", "tag", "tagging")


class Child:
    """A Python child process running `code`; `wait_for` reads its marker lines."""

    def __init__(self, code: str, *args: object):
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []

    def wait_for(self, marker: str, timeout: float = 20) -> str:
        """Block until the child prints a line starting with `marker`; return that line."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                err = self.proc.stderr.read()
                raise AssertionError(f"child ended before {marker!r}: {self.lines}\n{err}")
            self.lines.append(line.rstrip("\n"))
            if line.startswith(marker):
                return line.rstrip("\n")
        raise AssertionError(f"no {marker!r} within {timeout} s: {self.lines}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        assert self.proc.returncode == -signal.SIGKILL

    def finish(self, timeout: float = 30) -> str:
        """Wait for a clean exit; return what it printed after the last `wait_for`."""
        self.proc.stdin.close()
        out = self.proc.stdout.read()
        err = self.proc.stderr.read()
        assert self.proc.wait(timeout=timeout) == 0, err
        return out


def integrity(path: Path) -> str:
    """PRAGMA integrity_check as a fresh process would see the file (WAL recovered)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
    finally:
        conn.close()


def revision(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def emulate_permissions(monkeypatch) -> None:
    """Make os.access honour the permission bits, as it does for anyone but root.

    Tests run as root in some CI containers, where chmod 444/555 does not stop writes and
    os.access always says yes. The app decides "read-only" with os.access, so emulating an
    ordinary user's answer tests that decision; what SQLite then does is tested for real
    (read-only URIs are enforced by SQLite itself, whoever runs it).
    """
    if os.geteuid() != 0:
        return
    real_access = os.access

    def access(path, mode, **kwargs):
        if mode & os.W_OK:
            try:
                if not os.stat(path).st_mode & stat.S_IWUSR:
                    return False
            except OSError:
                return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)


class DiskFillingFile:
    """A file whose disk fills after `room` bytes: the write that overflows raises ENOSPC."""

    def __init__(self, real, room: int):
        self._real = real
        self._room = room

    def write(self, data):
        if len(data) > self._room:
            self._real.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._real.write(data)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._real.__exit__(*exc)


def fill_disk_after(monkeypatch, room: int) -> None:
    """Every file opened through os.fdopen (as db.atomic.atomic_write does) fills the disk."""
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: DiskFillingFile(real_fdopen(*a, **k), room))
