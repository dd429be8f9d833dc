"""What may stand at a path Chronicle reads or writes: plain files only, never the library itself.

A sync tool, a shared folder or a careless command can leave a symbolic link, a FIFO, a device
or a second name (hard link) of another file where Chronicle expects its own file. Writing
through such a name destroys what it really points at, and opening a FIFO blocks forever. So
every file opened as a library, every sidecar SQLite will write (-wal, -shm, -journal) and every
export target is looked at first, without following links and without blocking.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from db.errors import ExportError, LibraryFileError

SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
LOCK_SUFFIX = ".lock"


def kind_of(mode: int) -> str:
    """A user's word for a file type that is not a plain file."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a plain file"


def library_file_problem(path: Path) -> str | None:
    """Why `path` (links followed: the user chose it) cannot be a library file, or None."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return f"There is no file at {path}."
    except OSError as err:
        return f"Cannot read {path.name}: {err.strerror}."
    if stat.S_ISDIR(info.st_mode):
        return f"{path} is a folder, not a library file."
    if not stat.S_ISREG(info.st_mode):
        return f"{path.name} is {kind_of(info.st_mode)}, not a library file."
    return None


def check_sidecars(library: Path) -> None:
    """Refuse a library whose -wal/-shm/-journal is a link, a special file or a second name.

    SQLite would write into them (and truncate them), destroying whatever they point at.
    """
    for suffix in SQLITE_SIDECARS:
        side = Path(f"{library}{suffix}")
        try:
            info = side.lstat()
        except FileNotFoundError:
            continue
        except OSError as err:
            raise LibraryFileError(f"Cannot look at {side.name}: {err.strerror}.") from err
        if not stat.S_ISREG(info.st_mode):
            what = kind_of(info.st_mode)
        elif info.st_nlink != 1:
            what = "a second name of another file (a hard link)"
        else:
            continue
        raise LibraryFileError(
            f"{side.name} beside {library.name} is {what}, so SQLite would write into "
            "something that is not this library's. Remove it and try again; nothing was changed."
        )


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def library_files(library: Path) -> list[Path]:
    """The library file and every sidecar that belongs to it."""
    names = [f"{library}{suffix}" for suffix in (*SQLITE_SIDECARS, LOCK_SUFFIX)]
    return [library, *map(Path, names)]


def refuse_overwriting(target: Path, protected: Iterable[Path]) -> None:
    """ExportError if `target` is (by name, link or inode) one of the `protected` libraries'
    files: an export must never replace the library it reads."""
    target = Path(target)
    resolved = target.resolve()
    target_id = _identity(target)
    for library in protected:
        for path in library_files(Path(library)):
            same_name = resolved == path.resolve()
            if same_name or (target_id is not None and target_id == _identity(path)):
                raise ExportError(
                    f"{target.name} is the library {Path(library).name} itself"
                    + ("" if path == Path(library) else f" (its {path.name})")
                    + "; an export cannot replace its own library. Choose another file name."
                )


def check_export_target(target: Path) -> None:
    """ExportError unless `target` is absent or a plain file (a FIFO or device is never
    replaced, and a folder never written into)."""
    try:
        info = Path(target).stat()
    except FileNotFoundError:
        return
    except OSError as err:
        raise ExportError(f"Cannot write {Path(target).name}: {err.strerror}.") from err
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(
            f"{Path(target).name} is {kind_of(info.st_mode)}; an export only writes plain "
            "files. Choose another file name. Nothing was changed."
        )


def open_plain_for_reading(path: Path) -> int:
    """A read-only descriptor of `path` if it is a plain file (FIFOs never block us)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise LibraryFileError(f"Cannot read {path.name}: {err.strerror}.") from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise LibraryFileError(f"{path.name} is {kind_of(info.st_mode)}, not a library file.")
    return fd


def remove_stale_parts(folder: Path, prefix: str) -> list[Path]:
    """Delete temporary `.part` files left in `folder` by a killed writer; return them.

    Writers hold an exclusive `flock` on their temporary file while writing, so one that
    can be locked here has no living writer. Without `fcntl` nothing is removed.
    """
    try:
        import fcntl
    except ImportError:
        return []
    removed = []
    with contextlib.suppress(OSError):
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix)]
        for path in candidates:
            if not path.name.endswith(".part"):
                continue
            try:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
            except OSError:
                continue
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                path.unlink(missing_ok=True)
                removed.append(path)
            except OSError:
                continue  # a writer holds it
            finally:
                os.close(fd)
    return removed


def hold_while_writing(fd: int) -> None:
    """Mark a temporary file as in use (see `remove_stale_parts`)."""
    try:
        import fcntl
    except ImportError:
        return
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def repair_sidecar_modes(library: Path) -> None:
    """Give write-protected -wal/-shm files back the library's permissions.

    SQLite creates them with the library's mode, so a read-only open of a write-protected
    file leaves 0444 sidecars behind; once the file is writable again they would make every
    write fail ("attempt to write a readonly database"). Only our own files are touched.
    """
    try:
        mode = stat.S_IMODE(library.stat().st_mode)
    except OSError:
        return
    uid = os.getuid() if hasattr(os, "getuid") else None
    for suffix in ("-wal", "-shm"):
        side = Path(f"{library}{suffix}")
        with contextlib.suppress(OSError):
            info = side.lstat()
            ours = stat.S_ISREG(info.st_mode) and uid in (None, info.st_uid)
            if ours and not info.st_mode & 0o200 and mode & 0o200:
                os.chmod(side, stat.S_IMODE(info.st_mode) | (mode & 0o222))
