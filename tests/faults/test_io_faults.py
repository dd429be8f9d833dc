"""I/O faults injected the way SQLite's own test harness does: the Nth operation fails.

A `sqlite3` connection factory makes the Nth statement (execute, executemany or commit) of
every connection the app opens fail with "disk I/O error"; a wrapper of `os.fsync`/`os.replace`
fails the Nth file flush or rename of Python's own writes. N is swept over a sample of each
operation's span, on import, export, migration and repair. After each fault: the command
says so in one line, the library opens, `check` passes, and the content is all or nothing.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3

import pytest
from faultkit import REPO, counts

from db.engine import open_library
from db.maintenance import check_library
from desktop.cli import main as chronicle

BIB = REPO / "tests/fixtures/sources.bib"


class Faults:
    """Counts operations; the one numbered `fail_at` raises."""

    def __init__(self) -> None:
        self.fail_at: int | None = None
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.fail_at is not None and self.count == self.fail_at:
            raise sqlite3.OperationalError("disk I/O error")


FAULTS = Faults()


class FaultyCursor(sqlite3.Cursor):
    def execute(self, *args, **kwargs):
        FAULTS.tick()
        return super().execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):
        FAULTS.tick()
        return super().executemany(*args, **kwargs)


class FaultyConnection(sqlite3.Connection):
    def cursor(self, factory=FaultyCursor):
        return super().cursor(factory)

    def execute(self, *args, **kwargs):
        FAULTS.tick()
        return super().execute(*args, **kwargs)

    def commit(self):
        FAULTS.tick()
        return super().commit()


@pytest.fixture
def faulty_sqlite(monkeypatch):
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        kwargs.setdefault("factory", FaultyConnection)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", connect)
    FAULTS.fail_at, FAULTS.count = None, 0
    yield FAULTS
    FAULTS.fail_at = None


def _span(faults: Faults, run) -> int:
    """How many operations `run` performs when nothing fails."""
    faults.fail_at, faults.count = None, 0
    run()
    return faults.count


def _sample(span: int, size: int = 10) -> list[int]:
    step = max(1, span // size)
    return sorted({*range(1, span + 1, step), span})


def _healthy(path) -> None:
    FAULTS.fail_at = None
    lib = open_library(path)
    try:
        report = check_library(lib)
        assert report.ok, report.text()
    finally:
        lib.close()


def _cli(capsys, argv) -> int:
    """Run `chronicle`; a failure is one line on stderr (or, from `check`, its report)."""
    code = chronicle([str(a) for a in argv])
    captured = capsys.readouterr()
    if code != 0:
        assert code == 1, captured.err
        if argv[0] == "check" and not captured.err:
            assert "damage:" in captured.out or "problem" in captured.out, captured.out
        else:
            assert captured.err.count("\n") == 1, captured.err
            assert captured.err.startswith("chronicle: "), captured.err
    return code


@pytest.fixture
def library(demo_lib):
    demo_lib.close()
    return demo_lib.path


def test_import_with_the_nth_statement_failing_is_all_or_nothing(
    library, tmp_path, capsys, faulty_sqlite
):
    pristine = tmp_path / "pristine.chronicle"
    shutil.copy(library, pristine)
    before = counts(library)
    work = tmp_path / "work.chronicle"

    def run():
        shutil.copy(pristine, work)
        return _cli(capsys, ["import", work, BIB])

    span = _span(faulty_sqlite, run)
    after = counts(work)
    assert after != before
    for n in _sample(span):
        shutil.copy(pristine, work)
        faulty_sqlite.fail_at, faulty_sqlite.count = n, 0
        _cli(capsys, ["import", work, BIB])
        faulty_sqlite.fail_at = None
        assert counts(work) in (before, after), n
        _healthy(work)


def test_export_with_the_nth_statement_or_flush_failing_keeps_the_earlier_file(
    library, tmp_path, capsys, faulty_sqlite, monkeypatch
):
    out = tmp_path / "library.json"
    assert _cli(capsys, ["export", library, "--out", out]) == 0
    earlier = out.read_bytes()
    span = _span(faulty_sqlite, lambda: _cli(capsys, ["export", library, "--out", out]))
    for n in _sample(span):
        faulty_sqlite.fail_at, faulty_sqlite.count = n, 0
        _cli(capsys, ["export", library, "--out", out])
        faulty_sqlite.fail_at = None
        assert out.read_bytes() == earlier
    faulty_sqlite.fail_at = None
    for name in ("fsync", "replace"):
        real = getattr(os, name)

        def failing(*args, _real=real, **kwargs):
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        monkeypatch.setattr(os, name, failing)
        assert _cli(capsys, ["export", library, "--out", out]) == 1
        monkeypatch.setattr(os, name, real)
        assert out.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    _healthy(library)


def test_migration_with_the_nth_statement_failing_leaves_the_old_revision(
    tmp_path, capsys, faulty_sqlite
):
    from faultkit import revision
    from library_builders import build_library_at

    from db.engine import head_revision

    pristine = build_library_at(tmp_path / "pristine.chronicle", "0003")
    work = tmp_path / "work.chronicle"

    def run():
        shutil.copy(pristine, work)
        return _cli(capsys, ["check", work])

    span = _span(faulty_sqlite, lambda: (run(), _cli(capsys, ["import", work, BIB])))
    for n in _sample(span, 12):
        for leftover in tmp_path.glob("work.before-upgrade-*"):
            leftover.unlink()
        shutil.copy(pristine, work)
        faulty_sqlite.fail_at, faulty_sqlite.count = n, 0
        _cli(capsys, ["import", work, BIB])
        faulty_sqlite.fail_at = None
        assert revision(work) in ("0003", head_revision()), n
        assert counts(work)["source"] in (0, 3)
        _healthy(work)


def test_repair_with_the_nth_statement_failing_leaves_a_checkable_library(
    library, tmp_path, capsys, faulty_sqlite
):
    conn = sqlite3.connect(library, factory=sqlite3.Connection)
    conn.execute("DELETE FROM event_rtree WHERE id % 2 = 0")  # damage the repair rebuilds
    conn.commit()
    conn.close()
    pristine = tmp_path / "pristine.chronicle"
    shutil.copy(library, pristine)
    work = tmp_path / "work.chronicle"
    rows = counts(pristine)

    def run():
        shutil.copy(pristine, work)
        return _cli(capsys, ["check", "--repair", work])

    span = _span(faulty_sqlite, run)
    for n in _sample(span):
        shutil.copy(pristine, work)
        faulty_sqlite.fail_at, faulty_sqlite.count = n, 0
        _cli(capsys, ["check", "--repair", work])
        faulty_sqlite.fail_at = None
        assert counts(work) == rows, n
        _cli(capsys, ["check", "--repair", work])  # a second try, without faults, completes
        _healthy(work)


class _FailingReads:
    """A file object whose Nth read (read, readline, readinto or a line of iteration) fails."""

    def __init__(self, real, fail_at: int):
        self._real, self._left = real, fail_at

    def _tick(self) -> None:
        self._left -= 1
        if self._left == 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(getattr(self._real, "name", "")))

    def read(self, *args):
        self._tick()
        return self._real.read(*args)

    def readline(self, *args):
        self._tick()
        return self._real.readline(*args)

    def readinto(self, buffer):
        self._tick()
        return self._real.readinto(buffer)

    def __iter__(self):
        return self

    def __next__(self):
        self._tick()
        return next(self._real)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._real.__exit__(*exc)

    def __getattr__(self, name):
        return getattr(self._real, name)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("refs.bib", BIB.read_text(encoding="utf-8")),
        ("sheet.csv", "Date;Title\n" + "".join(f"{1900 + i};Event {i}\n" for i in range(300))),
        ("notes.md", "# Notes\n\n" + "A line of text.\n" * 300),
    ],
)
def test_import_with_the_nth_read_of_its_input_failing(
    library, tmp_path, capsys, monkeypatch, name, content
):
    from pathlib import Path

    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    real_open = Path.open
    before = counts(library)
    for n in (1, 2, 3, 5, 8):

        def failing_open(self, *args, _n=n, **kwargs):
            fh = real_open(self, *args, **kwargs)
            return _FailingReads(fh, _n) if self == source else fh

        monkeypatch.setattr(Path, "open", failing_open)
        code = _cli(capsys, ["import", library, source])
        monkeypatch.setattr(Path, "open", real_open)
        assert code == 1 or n > 1, "the first read failed, so the import must have"
        if code == 0:
            break  # reads beyond the file's last: the import went through whole
        assert counts(library) == before
    _healthy(library)
