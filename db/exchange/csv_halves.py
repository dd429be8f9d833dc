"""events.csv on two cores: a helper process writes the second half of a big library's events.

Python spends about four times what SQLite's shell spends on the event table to make a page
of events.csv (the rows cross into Python objects, the links are looked up per event), and a
process works on one core; threads would not help, since that work holds the GIL. So a
library of many events is cut at its middle event: a helper process (`python -m` this module,
importing only `db`) writes the lines of the second half into a temporary file beside the
export while this process writes the first half, and the helper's file is then appended. The
bytes are those of one process writing everything.

Both halves must come from one state of the library. Each process reads in its own
transaction, so the helper's snapshot is only used if no other connection committed between
this process taking its snapshot and the helper taking its own: SQLite's `PRAGMA
data_version`, asked on a third connection before and after, changes when anything commits.
Whenever the helper cannot be used (it cannot start, fails, dies, or the library changed in
between), this process writes the second half itself. Cancel stops the helper at once.
"""

from __future__ import annotations

import os
import queue
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import IO

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library, sqlite_uri
from db.exchange.csv_event_sheet import EventSheet
from db.exchange.records import Ticker, cycle_collector_paused
from db.file_safety import hold_while_writing
from db.store.snapshots import TABLES

# Below this many events a second process saves little: starting it (importing `db`, opening
# the library) costs ~1 s of CPU and more of wall time on a busy machine, half the export of
# 400,000 events ~1.5 s.
SPLIT_FROM = 400_000
_POLL_SECONDS = 0.1


class LibraryView:
    """Tells whether anything committed to a library file between `start` and `unchanged`."""

    def __init__(self, lib: Library) -> None:
        self.conn: sqlite3.Connection | None = None
        self.conn = sqlite3.connect(sqlite_uri(lib.path, read_only=True), uri=True)
        self.version = self._version()

    def _version(self) -> int:
        assert self.conn is not None, "asked after close()"
        row = self.conn.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def unchanged(self) -> bool:
        return self._version() == self.version

    def close(self) -> None:
        """Close it (again is harmless) while the export's own connection is still open: a
        read-only connection closing last leaves the -wal and -shm files behind."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@contextmanager
def library_reading(lib: Library) -> Iterator[tuple[Connection, LibraryView | None]]:
    """`lib.read()`, with a `LibraryView` taken before its first read and closed before its
    connection. No view (None) for a team library or on a machine with one core."""
    view = None if lib.is_team or not helper_possible() else LibraryView(lib)
    try:
        with lib.read() as conn:
            try:
                yield conn, view
            finally:
                if view is not None:
                    view.close()
    finally:
        if view is not None:
            view.close()


def helper_possible() -> bool:
    """Whether a helper process can be run: two cores, and a Python to run it with. A frozen
    app's `sys.executable` is the app itself, which `-m` would start as a second window."""
    return (os.cpu_count() or 1) >= 2 and not getattr(sys, "frozen", False)


def core_free() -> bool:
    """Whether a core is idle for the helper (the load average leaves one free).

    The helper only pays off on a free core: on a busy machine it competes with the others
    and its start (~1 s of CPU) makes the export slower (docs/export-speed.md). Without a
    load average (Windows) a desktop is taken to be idle.
    """
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return load <= (os.cpu_count() or 1) - 1


def _middle_id(conn: Connection, count: int) -> int | None:
    """The id of the first event the helper writes, if the library is worth splitting and a
    core is free.

    This process takes 55%: the helper's start costs about a tenth of the whole export's
    work, so both end at about the same time.
    """
    if count < SPLIT_FROM or not core_free():
        return None
    event = TABLES["event"]
    middle = sa.select(event.c.id).order_by(event.c.id).offset(count * 11 // 20).limit(1)
    found: int | None = conn.execute(middle).scalar()
    return found


def _write_second_half(library: str, after: int, part: str, say: Callable[[str], None]) -> None:
    """The helper process: the lines of the events with ids above `after`, into `part`.

    Says "ready" once its snapshot is taken, "page N" after each page of N events, then
    "done"; "failed" if anything goes wrong.
    """
    from db.engine import open_library

    try:
        lib = open_library(library, read_only=True, verify=False)
        try:
            with (
                cycle_collector_paused(),
                lib.read() as conn,
                open(part, "w", encoding="utf-8", newline="") as fh,
            ):
                sheet = EventSheet(conn)  # reads the labels: the snapshot is taken here
                say("ready")
                for text, count in sheet.pages(after=after):
                    fh.write(text)
                    say(f"page {count}")
        finally:
            lib.close()
    except Exception:
        say("failed")  # the parent then writes this half itself
        raise
    say("done")


class _Helper:
    """The helper process writing the second half, and what it has said.

    A plain `python -m db.exchange.csv_halves` rather than a multiprocessing child, which
    would import the caller's main module again (a script without a main guard would export
    twice). `state` goes from "starting" to "running" (its snapshot is the parent's), then
    "done"; or to "unusable" (it failed, died, or the library changed before its snapshot).
    """

    def __init__(self, lib: Library, view: LibraryView, after: int, part: Path) -> None:
        self.view = view
        self.state = "starting"
        self.messages: queue.SimpleQueue[str] = queue.SimpleQueue()
        # it imports `db` from where this process does (a checkout run without installing)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(lib.path), str(after), str(part)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console on Windows
        )
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.messages.put(line.strip())
        self.messages.put("ended")

    def poll(self, wait: float = 0.0) -> int:
        """Events written since the last poll (waiting up to `wait` seconds for news)."""
        written = 0
        with suppress(queue.Empty):
            while True:
                said = self.messages.get(timeout=wait) if wait else self.messages.get_nowait()
                wait = 0.0
                if said.startswith("page "):
                    written += int(said[5:])
                elif said == "ready" and self.state == "starting":
                    # asked at once: a commit after both snapshots does not matter
                    self.state = "running" if self.view.unchanged() else "unusable"
                elif said == "done" and self.state == "running":
                    self.state = "done"
                elif said in ("failed", "ended") and self.state != "done":
                    self.state = "unusable"  # failed, or died without a word
        return written

    def finish(self, tick: Ticker) -> bool:
        """Wait for the helper, reporting its progress; False if its half cannot be used."""
        while self.state in ("starting", "running"):
            tick.advance(self.poll(wait=_POLL_SECONDS))
        if self.state == "done":
            return self.process.wait() == 0
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def write_events(
    fh: IO[str],
    conn: Connection,
    lib: Library,
    view: LibraryView | None,
    tick: Ticker,
    target: Path,
) -> None:
    """Write the lines of events.csv (after its header) into `fh`, which writes `target`:
    the second half by a helper process when the library is big enough and `view` was taken
    before `conn` first read."""
    sheet = EventSheet(conn)
    event = TABLES["event"]
    count = conn.execute(sa.select(sa.func.count()).select_from(event)).scalar_one()
    middle = _middle_id(conn, count) if view is not None else None
    if view is None or middle is None:
        if view is not None:
            view.close()
        _write_pages(fh, sheet.pages(), tick)
        return
    # beside the export (its disk has room for it), named as atomic_write's parts are
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    part = Path(name)
    try:
        with closing(os.fdopen(fd, "rb")) as held:
            hold_while_writing(held.fileno())  # in use: see file_safety.remove_stale_parts
            _write_halves(fh, sheet, _started(lib, view, middle - 1, part), tick, middle, part)
    finally:
        with suppress(OSError):
            part.unlink()


def _started(lib: Library, view: LibraryView, after: int, part: Path) -> _Helper | None:
    try:
        return _Helper(lib, view, after, part)
    except OSError:  # no processes allowed here
        view.close()
        return None


def _write_halves(
    fh: IO[str], sheet: EventSheet, helper: _Helper | None, tick: Ticker, middle: int, part: Path
) -> None:
    """This process's half, then the helper's (or this process's again, if it cannot be used)."""
    try:
        for text, count in sheet.pages(upto=middle - 1):
            fh.write(text)
            tick.advance(count + (helper.poll() if helper is not None else 0))
        if helper is not None and helper.finish(tick):
            fh.flush()
            with part.open("rb") as written:
                shutil.copyfileobj(written, fh.buffer, 1 << 20)  # type: ignore[attr-defined]
            return
    finally:
        if helper is not None:
            helper.stop()
            helper.view.close()
    _write_pages(fh, sheet.pages(after=middle - 1), tick)


def _write_pages(fh: IO[str], pages: Iterator[tuple[str, int]], tick: Ticker) -> None:
    for text, count in pages:
        fh.write(text)
        tick.advance(count)


def main(argv: list[str]) -> int:
    """The helper process: LIBRARY AFTER_ID PART_FILE; speaks on stdout, line by line."""
    library, after, part = argv

    def say(message: str) -> None:
        print(message, flush=True)

    _write_second_half(library, int(after), part, say)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
