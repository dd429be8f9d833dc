"""Files written atomically get the permissions a plain open() would give them."""

from __future__ import annotations

from db.atomic import atomic_write


def test_atomic_write_gives_what_open_would_not_owner_only(tmp_path):
    with atomic_write(tmp_path / "export.csv") as fh:
        fh.write("id,title\n")
    with open(tmp_path / "plain.csv", "w") as fh:
        fh.write("id,title\n")
    mode = (tmp_path / "export.csv").stat().st_mode & 0o777
    assert mode == (tmp_path / "plain.csv").stat().st_mode & 0o777
    assert mode & 0o044  # readable by others under the usual umask, unlike mkstemp's 0600
