"""The database driver's own connection under a SQLAlchemy one, typed for the code that needs it
(SQLite's text_factory and PRAGMAs, psycopg's COPY)."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection


def sqlite_driver(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under `conn` (code paths that only run on library files)."""
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError(f"expected an SQLite connection, got {type(raw).__name__}")
    return raw


def driver_connection(conn: Connection) -> Any:
    """The DBAPI driver's connection under `conn` (psycopg's, for COPY)."""
    raw = conn.connection.driver_connection
    if raw is None:
        raise TypeError("the connection has no driver connection (it was invalidated)")
    return raw
