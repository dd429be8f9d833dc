"""Revision 0009 adds report and asserted dates to citations, a status to sources and the
derivation links: a library at 0007 (SQLite file or PostgreSQL database) keeps every row."""

from __future__ import annotations

from library_builders import database_with_rows_at, file_with_rows_at

from db import queries, store
from db.engine import head_revision, open_library
from db.queries.corroboration import corroboration
from db.queries.evidence import event_evidence


def _check_upgraded(lib) -> None:
    with lib.read() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert revision == head_revision()
    (citation,) = queries.citations(lib, event_id=1)
    assert (citation.locator, citation.quote) == ("para 3", "q")
    assert (citation.reported_edtf, citation.asserted_edtf) == (None, None)
    source = store.get(lib, "source", 1)
    assert (source["title"], source["status"]) == ("Article", "")
    assert [a.name for a in queries.list_actors(lib)] == ["Japan", "Poland"]
    assert event_evidence(lib, [1])[1].source_count == 1
    # The new parts work on the old rows.
    other = store.create(lib, "source", title="Wire")
    store.add_citation(lib, other, event_id=1)
    store.add_derivation(lib, 1, other)
    assert (
        corroboration(lib, 1).explanation == "2 sources, 1 independent: “Article” draws on “Wire”."
    )
    store.update(lib, "citation", citation.id, asserted="2025-09-23")
    assert queries.citations(lib, event_id=1)[0].asserted_edtf == "2025-09-23"


def test_a_0007_file_keeps_every_row(tmp_path):
    lib = open_library(file_with_rows_at(tmp_path / "old.chronicle", "0007"))
    try:
        _check_upgraded(lib)
    finally:
        lib.close()


def test_a_0007_team_database_keeps_every_row(pg_url):
    lib = open_library(database_with_rows_at(pg_url, "0007"))
    try:
        _check_upgraded(lib)
    finally:
        lib.close()
