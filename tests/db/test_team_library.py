"""Team libraries on PostgreSQL: the database, roles, migrations, the CLI, the driver."""

from __future__ import annotations

import sys

import pytest
import sqlalchemy as sa
from alembic import command
from library_builders import ROWS_AT_FIRST_REVISION
from sqlalchemy.engine import make_url

from db import queries, store
from db.engine import alembic_config, create_library, head_revision, open_library
from db.errors import ChronicleError, LibraryFileError, ReadOnlyError
from desktop.cli import main as chronicle


def test_a_new_team_library_is_made_in_an_empty_database_and_reopens(pg_url):
    lib = create_library(pg_url)
    event = store.create(lib, "event", title="Caesar dies", when="-0043-03-15")
    lib.close()
    lib = open_library(pg_url)
    try:
        assert lib.is_team and not lib.read_only and lib.name.endswith("on this computer")
        assert store.get(lib, "event", event)["start_key"] < -60_000_000_000  # 64-bit keys
    finally:
        lib.close()


def test_an_empty_or_foreign_database_is_refused_and_left_alone(pg_cluster, pg_url):
    with pytest.raises(LibraryFileError, match="an empty database, not a Chronicle library"):
        open_library(pg_url)
    pg_cluster.admin("CREATE TABLE invoices (id int)", dbname=make_url(pg_url).database)
    with pytest.raises(LibraryFileError, match="a database of another program"):
        open_library(pg_url)
    with pytest.raises(LibraryFileError, match="is not empty"):
        create_library(pg_url)


def test_without_the_driver_the_message_says_how_to_get_it(pg_url):
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "psycopg", None)  # as if not installed
        with pytest.raises(ChronicleError, match=r"pip install 'chronicle\[team\]'"):
            open_library(pg_url)


def test_a_host_port_url_works_and_its_sslmode_is_honoured(pg_cluster, pg_url):
    create_library(pg_url).close()
    url = pg_cluster.tcp_url(make_url(pg_url).database)
    open_library(url + "?sslmode=disable").close()
    # The test server speaks no TLS: requiring it must fail, proving the option reached libpq.
    with pytest.raises(LibraryFileError, match=r"(?i)ssl"):
        open_library(url + "?sslmode=require")


def test_a_read_only_role_opens_the_library_read_only(pg_cluster, pg_url):
    create_library(pg_url).close()
    dbname = make_url(pg_url).database
    pg_cluster.admin("DO $$ BEGIN CREATE ROLE reader LOGIN; EXCEPTION WHEN duplicate_object "
                     "THEN NULL; END $$")  # fmt: skip
    pg_cluster.admin("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader", dbname=dbname)
    lib = open_library(pg_cluster.url(dbname, user="reader"))
    try:
        assert lib.read_only and "reader may only read" in lib.read_only_reason
        assert queries.count_events(lib) == 0
        with pytest.raises(ReadOnlyError):
            store.create(lib, "event", title="Not allowed", when="2024")
        lib.read_only = False  # even past our own guard, the server refuses
        with pytest.raises(ReadOnlyError, match="cannot be written with your database role"):
            store.create(lib, "event", title="Not allowed", when="2024")
    finally:
        lib.close()


def test_a_database_at_an_older_revision_is_migrated_with_every_row(pg_url):
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(ROWS_AT_FIRST_REVISION.replace("0, 0,", "false, false,"))
    engine.dispose()
    lib = open_library(pg_url)
    try:
        with lib.read() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
                head_revision()
            )
        assert [a.name for a in queries.list_actors(lib)] == ["Japan", "Poland"]
        assert [e.title for e in queries.list_events(lib, queries.EventFilter(text="Japan"))] == [
            "Meeting"
        ]
        new = store.create(lib, "actor", name="Korea")  # the id sequence moved past the rows
        assert new == 3
    finally:
        lib.close()


def test_cli_checks_imports_into_and_exports_a_team_library(pg_url, tmp_path, capsys):
    create_library(pg_url).close()
    source = tmp_path / "demo.json"
    from resources import DEMO_CHRONOLOGY

    source.write_bytes(DEMO_CHRONOLOGY.read_bytes())
    assert chronicle(["import", pg_url, str(source)]) == 0
    assert chronicle(["check", pg_url]) == 0
    assert "event: 57" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert chronicle(["export", pg_url, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") > 57


def test_a_server_restart_is_a_clear_message_then_the_library_reconnects(pg_cluster, pg_url):
    lib = create_library(pg_url)
    try:
        kept = store.create(lib, "event", title="Written before the restart", when="2024")
        pg_cluster.stop()
        try:
            with pytest.raises(LibraryFileError, match=r"Lost the connection to .* not saved"):
                store.create(lib, "event", title="Written while down", when="2024")
        finally:
            pg_cluster.start()
        # The pool notices its dead connections and opens new ones: no reopening needed.
        again = store.create(lib, "event", title="Written after the restart", when="2025")
        titles = [e.title for e in queries.list_events(lib)]
        assert titles == ["Written before the restart", "Written after the restart"]
        assert kept < again
    finally:
        lib.close()
