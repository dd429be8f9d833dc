"""`chronicle new`, and the library an import writes into (created when it does not exist yet)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db.engine import Library, create_library, open_library
from db.team import is_team_url


def run_new(args: argparse.Namespace) -> int:
    """Make an empty library; an existing file is refused, never overwritten."""
    create_library(args.file).close()
    print(f"Created an empty library {args.file}.")
    return 0


@contextmanager
def library_for_import(path: str | Path) -> Iterator[Library]:
    """The library at `path`, made empty first when there is no such file (said on stderr).

    A library made here is removed again if the import fails, so a refused import leaves
    nothing behind, as it changes nothing in an existing library.
    """
    # A team library is made by publish or new, never here.
    file = None if is_team_url(path) else Path(path)
    if file is None or file.exists():
        lib = open_library(path if file is None else file)
        try:
            yield lib
        finally:
            lib.close()
        return
    lib = create_library(file)
    try:
        yield lib
    except BaseException:
        lib.close()
        for leftover in (file, *(Path(f"{file}{s}") for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
        raise
    lib.close()
    # Said after the import, so that a refused one stays a single line on stderr.
    print(f"chronicle: {file} did not exist; created it as a new library.", file=sys.stderr)
