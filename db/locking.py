"""One editing session per library file: an advisory lock on a sidecar `<file>.lock`.

The lock is `flock` on the sidecar, held for as long as the library is open. The kernel drops it
when the holding process ends in any way (even SIGKILL), so a stale sidecar left behind by a
crash never blocks anyone: the next opener simply takes the lock. The sidecar also names its
holder (pid, host, time) so the refusal can say who has the file open. Two writers that ignore
the lock are still safe (WAL + BEGIN IMMEDIATE); the lock exists so people are told, not to
protect the file's structure. Without `fcntl` (Windows) no lock is taken.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.errors import LibraryFileError
from db.file_safety import LOCK_SUFFIX

try:
    import fcntl
except ImportError:  # not on Windows: locks are then left out
    fcntl = None  # type: ignore[assignment]  # the module or None, as the callers check


def lock_path(library: Path) -> Path:
    return library.with_name(library.name + LOCK_SUFFIX)


@dataclass(frozen=True)
class LockHolder:
    """Who holds a library open: process id, host name and when they opened it."""

    pid: int
    host: str
    since: str

    def describe(self) -> str:
        if self.host == socket.gethostname() and self.pid == os.getpid():
            return "in this Chronicle session"
        where = "" if self.host == socket.gethostname() else f" on {self.host}"
        return f"in Chronicle (process {self.pid}{where}, since {self.since})"


class LibraryLockedError(LibraryFileError):
    """The library is already open for editing in another Chronicle window or process."""

    def __init__(self, path: Path, holder: LockHolder | None):
        who = holder.describe() if holder else "in another Chronicle window"
        super().__init__(f"{path.name} is already open {who}.")
        self.path = path
        self.holder = holder


class LibraryLock:
    """A held lock; `release()` (idempotent) unlocks and removes the sidecar."""

    def __init__(self, path: Path, fd: int | None):
        self.path = path
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Unlink while still holding the lock, so nobody locks a file that is about to vanish.
        self.path.unlink(missing_ok=True)
        os.close(fd)


def _read_holder(fd: int) -> LockHolder | None:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return LockHolder(int(data["pid"]), str(data["host"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_holder(fd: int) -> None:
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now().strftime("%Y-%m-%d %H:%M"),
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)


# Never follow a link planted at the sidecar's name (it would truncate whatever it points
# at), never block opening a FIFO there, never make a terminal our controlling one.
_OPEN_FLAGS = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS |= getattr(os, "O_NOCTTY", 0)


def _open_sidecar(path: Path) -> int:
    """Create the sidecar (O_EXCL), or open the one there if it is a plain file of its own.

    A symlink, a FIFO, a device or a second name of another file (a hard link, e.g. to the
    library itself) is refused: writing our note into it would destroy what it really is.
    """
    try:
        return os.open(path, _OPEN_FLAGS | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    except OSError as err:
        raise LibraryFileError(
            f"Cannot create {path.name} beside the library: {err.strerror}."
        ) from err
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return _open_sidecar(path)  # its holder removed it meanwhile: create it afresh
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise refusal(path, "is a symbolic link") from err
        raise LibraryFileError(
            f"Cannot open {path.name} beside the library: {err.strerror}."
        ) from err
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        what = "is not a plain file" if not stat.S_ISREG(info.st_mode) else "has other names"
        raise refusal(path, what)
    return fd


def refusal(path: Path, what: str) -> LibraryFileError:
    """The message for a sidecar that is something other than our own plain file."""
    return LibraryFileError(
        f"{path.name} beside the library {what}; Chronicle will not write into it. "
        "Remove it (it is not part of the library) and try again. Nothing was changed."
    )


def acquire(library: Path) -> LibraryLock:
    """Take the editing lock of `library`, or raise LibraryLockedError naming who holds it."""
    path = lock_path(library)
    if fcntl is None:
        return LibraryLock(path, None)
    while True:
        fd = _open_sidecar(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LibraryLockedError(library, holder) from None
        # The previous holder may have unlinked the sidecar between our open and our lock;
        # then we hold a lock on a dead file and must start again on the new one.
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            _write_holder(fd)
            return LibraryLock(path, fd)
        os.close(fd)
