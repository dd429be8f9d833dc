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
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from db.errors import ExportError


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


@contextlib.contextmanager
def atomic_write(path: Path | str, mode: str = "w", **open_args) -> Iterator[IO]:
    """Open a temporary file beside `path`; on success flush, fsync and rename it into place.

    If the block raises (or the disk fills), the temporary file is removed and any earlier file
    at `path` is left exactly as it was.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as err:
        raise ExportError(f"Cannot write in {path.parent}: {err.strerror}.") from err
    tmp = Path(tmp_name)
    try:
        # mkstemp makes owner-only files; an export should get the usual permissions instead.
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            f"Could not write {path.name}: {err.strerror or err}; nothing was changed."
        ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
