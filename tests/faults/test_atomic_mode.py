"""Files written atomically get the permissions a plain open() would give them."""

from __future__ import annotations

import os

import pytest

WRITE_BOTH = """
import sys
from pathlib import Path

from db.atomic import atomic_write

folder = Path(sys.argv[1])
with atomic_write(folder / "export.csv") as fh:
    fh.write("id,title\\n")
with open(folder / "plain.csv", "w") as fh:
    fh.write("id,title\\n")
"""


@pytest.mark.parametrize(
    ("umask", "expected"),
    [
        (0o022, 0o644),  # the usual: others may read, unlike mkstemp's 0600
        (0o002, 0o664),  # a group-shared setup
        (0o077, 0o600),  # a private one: atomic writes must not widen it either
    ],
)
def test_atomic_write_gives_the_mode_open_gives_under_the_umask(tmp_path, child, umask, expected):
    # db.atomic reads the umask once, at import: so a child process starts under the umask
    # set here (children inherit it), and ours is put back at once.
    old = os.umask(umask)
    try:
        writer = child(WRITE_BOTH, tmp_path)
    finally:
        os.umask(old)
    writer.finish()
    mode = (tmp_path / "export.csv").stat().st_mode & 0o777
    assert mode == (tmp_path / "plain.csv").stat().st_mode & 0o777 == expected
