"""The PostgreSQL halves of our migrations: what SQLite does with FTS5, an R*Tree and its
header's application_id, a team database does with a tsvector + GIN table, a GiST index over
int8range, and a metadata row.

Searching: the same words must match on both engines. SQLite's unicode61 tokenizer splits on
anything that is not a letter or digit and drops accents, so the body is folded the same way
here (lower case, unaccent, ASCII punctuation to spaces) before PostgreSQL's 'simple'
configuration (no stemming, no stop words) makes the tsvector.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.sql_names import checked

META_TABLE = "chronicle_meta"
# Keys are seconds from 1970: BCE dates need 64 bits (SQLite's INTEGER is 64-bit already, and
# keeps its exact old DDL through the variant).
KEY_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
SEARCH_KINDS = {"event": 1, "actor": 2, "source": 3}
SEARCH_BODIES = {
    "event": "coalesce(new.title, '') || ' ' || coalesce(new.summary, '')",
    "actor": "coalesce(new.name, '') || ' ' || coalesce(new.aliases::text, '') || ' ' "
    "|| coalesce(new.description, '')",
    "source": "coalesce(new.title, '') || ' ' || coalesce(new.authors::text, '') || ' ' "
    "|| coalesce(new.publisher, '') || ' ' || coalesce(new.notes, '') || ' ' "
    "|| coalesce(new.full_text, '')",
}


def is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def exactly_one(*columns: str) -> str:
    """CHECK text: exactly one of `columns` is set (SQLite adds booleans, PostgreSQL cannot)."""
    if is_postgresql():
        return f"num_nonnulls({', '.join(columns)}) = 1"
    return " + ".join(f"({c} IS NOT NULL)" for c in columns) + " = 1"


def create_metadata_row() -> None:
    """What marks a database as a Chronicle library (SQLite files carry an application_id)."""
    op.execute(f"CREATE TABLE {checked(META_TABLE)} (key text PRIMARY KEY, value text NOT NULL)")
    op.execute(
        f"INSERT INTO {checked(META_TABLE)} (key, value) VALUES ('application', 'chronicle')"
    )


def create_search_index() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute(
        "CREATE FUNCTION chronicle_search_text(body text) RETURNS tsvector "
        "LANGUAGE sql STABLE AS $$ SELECT to_tsvector('simple', "
        "regexp_replace(unaccent(lower(body)), '[[:punct:]]+', ' ', 'g')) $$"
    )
    op.execute(
        "CREATE TABLE search_index (rowid bigint PRIMARY KEY, kind text NOT NULL, "
        "body tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_search_index_body ON search_index USING gin (body)")
    for table, code in SEARCH_KINDS.items():
        body = SEARCH_BODIES[table]
        op.execute(
            f"CREATE FUNCTION {checked(table)}_search_sync() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN "
            "IF TG_OP <> 'INSERT' THEN "
            f"DELETE FROM search_index WHERE rowid = old.id * 4 + {int(code)}; END IF; "
            "IF TG_OP <> 'DELETE' THEN "
            f"INSERT INTO search_index (rowid, kind, body) VALUES (new.id * 4 + {int(code)}, "
            f"'{checked(table)}', chronicle_search_text({body})); END IF; "
            "RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {checked(table)}_search AFTER INSERT OR UPDATE OR DELETE "
            f"ON {checked(table)} FOR EACH ROW EXECUTE FUNCTION {checked(table)}_search_sync()"
        )


def create_span_index() -> None:
    # Closed ranges: a superset of the half-open overlap test, which the query refines.
    op.execute(
        "CREATE INDEX ix_event_range ON event USING gist (int8range(start_key, end_key, '[]'))"
    )


def create_id_sequence_sync() -> None:
    """Keep each id sequence past the largest id: imports and undo insert explicit ids (as
    SQLite's max(rowid) + 1 allows), which a sequence would otherwise hand out again."""
    op.execute(
        "CREATE FUNCTION chronicle_sync_id_sequence() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE seq text; top bigint; last bigint; called boolean; "
        "BEGIN "
        "seq := pg_get_serial_sequence(quote_ident(TG_TABLE_SCHEMA) || '.' "
        "|| quote_ident(TG_TABLE_NAME), 'id'); "
        "EXECUTE format('SELECT max(id) FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO top; "
        "EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO last, called; "
        "IF top IS NOT NULL AND (top > last OR NOT called) THEN "
        "PERFORM setval(seq, greatest(top, last)); END IF; "
        "RETURN NULL; END $$"
    )


def sync_id_sequence(table: str) -> None:
    op.execute(
        f"CREATE TRIGGER {checked(table)}_id_sequence AFTER INSERT ON {checked(table)} "
        "FOR EACH STATEMENT EXECUTE FUNCTION chronicle_sync_id_sequence()"
    )


CHANGES_CHANNEL = "chronicle_changes"
WATCHED_TABLES = (
    "event", "actor", "source", "relation", "participation", "citation", "tag", "tagging",
)  # fmt: skip


def notify_changes() -> None:
    """One NOTIFY per changed table and statement, delivered to listeners at commit (and only
    then: a rolled-back change is never announced). The payload names the table."""
    op.execute(
        "CREATE FUNCTION chronicle_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{checked(CHANGES_CHANNEL)}', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    for table in WATCHED_TABLES:
        op.execute(
            f"CREATE TRIGGER {checked(table)}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {checked(table)} FOR EACH STATEMENT EXECUTE FUNCTION chronicle_notify_change()"
        )
