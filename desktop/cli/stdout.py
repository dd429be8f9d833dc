"""`chronicle export … --out -`: the export written to standard output, for pipes."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# The file name an exporter is given decides details (TimelineJS JSON or CSV, picture type).
_SUFFIX = {"timelinejs": ".json"}
DEFAULT_FORMAT = "json"


def export_to_stdout(
    args: argparse.Namespace, write: Callable[[argparse.Namespace, Path], Path]
) -> int:
    """Export with `write(args, path)` into a temporary file, then copy it to standard output.

    Every exporter writes a named file (atomically, and a zip must seek), so the bytes go
    through a private temporary folder; nothing else is printed on standard output.
    """
    fmt = args.format or DEFAULT_FORMAT
    with tempfile.TemporaryDirectory(prefix="chronicle-out-") as folder:
        path = Path(folder, "export" + _SUFFIX.get(fmt, f".{fmt}"))
        args.format = fmt
        write(args, path)
        with path.open("rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return 0
