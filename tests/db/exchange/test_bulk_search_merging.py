"""A big import pauses the search index's automatic merging and puts the library's own
setting back (db/exchange/bulk_indexes.py): the index stays whole and searchable."""

from __future__ import annotations

import pytest

from benchmarks.dataset_files import write_acled
from db.errors import CancelledError
from db.exchange import bulk_indexes
from db.exchange.imports import import_acled

pytestmark = [pytest.mark.sqlite_only, pytest.mark.usefixtures("read_path")]


def _automerge(lib) -> int | None:
    with lib.read() as conn:
        found = conn.exec_driver_sql(
            "SELECT v FROM search_index_config WHERE k = 'automerge'"
        ).first()
    return None if found is None else found[0]


@pytest.fixture
def seen_while_importing(monkeypatch):
    """The search index's 'automerge' as it was just before the import put it back."""
    seen: list[int] = []
    resume = bulk_indexes._resume_merging

    def spied(conn, before):
        found = conn.exec_driver_sql("SELECT v FROM search_index_config WHERE k = 'automerge'")
        seen.append(found.scalar_one())
        resume(conn, before)

    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10)
    monkeypatch.setattr(bulk_indexes, "_resume_merging", spied)
    return seen


def test_merging_is_off_during_a_big_import_and_back_after(
    new_library, tmp_path, seen_while_importing
):
    lib = new_library("target")
    assert _automerge(lib) is None  # FTS5's default (4)
    import_acled(lib, write_acled(tmp_path / "acled.csv", 300))
    assert seen_while_importing == [0]
    assert _automerge(lib) == 4
    with lib.read() as conn:
        found = conn.exec_driver_sql(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'Northtown'"
        ).scalar_one()
        events = conn.exec_driver_sql("SELECT count(*) FROM event WHERE title LIKE '%Northtown%'")
        assert found == events.scalar_one() > 0


def test_a_library_s_own_merging_setting_is_kept(new_library, tmp_path, seen_while_importing):
    lib = new_library("target")
    with lib.write() as conn:
        conn.exec_driver_sql("INSERT INTO search_index(search_index, rank) VALUES ('automerge', 8)")
    import_acled(lib, write_acled(tmp_path / "acled.csv", 300))
    assert seen_while_importing == [0]
    assert _automerge(lib) == 8


def test_a_cancelled_import_leaves_the_setting_as_it_was(new_library, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk_indexes, "BULK_ROWS", 10)
    lib = new_library("target")

    def cancel(done, _total):
        if done >= 100:
            raise CancelledError("cancelled")

    with pytest.raises(CancelledError):
        import_acled(lib, write_acled(tmp_path / "acled.csv", 300), progress=cancel)
    assert _automerge(lib) is None
