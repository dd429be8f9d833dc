"""Team libraries: the same library on a PostgreSQL server, named by a `postgresql://` URL.

The database is the server: no sync protocol of our own. Passwords are never kept by
Chronicle; libpq reads them from ~/.pgpass or a service file (PGSERVICE), and `sslmode` and
the other libpq options in the URL's query string are passed through untouched. The driver
(psycopg 3) is an optional extra, so a plain install does not need it.
"""

from __future__ import annotations

import contextlib
import getpass
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import sqlalchemy as sa
from alembic import command
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from db.errors import ChronicleError, LibraryFileError, ReadOnlyError
from db.revisions import alembic_config, head_revision, known_revisions
from db.sql_names import quoted

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
META_TABLE = "chronicle_meta"
META_APPLICATION = ("application", "chronicle")
NEEDS_DRIVER = (
    "Team libraries on a PostgreSQL server need the psycopg driver, which is not installed. "
    "Install it with: pip install 'chronicle[team]'"
)
_RETIRED: weakref.WeakSet[Engine] = weakref.WeakSet()
# Server processes serving each engine's connections (for db.team_watch).
OWN_BACKENDS: weakref.WeakKeyDictionary[Engine, set[int]] = weakref.WeakKeyDictionary()
TEAM_BACKUPS = (
    "Chronicle makes no file backups of a team library: back the database up on the server "
    "(pg_dump; see docs/team-libraries.md)."
)
# Any stable number: taken while migrating so two clients never upgrade at once.
_MIGRATION_LOCK = 0x4348524E


def is_team_url(location: object) -> TypeGuard[str]:
    """True when `location` names a PostgreSQL database rather than a library file."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL for `url` on the psycopg driver; refuses what is not one."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as err:
        raise LibraryFileError(f"{url!r} is not a database URL ({err}).") from err
    if not parsed.database:
        raise LibraryFileError(
            f"{display_name(url)}: the URL names no database (postgresql://user@host:port/dbname)."
        )
    return parsed.set(drivername="postgresql+psycopg")


def display_name(url: str | URL) -> str:
    """'dbname on host' for titles and messages: never the password."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except exc.ArgumentError:
        return "the team database"
    host = parsed.host or parsed.query.get("host") or "this computer"
    if isinstance(host, tuple):
        host = host[0]
    if str(host).startswith("/"):
        host = "this computer"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.database or '?'} on {host}{port}"


def safe_url(url: str) -> str:
    """`url` without its password, fit for settings and the recent-libraries list."""
    return make_url(url).render_as_string(hide_password=True).replace(":***@", "@")


SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable")


def build_url(host: str, port: int, dbname: str, user: str, sslmode: str = "prefer") -> str:
    """The postgresql:// URL of a connection form's fields (never with a password: libpq
    finds it in ~/.pgpass or the service file)."""
    if not dbname.strip():
        raise LibraryFileError("Give the name of the team database.")
    if sslmode not in SSL_MODES:
        raise LibraryFileError(f"sslmode must be one of {', '.join(SSL_MODES)}.")
    url = URL.create(
        "postgresql",
        username=user.strip() or None,
        host=host.strip() or None,
        port=port or None,
        database=dbname.strip(),
        query={"sslmode": sslmode} if sslmode != "prefer" else {},
    )
    return url.render_as_string(hide_password=False)


def _require_driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError as err:
        raise ChronicleError(NEEDS_DRIVER) from err


def team_engine(url: str) -> Engine:
    """An engine on the team database; connections are checked before use so a restarted
    server costs one failed transaction at most, not a dead window."""
    _require_driver()
    engine = create_engine(
        parse_url(url),
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=8,
        connect_args={"application_name": "chronicle"},
    )
    pids = OWN_BACKENDS.setdefault(engine, set())

    @event.listens_for(engine, "connect")
    def _remember_backend(dbapi_conn: Any, _record: object) -> None:
        pids.add(dbapi_conn.info.backend_pid)  # our own commits are not "someone else's"

    @event.listens_for(engine, "checkin")
    def _close_after_retirement(dbapi_conn: Any, _record: object) -> None:
        # A background read still running when the library closed returns its connection to
        # a pool nobody holds any more: close it now rather than leave it to the collector.
        if engine in _RETIRED:
            dbapi_conn.close()

    return engine


def retire(engine: Engine) -> None:
    """Close the engine's pooled connections, and any still in use as they come back."""
    _RETIRED.add(engine)
    engine.dispose()


def team_problem(err: exc.DBAPIError, name: str) -> ChronicleError | None:
    """A user-fit error for a PostgreSQL failure on the database called `name`; None for
    errors that are ours to fix (bad SQL), which should fail loudly."""
    orig = err.orig
    state = getattr(orig, "sqlstate", None) or ""
    lines = str(orig).strip().splitlines()
    text = lines[0] if lines else type(orig).__name__
    if state in ("42501", "25006"):  # insufficient_privilege, read_only_sql_transaction
        return ReadOnlyError(
            f"{name} cannot be written with your database role ({text}); the change was not made."
        )
    if isinstance(err, exc.OperationalError | exc.InterfaceError) and (
        not state or state.startswith("08") or state.startswith("57P")
    ):
        return LibraryFileError(
            f"Lost the connection to {name} ({text}); the change was not saved. "
            "Chronicle reconnects on your next action."
        )
    if isinstance(err, exc.OperationalError):
        return LibraryFileError(f"{name}: {text}")
    return None


@contextlib.contextmanager
def translated_errors(name: str) -> Iterator[None]:
    try:
        yield
    except exc.DBAPIError as err:
        problem = team_problem(err, name)
        if problem is None:
            raise
        raise problem from err


def _public_tables(conn: Connection) -> set[str]:
    return set(sa.inspect(conn).get_table_names())


def inspect_database(conn: Connection, name: str) -> str | None:
    """Check that the database holds a Chronicle library and return its schema revision."""
    tables = _public_tables(conn)
    if META_TABLE not in tables:
        what = "an empty database" if not tables else "a database of another program"
        raise LibraryFileError(f"{name} is {what}, not a Chronicle library.")
    key, value = META_APPLICATION
    found = conn.execute(
        sa.text(f"SELECT value FROM {quoted(META_TABLE)} WHERE key = :key"), {"key": key}
    ).scalar()
    if found != value:
        raise LibraryFileError(f"{name} is a database of another program, not a Chronicle library.")
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(conn: Connection) -> None:
    """Migrate to the head revision in this connection's transaction (PostgreSQL DDL is
    transactional, so a failure leaves the database at its old revision)."""
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def read_only_reason(conn: Connection, requested: bool) -> str | None:
    """Why the team library must open read-only, or None if this role may edit it."""
    if requested:
        return "it was opened read-only"
    if conn.execute(sa.text("SELECT pg_is_in_recovery()")).scalar():
        return "the server is a read-only standby"
    if conn.execute(sa.text("SHOW transaction_read_only")).scalar() == "on":
        return "the server only allows reading"
    can_write = conn.execute(
        sa.text("SELECT has_table_privilege(current_user, 'event', 'INSERT,UPDATE,DELETE')")
    ).scalar()
    if not can_write:
        user = conn.execute(sa.text("SELECT current_user")).scalar()
        return f"your database role {user} may only read it"
    return None


def os_user() -> str:
    """Who is writing to a library file (SQLite knows no users): the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class TeamDatabase:
    """A team database opened and upgraded, for `db.engine` to wrap as a Library."""

    engine: Engine
    path: Path  # the database's name, standing in for a file's path
    read_only_reason: str | None


def open_team(url: str, *, read_only: bool = False, create: bool = False) -> TeamDatabase:
    """Open (or, with `create`, set up in an empty database) the team library at `url`."""
    engine = team_engine(url)
    name = display_name(url)
    try:
        with translated_errors(name), engine.connect() as conn:
            if create:
                create_schema(conn, name)
            revision = inspect_database(conn, name)
            if revision is not None and revision not in known_revisions():
                raise LibraryFileError(
                    f"{name} was written by a newer version of Chronicle (schema {revision}). "
                    "Update Chronicle to open it; the database was not changed."
                )
            reason = read_only_reason(conn, read_only)
            if revision != head_revision():
                if reason is not None:
                    raise LibraryFileError(
                        f"{name} needs a schema upgrade but {reason}; ask its owner to open it "
                        "once with a role that may change it."
                    )
                upgrade(conn)
            conn.commit()
    except BaseException:
        engine.dispose()
        raise
    return TeamDatabase(engine, Path(make_url(url).database or "team"), reason)


def create_schema(conn: Connection, name: str) -> None:
    """Make our tables in the empty database behind `conn` (in its open transaction)."""
    if _public_tables(conn):
        raise LibraryFileError(
            f"{name} is not empty; a new team library needs an empty database "
            "(createdb, then try again)."
        )
    upgrade(conn)
