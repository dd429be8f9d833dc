"""Text columns holding bytes that are not UTF-8 (written by another program, or a bit flip).

SQLite stores whatever bytes it is given; Python refuses to read such a value, so one broken
title would stop every export. The full check finds them; repair rewrites each with the broken
bytes replaced by U+FFFD, keeping the rest of the text.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from sqlalchemy import Connection

from db.driver import sqlite_driver
from db.sql_names import quoted

# Tables with user text, and which of their columns hold text (by declared type).
_TABLES = ("event", "actor", "source", "relation", "tag", "participation", "citation")


def _text_columns(raw: sqlite3.Connection, table: str) -> list[str]:
    rows = raw.execute("SELECT name, type FROM pragma_table_info(?)", (table,)).fetchall()
    return [name for name, kind in rows if "CHAR" in kind.upper() or "TEXT" in kind.upper()]


@contextlib.contextmanager
def _bytes_out(raw: sqlite3.Connection) -> Iterator[None]:
    old = raw.text_factory
    raw.text_factory = bytes
    try:
        yield
    finally:
        raw.text_factory = old


def broken_text(conn: Connection) -> dict[tuple[str, str], list[int]]:
    """{(table, column): [rowids]} of values that are not valid UTF-8."""
    raw = sqlite_driver(conn)
    found: dict[tuple[str, str], list[int]] = {}
    columns = [(table, column) for table in _TABLES for column in _text_columns(raw, table)]
    with _bytes_out(raw):
        for table, column in columns:
            rows = raw.execute(f"SELECT rowid, {quoted(column)} FROM {quoted(table)}")
            for rowid, value in rows:
                if isinstance(value, bytes) and not _valid(value):
                    found.setdefault((table, column), []).append(rowid)
    return found


def _valid(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def describe(found: dict[tuple[str, str], list[int]]) -> list[str]:
    return [
        f"{len(rowids)} {table} rows hold text that is not valid UTF-8 in '{column}'"
        for (table, column), rowids in found.items()
    ]


def repair_text(conn: Connection, found: dict[tuple[str, str], list[int]]) -> None:
    """Rewrite the broken values with U+FFFD for each undecodable byte (in a write transaction)."""
    raw = sqlite_driver(conn)
    for (table, column), rowids in found.items():
        for rowid in rowids:
            with _bytes_out(raw):
                value = raw.execute(
                    f"SELECT {quoted(column)} FROM {quoted(table)} WHERE rowid = ?", (rowid,)
                ).fetchone()[0]
            fixed = value.decode("utf-8", errors="replace")
            raw.execute(
                f"UPDATE {quoted(table)} SET {quoted(column)} = ? WHERE rowid = ?", (fixed, rowid)
            )
