"""Links, FIFOs, devices and second names where Chronicle expects its own plain files.

Every case goes through the command line as a user would type it and must end in exit 1 with
one line on stderr (or succeed harmlessly), never a traceback, a hang or a changed file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys

import pytest
from faultkit import REPO, counts

from desktop.cli import main as chronicle


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def library(demo_lib):
    """The demo library, closed and checkpointed, so its bytes say whether anything wrote."""
    demo_lib.close()
    conn = sqlite3.connect(demo_lib.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{demo_lib.path}{suffix}")
    return demo_lib.path


def _refused(capsys, argv: list[str], *needles: str) -> str:
    code = chronicle([str(a) for a in argv])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("chronicle: "), err
    for needle in needles:
        assert needle in err, err
    return err


# ---------------------------------------------------------------- the lock sidecar


@pytest.mark.parametrize("kind", ["symlink to the library", "symlink elsewhere", "hard link"])
def test_a_planted_lock_sidecar_is_refused_and_what_it_names_is_untouched(
    library, tmp_path, capsys, kind
):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = library.with_name(library.name + ".lock")
    target = library if kind != "symlink elsewhere" else victim
    if kind == "hard link":
        os.link(target, lock)
    else:
        os.symlink(target, lock)
    before = _digest(library)
    _refused(capsys, ["check", "--repair", library], lock.name, "will not write into it")
    assert _digest(library) == before
    assert victim.read_text() == "precious\n"


def test_a_fifo_as_lock_sidecar_is_refused_without_blocking(library, capsys):
    os.mkfifo(library.with_name(library.name + ".lock"))
    _refused(capsys, ["check", "--repair", library], "is not a plain file")


# ---------------------------------------------------------------- SQLite's sidecars


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_symlinked_sqlite_sidecar_is_refused(library, tmp_path, capsys, suffix):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.symlink(victim, f"{library}{suffix}")
    before = _digest(library)
    _refused(capsys, ["import", library, REPO / "tests/fixtures/sources.bib"], suffix, "symbolic")
    assert victim.read_text() == "precious\n"
    assert _digest(library) == before


def test_a_fifo_as_wal_is_refused(library, capsys):
    os.mkfifo(f"{library}-wal")
    _refused(capsys, ["check", library], "-wal", "FIFO")


# ---------------------------------------------------------------- the library path


def test_a_fifo_as_the_library_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "lib.chronicle"
    os.mkfifo(fifo)
    # A child, so that a regression hangs the child (killed by the timeout), not the suite.
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "check", str(fifo)],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "FIFO" in result.stderr, result.stderr


def test_a_device_as_the_library_is_refused(capsys):
    _refused(capsys, ["check", "/dev/null"], "device")


# ---------------------------------------------------------------- export targets


@pytest.mark.parametrize(
    "target",
    ["itself", "symlink", "hard link", "-wal", "-shm", ".lock", "relative path"],
)
@pytest.mark.parametrize("fmt", ["csv", "json", "timelinejs"])
def test_an_export_never_replaces_its_own_library(library, tmp_path, capsys, target, fmt):
    conn = sqlite3.connect(library)  # a reader leaves -wal and -shm beside the library
    conn.execute("SELECT count(*) FROM event").fetchone()
    out = {
        "itself": library,
        "symlink": tmp_path / "link.json",
        "hard link": tmp_path / "second-name.json",
        "-wal": library.with_name(library.name + "-wal"),
        "-shm": library.with_name(library.name + "-shm"),
        ".lock": library.with_name(library.name + ".lock"),
        "relative path": os.path.relpath(library),
    }[target]
    if target == "symlink":
        os.symlink(library, out)
    elif target == "hard link":
        os.link(library, out)
    before, rows = _digest(library), counts(library)
    _refused(capsys, ["export", library, "--out", out, "--format", fmt], "its own library")
    conn.close()
    assert _digest(library) == before and counts(library) == rows


def test_a_picture_export_never_replaces_its_own_library(library, capsys, qapp):
    copy = library.with_suffix(".png")
    os.link(library, copy)
    before = _digest(library)
    _refused(capsys, ["export", library, "--out", copy], "its own library")
    assert _digest(library) == before


def test_an_export_onto_a_fifo_or_device_is_refused_and_never_replaces_it(
    library, tmp_path, capsys
):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    _refused(capsys, ["export", library, "--out", fifo], "FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    null = tmp_path / "null.csv"
    os.symlink("/dev/null", null)  # even a regression would only replace this link
    _refused(capsys, ["export", library, "--out", null], "device")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and os.path.islink(null)


def test_an_export_into_a_folder_name_is_refused(library, tmp_path, capsys):
    (tmp_path / "folder.json").mkdir()
    _refused(capsys, ["export", library, "--out", tmp_path / "folder.json"], "folder")


# ---------------------------------------------------------------- leftovers


def test_temporary_files_of_a_killed_writer_are_removed_on_the_next_run(library, tmp_path):
    out = tmp_path / "events.csv"
    stale = tmp_path / ".events.csv.abc123.part"
    stale.write_text("half an export")
    beside = library.with_name(f".{library.stem}.before-upgrade-1.chronicle.part")
    beside.write_text("half a copy")
    assert chronicle(["export", str(library), "--out", str(out)]) == 0
    assert not stale.exists() and out.exists()
    assert chronicle(["import", str(library), str(REPO / "tests/fixtures/sources.bib")]) == 0
    assert not beside.exists()


def test_a_temporary_file_being_written_is_not_taken_for_a_leftover(tmp_path):
    from db.atomic import atomic_write

    with atomic_write(tmp_path / "a.json") as fh:
        fh.write("{}")
        from db.file_safety import remove_stale_parts

        assert remove_stale_parts(tmp_path, ".a.json.") == []
    assert (tmp_path / "a.json").read_text() == "{}"


def test_write_protected_sidecars_left_by_a_read_only_open_do_not_block_later_imports(
    library, capsys
):
    library.chmod(0o444)
    assert chronicle(["check", str(library)]) == 0  # read-only: SQLite makes 0444 sidecars
    library.chmod(0o644)
    for suffix in ("-wal", "-shm"):
        side = library.with_name(library.name + suffix)
        if not side.exists():
            side.write_bytes(b"")
        side.chmod(0o444)
    assert chronicle(["import", str(library), str(REPO / "tests/fixtures/sources.bib")]) == 0
    assert counts(library)["source"] > 3
