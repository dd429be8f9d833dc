"""Open or create a library file: recognise it, migrate it, and hand out transactions.

Every connection runs with foreign keys on, WAL journaling, a busy timeout and full fsync, and
SQLAlchemy issues BEGIN itself (pysqlite's own transaction handling skips DDL and PRAGMAs).
Writes take `BEGIN IMMEDIATE` so two writers queue on the lock instead of deadlocking.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool

from db.errors import ChronicleError, LibraryFileError, ReadOnlyError

APPLICATION_ID = 0x4348524E  # "CHRN" in the SQLite header marks a file as ours.
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
_MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """Alembic configuration pointing at our revisions (no ini file needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of Chronicle knows."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


@dataclass
class Library:
    """An open library file. `read()` and `write()` hand out transactions on it."""

    path: Path
    engine: Engine
    read_only: bool = False
    backup_made: Path | None = None
    _closed: bool = field(default=False, repr=False)

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot of the file."""
        with _translated_errors(self), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed when the block ends and rolled back if it raises."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; the change was not made.")
        with _translated_errors(self), self.engine.connect() as conn:
            conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    def close(self) -> None:
        if not self._closed:
            self.engine.dispose()
            self._closed = True


@contextlib.contextmanager
def _translated_errors(lib: Library) -> Iterator[None]:
    """Turn SQLite's operational failures into messages a user can act on."""
    try:
        yield
    except exc.OperationalError as err:
        text = str(err.orig).lower()
        if "locked" in text or "busy" in text:
            raise LibraryFileError(
                f"{lib.path.name} is busy: another program is writing to it. Try again."
            ) from err
        if "full" in text:
            raise ChronicleError(
                f"The disk holding {lib.path.name} is full; the change was not saved."
            ) from err
        if "readonly" in text or "read-only" in text:
            raise ReadOnlyError(
                f"{lib.path.name} cannot be written (read-only file or folder); "
                "the change was not made."
            ) from err
        raise LibraryFileError(f"{lib.path.name}: {err.orig}") from err
    except exc.DatabaseError as err:
        if isinstance(err, exc.IntegrityError):
            raise
        raise LibraryFileError(f"{lib.path.name} is damaged: {err.orig}") from err


def _install_connection_hooks(engine: Engine, *, read_only: bool, migrating: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" hook below issues BEGIN.
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # Migrations rebuild tables; ON DELETE CASCADE would silently empty the children.
        cur.execute(f"PRAGMA foreign_keys={'OFF' if migrating else 'ON'}")
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _engine_for(path: Path, *, read_only: bool, migrating: bool = False) -> Engine:
    if read_only:
        url = f"sqlite+pysqlite:///file:{quote(str(path))}?mode=ro&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    # NullPool: each transaction gets its own connection, so worker threads never share one.
    engine = create_engine(url, poolclass=NullPool)
    _install_connection_hooks(engine, read_only=read_only, migrating=migrating)
    return engine


def inspect_file(path: Path) -> str | None:
    """Check that `path` is a Chronicle library and return its schema revision (None if unset).

    Raises LibraryFileError saying what the file is instead.
    """
    if not path.exists():
        raise LibraryFileError(f"There is no file at {path}.")
    if path.is_dir():
        raise LibraryFileError(f"{path} is a folder, not a library file.")
    size = path.stat().st_size
    if size == 0:
        raise LibraryFileError(
            f"{path.name} is empty (0 bytes), so it is not a Chronicle library. "
            "Choose another file, or New Library to start one."
        )
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise LibraryFileError(f"{path.name} is not a Chronicle library (not an SQLite database).")
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise LibraryFileError(f"{path.name} is damaged and cannot be read ({err}).") from err
    if app_id != APPLICATION_ID:
        what = "an empty SQLite database" if not tables else "a database of another program"
        raise LibraryFileError(f"{path.name} is {what}, not a Chronicle library.")
    return revision


def backup_copy(source: Path, destination: Path) -> Path:
    """Copy a library with SQLite's online backup (safe while the file is in use)."""
    tmp = destination.with_name(destination.name + ".part")
    src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(tmp, destination)
    return destination


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _run_upgrade(path: Path) -> None:
    engine = _engine_for(path, read_only=False, migrating=True)
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    finally:
        engine.dispose()


def create_library(path: Path | str) -> Library:
    """Create a new, empty library at `path` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise LibraryFileError(f"{path} already exists; choose another name.")
    if not path.parent.is_dir():
        raise LibraryFileError(f"The folder {path.parent} does not exist.")
    # Build it under a temporary name so a crash never leaves a half-made library behind.
    tmp = path.with_name(path.name + ".creating")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()
        _run_upgrade(tmp)
        _checkpoint(tmp)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise LibraryFileError(f"Cannot create {path}: {err.strerror}.") from err
    return open_library(path)


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _is_writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def open_library(path: Path | str, *, read_only: bool = False) -> Library:
    """Open an existing library, upgrading an older schema after a backup copy beside it."""
    path = Path(path).expanduser().resolve()
    revision = inspect_file(path)
    if revision is not None and revision not in known_revisions():
        raise LibraryFileError(
            f"{path.name} was written by a newer version of Chronicle (schema {revision}). "
            "Update Chronicle to open it; the file was not changed."
        )
    read_only = read_only or not _is_writable(path)
    backup = None
    if revision != head_revision():
        if read_only:
            raise LibraryFileError(
                f"{path.name} needs a schema upgrade but is read-only; "
                "copy it somewhere writable to open it."
            )
        backup = backup_copy(
            path, path.with_name(f"{path.stem}.before-upgrade-{_timestamp()}{path.suffix}")
        )
        _run_upgrade(path)
    return Library(
        path=path,
        engine=_engine_for(path, read_only=read_only),
        read_only=read_only,
        backup_made=backup,
    )


def open_or_create(path: Path | str) -> Library:
    path = Path(path)
    return open_library(path) if path.exists() else create_library(path)
