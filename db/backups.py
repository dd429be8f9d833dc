"""Rotating backups of a library in a folder of their own, and restoring one of them.

Backups are made with SQLite's online backup (`engine.backup_copy`), so the library can stay
open and in use. Each copy is checked before it counts: a damaged library never produces a
"backup" that pushes a good one out of the rotation. Restoring first backs up the current file,
then swaps the backup in with one rename, so a crash at any point leaves a whole library.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from db.atomic import atomic_write
from db.engine import backup_copy, checkpoint, inspect_file, quick_check, sqlite_uri
from db.errors import ChronicleError, LibraryFileError
from db.file_safety import remove_stale_parts
from db.locking import acquire
from db.sql_names import quoted

DEFAULT_KEEP = 10
BACKUP_SUFFIX = ".chronicle"
LIBRARY_NOTE = "library-path.txt"  # says which library a backup folder belongs to
_STAMP = "%Y%m%d-%H%M%S-%f"
_COUNTED = ("event", "actor", "source")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was made, its size, and what it holds."""

    path: Path
    created: datetime  # aware, UTC
    size: int
    counts: dict[str, int] | None  # {"event": n, "actor": n, "source": n}; None if unreadable
    label: str = ""  # "before-restore" for the copy made before a restore


def backup_folder(root: Path, library: Path) -> Path:
    """Where the backups of `library` live under `root` (one folder per library path)."""
    library = Path(library).expanduser().resolve()
    digest = hashlib.sha256(str(library).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Path(root) / "backups" / f"{library.stem}-{digest}"


def _note_library(folder: Path, library: Path) -> None:
    note = folder / LIBRARY_NOTE
    text = str(Path(library).resolve())
    if not note.exists() or note.read_text(encoding="utf-8", errors="replace") != text:
        with atomic_write(note, "w", encoding="utf-8") as fh:
            fh.write(text)


def new_backup_path(folder: Path, library: Path, label: str = "") -> Path:
    """A fresh time-stamped name in `folder` (created if needed) for a copy of `library`."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise LibraryFileError(f"Cannot make the backup folder {folder}: {err.strerror}.") from err
    _note_library(folder, library)
    stamp = datetime.now(UTC).strftime(_STAMP)
    return (
        folder / f"{stamp}-{label}{BACKUP_SUFFIX}" if label else folder / f"{stamp}{BACKUP_SUFFIX}"
    )


def make_backup(library: Path, folder: Path, *, label: str = "") -> Path:
    """Copy `library` into `folder` under a time-stamped name; refuse if the copy is damaged."""
    library = Path(library)
    destination = new_backup_path(folder, library, label)
    remove_stale_parts(folder, ".")  # copies a killed process left half-made
    copy = backup_copy(library, destination)
    problems = quick_check(copy)
    if problems:
        copy.unlink(missing_ok=True)
        raise LibraryFileError(
            f"{library.name} is damaged ({problems[0]}), so no backup was made; "
            "the earlier backups are kept."
        )
    return copy


def _parse_name(path: Path) -> tuple[datetime, str] | None:
    stem = path.name.removesuffix(BACKUP_SUFFIX)
    stamp, _, label = stem[:22], stem[22:23], stem[23:]
    try:
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC), label
    except ValueError:
        return None


def _counts(path: Path) -> dict[str, int] | None:
    try:
        conn = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
        try:
            return {
                table: conn.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]
                for table in _COUNTED
            }
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _backup_files(folder: Path) -> list[tuple[datetime, str, Path]]:
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{BACKUP_SUFFIX}"):
        parsed = _parse_name(path)
        if parsed is not None:
            found.append((*parsed, path))
    return sorted(found, reverse=True)


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in `folder`, newest first, with counts read from each file."""
    return [
        BackupInfo(path, created, path.stat().st_size, _counts(path), label)
        for created, label, path in _backup_files(folder)
    ]


def newest_backup_time(folder: Path) -> datetime | None:
    files = _backup_files(folder)
    return files[0][0] if files else None


def _written_files(library: Path) -> list[os.stat_result]:
    """Stats of the file and of its -wal when that holds anything (readers create empty ones)."""
    found = []
    for path in (Path(library), Path(f"{library}-wal")):
        try:
            info = path.stat()
        except FileNotFoundError:
            continue
        if info.st_size or path == library:
            found.append(info)
    return found


def library_state(library: Path) -> tuple[int, ...]:
    """Sizes and modification times of the file and its -wal: changes with every commit."""
    return tuple(n for info in _written_files(library) for n in (info.st_size, info.st_mtime_ns))


def changed_since_backup(library: Path, folder: Path) -> bool:
    """True if `library` (or its -wal) was written after the newest backup in `folder`.

    File times tick coarsely (a few ms), so a write in the same tick as the backup can read as
    older; callers that saw the backup being made compare `library_state` instead.
    """
    newest = newest_backup_time(folder)
    if newest is None:
        return True
    written = max((info.st_mtime for info in _written_files(library)), default=0)
    return datetime.fromtimestamp(written, UTC) > newest


def rotate(folder: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the `keep` newest backups (at least one is always kept); return them."""
    removed = [path for _c, _l, path in _backup_files(folder)[max(keep, 1) :]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _safety_copy(target: Path, folder: Path) -> Path:
    """Back up the library about to be replaced; a damaged one is copied byte for byte."""
    try:
        return make_backup(target, folder, label="before-restore")
    except ChronicleError:
        copy = new_backup_path(folder, target, "before-restore-damaged")
        with atomic_write(copy, "wb") as out, target.open("rb") as src:
            shutil.copyfileobj(src, out)
        return copy


def restore_backup(backup: Path, target: Path, folder: Path) -> Path | None:
    """Replace `target` with `backup` after backing `target` up; return that safety copy.

    `target` must not be open for editing anywhere (its lock is taken for the swap).
    """
    backup, target = Path(backup), Path(target).expanduser().resolve()
    inspect_file(backup)
    problems = quick_check(backup)
    if problems:
        raise LibraryFileError(f"The backup {backup.name} is damaged ({problems[0]}).")
    lock = acquire(target)
    try:
        safety = None
        if target.exists():
            safety = _safety_copy(target, folder)
            # A damaged file may refuse the checkpoint; its safety copy holds what it had.
            with contextlib.suppress(sqlite3.Error):
                checkpoint(target)
        with atomic_write(target, "wb") as out, backup.open("rb") as src:
            shutil.copyfileobj(src, out)
            # The -wal is empty after the checkpoint; an old one must never meet the new file.
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
    except OSError as err:
        raise LibraryFileError(f"Could not restore {target.name}: {err.strerror}.") from err
    finally:
        lock.release()
    return safety
