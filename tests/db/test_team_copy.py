"""Publishing a library file to a team database and taking an offline copy back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from db import queries, store
from db.engine import open_library
from db.errors import CancelledError, LibraryFileError
from db.exchange.library_records import export_records
from db.queries.history import changes
from db.team_copy import offline_copy, publish
from desktop.cli import main as chronicle

_SCHEMA = {
    "indexes": "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
    "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
    "triggers": "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger "
    "WHERE NOT tgisinternal",
}


def _schema(url: str) -> dict[str, set[tuple]]:
    engine = sa.create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            return {k: {tuple(r) for r in conn.execute(sa.text(q))} for k, q in _SCHEMA.items()}
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = sa.create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.chronicle"
    assert chronicle(["demo", str(path)]) == 0
    return path


def test_publish_copies_every_record_with_ids_uuids_search_and_sequences(demo_file, pg_url):
    seen = []
    counts = publish(demo_file, pg_url, progress=lambda done, total: seen.append((done, total)))
    assert counts["event"] == 57 and seen[-1][0] == seen[-1][1]
    local, team = open_library(demo_file), open_library(pg_url)
    try:
        assert export_records(team) == export_records(local)
        assert [e.id for e in queries.list_events(team, queries.EventFilter(text="Japan"))] == [
            e.id for e in queries.list_events(local, queries.EventFilter(text="Japan"))
        ]
        new = store.create(team, "event", title="After publishing", when="2026")
        assert new == 58  # the id sequences moved past the copied rows
        # The history came along as it was, and the copying itself is not history.
        assert changes(team, limit=10_000)[1:] == changes(local, limit=10_000)
    finally:
        local.close()
        team.close()


def test_publish_leaves_the_schema_of_a_new_library(demo_file, pg_url, pg_cluster):
    # Keys, indexes and foreign keys set aside during the copy are all back, triggers on.
    publish(demo_file, pg_url)
    fresh = pg_cluster.new_library_url()
    try:
        assert _schema(pg_url) == _schema(fresh)
    finally:
        pg_cluster.drop_database(make_url(fresh).database)


def test_published_tables_need_no_first_pass_and_have_statistics(demo_file, pg_url):
    # Rows are copied frozen (pages all-visible: index-only scans from the start, no hint-bit
    # rewrite of every page by the first reader) and the planner has their statistics.
    counts = publish(demo_file, pg_url)
    engine = sa.create_engine(make_url(pg_url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            stats = conn.execute(
                sa.text(
                    "SELECT relname, relpages, relallvisible, reltuples FROM pg_class "
                    "WHERE relname IN ('event', 'participation', 'citation', 'change_log')"
                )
            ).all()
    finally:
        engine.dispose()
    assert len(stats) == 4
    for table, pages, visible, tuples in stats:
        assert pages > 0 and visible == pages, table
        assert tuples == counts[table], table


def test_publish_into_a_non_empty_database_is_refused(demo_file, pg_url):
    publish(demo_file, pg_url)
    with pytest.raises(LibraryFileError, match="is not empty"):
        publish(demo_file, pg_url)


def test_a_cancelled_publish_leaves_the_database_empty(demo_file, pg_url):
    def cancel(done, total):
        if done >= 40:
            raise CancelledError("Cancelled.")

    with pytest.raises(CancelledError):
        publish(demo_file, pg_url, progress=cancel)
    assert _tables(pg_url) == set()


def test_cli_publishes_and_takes_an_offline_copy(demo_file, pg_url, tmp_path, capsys):
    assert chronicle(["publish", str(demo_file), pg_url]) == 0
    assert "Published 57 events" in capsys.readouterr().out
    copy = tmp_path / "copy.chronicle"
    assert chronicle(["export", pg_url, "--out", str(copy)]) == 0
    local, back = open_library(demo_file), open_library(copy)
    try:
        assert export_records(back) == export_records(local)
    finally:
        local.close()
        back.close()
    assert chronicle(["export", pg_url, "--out", str(copy)]) == 1  # never over a file
    assert not list(tmp_path.glob(".*partial"))


def test_offline_copy_needs_a_team_library(demo_file, tmp_path, capsys):
    assert chronicle(["export", str(demo_file), "--out", str(tmp_path / "c.chronicle")]) == 1
    assert "postgresql:// URL" in capsys.readouterr().err
    with pytest.raises(LibraryFileError):
        offline_copy("postgresql://nobody@/nothing?host=/nonexistent", tmp_path / "d.chronicle")
