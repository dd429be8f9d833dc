"""Is a library's schema the one our migrations make? Foreign triggers and views are code.

A library shared by a colleague can carry a trigger that runs on our writes (one made an import
delete every actor) or a view that calls functions; SQLite runs whatever the file's schema says.
So the schema of a file is compared with what our migrations build for the same revision
(in an in-memory database, kept on disk: db/schema_cache.py): triggers and views by their
SQL, tables by their columns, indexes by their columns. A foreign or altered trigger or view
makes `open_library` refuse the file; `check` lists every difference and `check --repair`
drops the foreign triggers, views and indexes (after a copy) before it touches any row.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import StaticPool

from db import schema_cache
from db.driver import sqlite_driver
from db.revisions import alembic_config
from db.sql_names import checked, escaped

# Code that runs by itself: these must match exactly.
CODE_TYPES = ("trigger", "view")


@dataclass(frozen=True)
class SchemaObject:
    type: str
    name: str
    table: str
    shape: str  # normalised SQL (triggers, views) or a description of the columns
    sql: str = field(default="", compare=False)  # to recreate one of ours


@dataclass
class SchemaDifferences:
    """How a file's schema differs from the one its revision should have."""

    foreign_code: list[SchemaObject] = field(default_factory=list)  # unknown/altered trigger, view
    repairable: list[SchemaObject] = field(default_factory=list)  # unknown/altered/missing index,
    # missing trigger or view of ours
    tables: list[SchemaObject] = field(default_factory=list)  # ours, missing or altered
    unknown_tables: list[SchemaObject] = field(default_factory=list)  # not ours: left alone
    expected: dict[tuple[str, str], SchemaObject] = field(default_factory=dict, repr=False)

    def problems(self) -> list[str]:
        """Differences `repair` fixes (foreign code dropped, our triggers and indexes rebuilt)."""
        out = [
            f"the {o.type} {o.name!r} is not Chronicle's: code that would run on your edits"
            for o in self.foreign_code
        ]
        return out + [f"the {o.type} {o.name!r} is {self._state(o)}" for o in self.repairable]

    def damage(self) -> list[str]:
        return [f"the table {o.name!r} is {self._state(o)}" for o in self.tables]

    def notes(self) -> list[str]:
        return [
            f"the table {o.name!r} is not Chronicle's (left alone)" for o in self.unknown_tables
        ]

    def _state(self, obj: SchemaObject) -> str:
        if obj.sql == "" and (obj.type, obj.name) in self.expected:
            return "missing"
        return "altered" if (obj.type, obj.name) in self.expected else "not Chronicle's"


def _normal_sql(sql: str | None) -> str:
    text = re.sub(r'["`\[\]]', "", sql or "")
    return " ".join(text.lower().split())


def _table_shape(conn: sqlite3.Connection, name: str) -> str:
    rows = conn.execute('SELECT name, type, "notnull", pk FROM pragma_table_info(?)', (name,))
    return ";".join(f"{n}:{t.lower()}:{nn}:{pk}" for n, t, nn, pk in rows)


def _index_shape(conn: sqlite3.Connection, name: str, sql: str | None) -> str:
    columns = [
        row[0] or "<expr>" for row in conn.execute("SELECT name FROM pragma_index_info(?)", (name,))
    ]
    unique = "unique " if "unique" in _normal_sql(sql).split(" on ")[0] else ""
    partial = " where" if " where " in _normal_sql(sql) else ""
    return unique + ",".join(columns) + partial


def schema_objects(conn: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    """Every object of the schema (SQLite's own excepted), keyed by (type, name)."""
    rows = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    found = {}
    for kind, name, table, sql in rows:
        if kind in CODE_TYPES:
            shape = _normal_sql(sql)
        elif kind == "table":
            shape = (
                _normal_sql(sql)
                if sql and "virtual table" in _normal_sql(sql)
                else _table_shape(conn, name)
            )
        else:
            shape = _index_shape(conn, name, sql)
        found[(kind, name)] = SchemaObject(kind, name, table, shape, sql or "")
    return found


@functools.lru_cache(maxsize=4)
def expected_objects(revision: str) -> dict[tuple[str, str], SchemaObject]:
    """The schema our migrations build up to `revision` (kept on disk, see db/schema_cache)."""

    def build() -> list[list[str]]:
        return [[o.type, o.name, o.table, o.shape, o.sql] for o in built_objects(revision).values()]

    rows = schema_cache.kept(revision, Path(__file__), build)
    return {(row[0], row[1]): SchemaObject(*row) for row in rows}


def built_objects(revision: str) -> dict[tuple[str, str], SchemaObject]:
    """The schema our migrations build up to `revision`, built now in an in-memory database."""
    engine = create_engine("sqlite://", poolclass=StaticPool)
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
            return schema_objects(sqlite_driver(conn))
    finally:
        engine.dispose()


def differences(conn: sqlite3.Connection, revision: str) -> SchemaDifferences:
    """How the schema seen through `conn` differs from `revision`'s."""
    expected = expected_objects(revision)
    actual = schema_objects(conn)
    result = SchemaDifferences(expected=expected)
    for key, obj in sorted(actual.items()):
        if expected.get(key) == obj:
            continue
        if obj.type in CODE_TYPES:
            result.foreign_code.append(obj)
        elif obj.type == "index":
            result.repairable.append(obj)
        elif key in expected:
            result.tables.append(obj)
        else:
            result.unknown_tables.append(obj)
    for key, obj in sorted(expected.items()):
        if key not in actual:
            gone = SchemaObject(obj.type, obj.name, obj.table, "")
            (result.tables if obj.type == "table" else result.repairable).append(gone)
    return result


def repair_schema(conn: Connection, found: SchemaDifferences) -> list[str]:
    """Drop foreign triggers, views and indexes; rebuild ours that are missing or altered.

    Tables are never dropped (they may hold data). `conn` is a SQLAlchemy connection inside
    a write transaction.
    """
    done = []
    for obj in [*found.foreign_code, *found.repairable]:
        ours = found.expected.get((obj.type, obj.name))
        if obj.sql or obj.shape:  # present in the file
            conn.exec_driver_sql(f"DROP {checked(obj.type.upper())} IF EXISTS {escaped(obj.name)}")
        if ours is not None:
            conn.exec_driver_sql(ours.sql)
            done.append(f"rebuilt the {obj.type} {obj.name!r}")
        else:
            done.append(f"dropped the foreign {obj.type} {obj.name!r}")
    return done
