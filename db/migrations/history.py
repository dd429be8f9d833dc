"""The change history, written by triggers in the transaction of every change (both engines).

One row per added, changed or deleted event, actor, source or relation: when, who (the
database role on PostgreSQL; on SQLite the OS user, which `Library.write` puts in the one-row
`change_author` table at the start of each write transaction, since SQLite knows no users),
which record (id and UUID) and its user-visible values before and after as JSON. Derived
columns (date keys, fingerprints, stamps) are left out; a change touching only those is not
history. The insert triggers have the shape db/exchange/bulk_indexes.py replays in one pass
for big imports.
"""

from __future__ import annotations

from alembic import op

from db.sql_names import checked

TABLES = {
    "event": ("title", "summary", "when_edtf", "kind", "category", "color", "importance"),
    "actor": ("name", "kind", "aliases", "description", "color"),
    "source": (
        "title", "authors", "publisher", "published_edtf", "url", "accessed", "kind",
        "reliability", "notes", "full_text", "citation_key", "copy_of_id",
    ),
    "relation": (
        "from_actor_id", "from_event_id", "to_actor_id", "to_event_id", "type", "valid_edtf",
        "notes",
    ),
}  # fmt: skip
_JSON_COLUMNS = {"aliases", "authors"}
_SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
_SQLITE_WHO = "coalesce((SELECT who FROM change_author WHERE id = 1), 'unknown')"
_LOG = (
    "INSERT INTO change_log(changed_at, who, kind, record_id, record_uuid, action, "
    "old_values, new_values)"
)


def _sqlite_json(row: str, columns: tuple[str, ...]) -> str:
    pairs = ", ".join(
        f"'{checked(c)}', json({checked(row)}.{checked(c)})"
        if c in _JSON_COLUMNS
        else f"'{checked(c)}', {checked(row)}.{checked(c)}"
        for c in columns
    )
    return f"json_object({pairs})"


def create_sqlite_triggers() -> None:
    op.execute("CREATE TABLE change_author (id INTEGER PRIMARY KEY CHECK (id = 1), who TEXT)")
    for table, columns in TABLES.items():
        head = f"{_SQLITE_NOW}, {_SQLITE_WHO}, '{checked(table)}'"
        old, new = _sqlite_json("old", columns), _sqlite_json("new", columns)
        op.execute(
            f"CREATE TRIGGER {checked(table)}_history_ai AFTER INSERT ON {checked(table)} "
            f"BEGIN {_LOG} "
            f"VALUES ({head}, new.id, new.uuid, 'added', NULL, {new}); END"
        )
        changed = " OR ".join(f"old.{checked(c)} IS NOT new.{checked(c)}" for c in columns)
        op.execute(
            f"CREATE TRIGGER {checked(table)}_history_au AFTER UPDATE ON {checked(table)} "
            f"WHEN {changed} "
            f"BEGIN {_LOG} VALUES ({head}, new.id, new.uuid, 'changed', {old}, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {checked(table)}_history_ad AFTER DELETE ON {checked(table)} "
            f"BEGIN {_LOG} "
            f"VALUES ({head}, old.id, old.uuid, 'deleted', {old}, NULL); END"
        )


def create_postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION chronicle_history() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE kept text[] := TG_ARGV; before jsonb; after jsonb; "
        "BEGIN "
        "IF TG_OP <> 'INSERT' THEN SELECT jsonb_object_agg(key, value) INTO before "
        "FROM jsonb_each(to_jsonb(old)) WHERE key = ANY(kept); END IF; "
        "IF TG_OP <> 'DELETE' THEN SELECT jsonb_object_agg(key, value) INTO after "
        "FROM jsonb_each(to_jsonb(new)) WHERE key = ANY(kept); END IF; "
        "IF TG_OP = 'UPDATE' AND before = after THEN RETURN NULL; END IF; "
        f"{_LOG} VALUES (to_char(clock_timestamp() AT TIME ZONE 'UTC', "
        '\'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"\'), current_user, TG_TABLE_NAME, '
        "CASE WHEN TG_OP = 'DELETE' THEN old.id ELSE new.id END, "
        "CASE WHEN TG_OP = 'DELETE' THEN old.uuid ELSE new.uuid END, "
        "CASE TG_OP WHEN 'INSERT' THEN 'added' WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END, "
        "before::text, after::text); "
        "RETURN NULL; END $$"
    )
    for table, columns in TABLES.items():
        args = ", ".join(f"'{checked(c)}'" for c in columns)
        op.execute(
            f"CREATE TRIGGER {checked(table)}_history AFTER INSERT OR UPDATE OR DELETE "
            f"ON {checked(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION chronicle_history({args})"
        )


def drop_triggers(postgresql: bool) -> None:
    for table in TABLES:
        if postgresql:
            op.execute(f"DROP TRIGGER IF EXISTS {checked(table)}_history ON {checked(table)}")
        else:
            for suffix in ("ai", "au", "ad"):
                op.execute(f"DROP TRIGGER IF EXISTS {checked(table)}_history_{checked(suffix)}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS chronicle_history()")
    else:
        op.execute("DROP TABLE IF EXISTS change_author")
