"""Revision 0011 splits a team database's search index by kind (one partial GIN index each):
a library at 0009 keeps every row and finds the same records; a file is only renumbered."""

from __future__ import annotations

from library_builders import database_with_rows_at, file_with_rows_at

from db import queries
from db.engine import head_revision, open_library
from db.queries import EventFilter


def _check_upgraded(lib) -> None:
    with lib.read() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == head_revision()
    assert queries.entity_counts(lib)["event"] == 1
    # Found by its own words, through its actor, and the actor and source themselves.
    assert [e.id for e in queries.list_events(lib, EventFilter(text="meeting"))] == [1]
    assert [e.id for e in queries.list_events(lib, EventFilter(text="poland"))] == [1]
    assert queries.count_events(lib, EventFilter(text="poland")) == 1
    assert [a.name for a in queries.list_actors(lib, "JP")] == ["Japan"]
    assert [s.title for s in queries.list_sources(lib, "writer")] == ["Article"]


def test_a_0009_file_keeps_every_row(tmp_path):
    lib = open_library(file_with_rows_at(tmp_path / "old.chronicle", "0009"))
    try:
        _check_upgraded(lib)
    finally:
        lib.close()


def test_a_0009_team_database_gets_an_index_per_kind_and_keeps_every_row(pg_url):
    lib = open_library(database_with_rows_at(pg_url, "0009"))
    try:
        _check_upgraded(lib)
        with lib.read() as conn:
            indexes = conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_index' "
                "AND indexdef LIKE '%%gin%%' ORDER BY indexname"
            ).all()
    finally:
        lib.close()
    assert [name for name, _ in indexes] == [
        "ix_search_index_actor", "ix_search_index_event", "ix_search_index_source",
    ]  # fmt: skip
    assert all(f"kind = '{name.rsplit('_', 1)[1]}'" in text for name, text in indexes)
