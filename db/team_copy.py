"""Moving a library between a file and a team database, whole.

`publish` copies a library file into an empty PostgreSQL database in ONE transaction: the
schema (our migrations), then every table with COPY, then the indexes. A failure, a cancel or
a killed client leaves the database as empty as it was (PostgreSQL's DDL is transactional
too). The big indexes (GiST time ranges, GIN search) and the search triggers are set aside
during the COPY and built once at the end: building them row by row was the slow part. Rows
are copied FREEZE (the tables are new in this transaction), so the first readers find every
page all-visible instead of rewriting each one.

`offline_copy` goes the other way: a team library into a new library file, written under a
temporary name and put in place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Connection

from db import team
from db.driver import driver_connection
from db.engine import checkpoint, create_library, open_library, sqlite_uri
from db.errors import LibraryFileError
from db.exchange.library_records import iter_records, record_counts
from db.exchange.loader import load_records
from db.exchange.records import SECTIONS
from db.progress import Progress, no_progress
from db.sql_names import quoted, quoted_list

# Parents before children so every foreign key holds the moment a row arrives.
COPY_ORDER = (
    "tag",
    "actor",
    "source",
    "event",
    "relation",
    "participation",
    "citation",
    "source_derivation",
    "tagging",
    "node_position",
    "setting",
    "change_log",  # the file's history travels with it
)
_SEARCH_TRIGGERS = {"event": "event_search", "actor": "actor_search", "source": "source_search"}
# Copying is not editing: the history triggers stay off (the file's history is copied).
_OFF_DURING_COPY = [(table, f"{table}_history") for table in ("event", "actor", "source")]
_OFF_DURING_COPY += [("relation", "relation_history"), *_SEARCH_TRIGGERS.items()]
_DEFERRED_INDEX_TABLES = (
    "event", "search_index", "participation", "citation", "relation", "tagging", "change_log",
)  # fmt: skip
_ROWS_PER_READ = 20_000


def _columns(conn: Connection, table: str) -> list[str]:
    """The columns of `table` in the team database (our schema), in their order."""
    rows = conn.execute(
        sa.text(
            "SELECT attname FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
            "AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
        ),
        {"t": table},
    )
    return list(rows.scalars())


def _count(src: sqlite3.Connection, table: str) -> int:
    count: int = src.execute(f"SELECT count(*) FROM {quoted(table)}").fetchone()[0]
    return count


def _set_aside_indexes(conn: Connection) -> list[str]:
    """Drop the secondary indexes of the big tables; return the statements that rebuild them.

    Indexes that back a constraint (primary keys, unique constraints) stay.
    """
    rows = conn.execute(
        sa.text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.schemaname = 'public' AND i.tablename = ANY(:tables) AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)"
        ),
        {"tables": list(_DEFERRED_INDEX_TABLES)},
    ).all()
    for name, _definition in rows:
        conn.exec_driver_sql(f"DROP INDEX {quoted(name)}")
    return [definition for _name, definition in rows]


def _set_aside_constraints(
    conn: Connection, kinds: list[str], tables: list[str] | None = None
) -> list[str]:
    """Drop the constraints of `kinds` (pg_constraint.contype) on `tables` (None: every
    table); return the statements that add them back.

    Foreign keys ('f'): checked row by row during COPY they cost more than the copy itself (a
    lookup in the parent table per row and key: 45 of 60 s for 1M participations). Primary
    keys and unique constraints ('p', 'u', the big tables): an index kept up row by row
    costs more than one sorted at the end (event: 2.1 s of server CPU copied with its primary
    key, 1.6 s copied, then keyed). Added back in the same transaction, every row is still
    checked, so a broken link or a duplicate fails the whole publish. Keys are set aside
    after the foreign keys that lean on them, and come back first.
    """
    rows = conn.execute(
        sa.text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype::text = ANY(:kinds) "
            "AND connamespace = 'public'::regnamespace "
            "AND (CAST(:t AS text[]) IS NULL OR conrelid::regclass::text = ANY(:t))"
        ),
        {"kinds": kinds, "t": tables},
    ).all()
    for table, name, _definition in rows:
        conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} DROP CONSTRAINT {quoted(name)}")
    # The definition is the server's own text for a constraint of our schema.
    return [
        f"ALTER TABLE {quoted(table)} ADD CONSTRAINT {quoted(name)} {text}"
        for table, name, text in rows
    ]


def _copy_table(
    conn: Connection, src: sqlite3.Connection, table: str, tick: Progress, done: list[int]
) -> None:
    """COPY every row of `table` from the file into the same table on the server.

    FREEZE: the table was created in this transaction, so its rows are written as visible to
    everyone (as they are once it commits) and its pages marked all-visible. Without it the
    first reads after a publish rewrote every page to set hint bits, and index-only scans
    visited the table until autovacuum came by. (Formatting the lines in SQLite instead of
    psycopg's C row formatter was tried: 1.0-2.1 s of CPU per 200,000 events against 0.7 s.)
    """
    from psycopg import sql  # the optional driver: a publish has checked it is there

    columns = _columns(conn, table)
    # copy_of_id goes in empty: a source may name a later one (linked once all are in).
    unlinked = columns.index("copy_of_id") if "copy_of_id" in columns else None
    statement = sql.SQL("COPY {} ({}) FROM STDIN (FREEZE)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with driver_connection(conn).cursor().copy(statement) as copy:
        rows = src.execute(f"SELECT {quoted_list(columns)} FROM {quoted(table)} ORDER BY rowid")
        while batch := rows.fetchmany(_ROWS_PER_READ):
            for row in batch:
                if unlinked is not None:
                    row = (*row[:unlinked], None, *row[unlinked + 1 :])
                copy.write_row(row)
            done[0] += len(batch)
            tick(done[0], done[1])
    if "copy_of_id" in columns:  # a source may name a later one: linked once all are in
        links = src.execute("SELECT id, copy_of_id FROM source WHERE copy_of_id IS NOT NULL")
        for source_id, copy_of in links.fetchall():
            conn.execute(
                sa.text("UPDATE source SET copy_of_id = :c WHERE id = :id"),
                {"c": copy_of, "id": source_id},
            )


def _fill_search_index(conn: Connection) -> None:
    """What the search triggers would have written, in one statement per table."""
    from psycopg import sql  # the optional driver: a publish has checked it is there

    from db.migrations.postgresql import SEARCH_BODIES, SEARCH_KINDS

    fill = sql.SQL(
        "INSERT INTO search_index (rowid, kind, body) SELECT id * 4 + {code}, {kind}, "
        "chronicle_search_text({body}) FROM {table}"
    )
    for table, code in SEARCH_KINDS.items():
        # The body is the search trigger's own expression (a constant of our schema).
        body = sql.SQL(SEARCH_BODIES[table].replace("new.", f"{table}."))
        statement = fill.format(
            code=sql.Literal(code), kind=sql.Literal(table), body=body, table=sql.Identifier(table)
        )
        driver_connection(conn).execute(statement)


def publish(path: Path | str, url: str, *, progress: Progress = no_progress) -> dict[str, int]:
    """Copy the library file at `path` into the empty team database at `url`, all or nothing.

    Returns the number of rows copied per table.
    """
    source = open_library(path)  # checks it is ours, upgrades an older one (after a copy)
    source.close()
    name = team.display_name(url)
    engine = team.team_engine(url)
    src = sqlite3.connect(sqlite_uri(Path(source.path), read_only=True), uri=True)
    try:
        counts = {table: _count(src, table) for table in COPY_ORDER}
        done = [0, sum(counts.values())]
        with team.translated_errors(name), engine.connect() as conn:
            team.create_schema(conn, name)
            rebuild = _set_aside_indexes(conn)
            relink = _set_aside_constraints(conn, ["f"])
            rekey = _set_aside_constraints(conn, ["p", "u"], list(_DEFERRED_INDEX_TABLES))
            for table, trigger in _OFF_DURING_COPY:
                conn.exec_driver_sql(
                    f"ALTER TABLE {quoted(table)} DISABLE TRIGGER {quoted(trigger)}"
                )
            for table in COPY_ORDER:
                _copy_table(conn, src, table, progress, done)
            for table, trigger in _OFF_DURING_COPY:
                conn.exec_driver_sql(
                    f"ALTER TABLE {quoted(table)} ENABLE TRIGGER {quoted(trigger)}"
                )
            _fill_search_index(conn)
            # Index builds sort in memory up to this much (the default, 64 MB, spills to disk).
            conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in [*rekey, *rebuild, *relink]:
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql("ANALYZE")  # planner statistics for the new rows
            conn.commit()
    finally:
        src.close()
        engine.dispose()
    progress(done[1], done[1])
    return counts


def offline_copy(url: str, out: Path | str, *, progress: Progress = no_progress) -> Path:
    """Write the team library at `url` to a new library file `out` (which must not exist)."""
    out = Path(out)
    if out.exists():
        raise LibraryFileError(f"{out} already exists; choose another name.")
    part = out.with_name(f".{out.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        part.unlink()
    lib = open_library(url, read_only=True)
    copy = create_library(part)
    try:
        # Streamed section by section from one snapshot of the server: no whole-library list.
        with lib.read() as conn:
            total = sum(record_counts(conn).values())
            data = {section: iter_records(conn, section) for section in SECTIONS}
            load_records(copy, data, origin=lib.name, progress=progress, total=total)
    except BaseException:
        copy.close()
        part.unlink(missing_ok=True)
        raise
    finally:
        lib.close()
    copy.close()
    checkpoint(part)
    os.replace(part, out)
    return out
