"""Write files so that a crash, a full disk or a kill never leaves a half-written file behind.

Every file the app writes goes through `atomic_write` (or, for library copies, the same
temp-file + fsync + rename steps in `engine.backup_copy`): the data lands in a temporary file
in the destination folder, is flushed to the disk, and only then renamed over the old name.
A rename within one folder is atomic, so readers see the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from db.errors import ExportError
from db.file_safety import (
    check_export_target,
    hold_while_writing,
    refuse_overwriting,
    remove_stale_parts,
)


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's list of names (after a rename), to the disk."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; its renames are durable without this.
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the rename itself has happened
    finally:
        os.close(fd)


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


# Read once at import: os.umask can only be read by setting it, which is not thread-safe.
_FILE_MODE = 0o666 & ~_read_umask()


def check_target(path: Path | str, protect: Iterable[Path] = ()) -> None:
    """ExportError unless `path` may be replaced by `atomic_write` (see there); callers with
    slow work before writing ask first, so a refusal comes before the work."""
    check_export_target(Path(path))
    refuse_overwriting(Path(path), protect)


@contextlib.contextmanager
def atomic_write(
    path: Path | str, mode: str = "w", *, protect: Iterable[Path] = (), **open_args: Any
) -> Iterator[IO[Any]]:
    """Open a temporary file beside `path`; on success flush, fsync and rename it into place.

    If the block raises (or the disk fills), the temporary file is removed and any earlier file
    at `path` is left exactly as it was. `path` must be absent or a plain file, and never one of
    the files of the libraries in `protect` (the library an export reads, by name or inode);
    both are checked before writing and again just before the rename.
    """
    path = Path(path)
    protect = tuple(protect)

    def check() -> None:
        check_target(path, protect)

    check()
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist.")
    prefix = f".{path.name}."
    remove_stale_parts(path.parent, prefix)  # left by a writer that was killed
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=path.parent)
    except OSError as err:
        raise ExportError(f"Cannot write in {path.parent}: {err.strerror}.") from err
    tmp = Path(tmp_name)
    try:
        hold_while_writing(fd)
        # mkstemp makes owner-only files; an export should get the usual permissions instead.
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
            check()  # the target may have changed while we wrote
            os.replace(tmp, path)  # while the temp file is still held (see hold_while_writing)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            f"Could not write {path.name}: {err.strerror or err}; nothing was changed."
        ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
