"""Write files so that a crash, a full disk or a kill never leaves a half-written file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from db.errors import ExportError


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
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            f"Could not write {path.name}: {err.strerror}; nothing was changed."
        ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
