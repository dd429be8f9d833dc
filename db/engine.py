"""Open or create a library file: recognise it, check it, migrate it, and hand out transactions.

Every connection runs with foreign keys on, WAL journaling, a busy timeout and full fsync, and
SQLAlchemy issues BEGIN itself (pysqlite's own transaction handling skips DDL and PRAGMAs).
Writes take `BEGIN IMMEDIATE` so two writers queue on the lock instead of deadlocking. Because
BEGIN is ours, an Alembic upgrade (DDL included) is one transaction: a crash or kill in the
middle of it leaves the file at its old revision with every row intact.
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
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.pool import NullPool

from db import team
from db.atomic import fsync_path
from db.errors import BusyError, ChronicleError, LibraryFileError, ReadOnlyError
from db.file_safety import (
    check_sidecars,
    hold_while_writing,
    library_file_problem,
    open_plain_for_reading,
    remove_stale_parts,
    repair_sidecar_modes,
)
from db.locking import LibraryLock, acquire
from db.revisions import alembic_config, head_revision, known_revisions
from db.schema_check import differences

APPLICATION_ID = 0x4348524E  # "CHRN" in the SQLite header marks a file as ours.
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
# Files up to this size get PRAGMA quick_check while opening (~0.1 s for 36 MB, 100k events);
# bigger ones are checked after opening, in the background (Library.checked is False).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
# New libraries' page size (SQLite's default is 4 KiB). Measured (docs/import-speed.md, fifth
# round): a 2,500,000-row ACLED import 209 -> 189 s, a quarter of the system calls for the
# same bytes written to the write-ahead log and checkpointed; the timeline's windows and
# zoom steps at 1M events unchanged. Files made before keep theirs (it is in the header).
PAGE_SIZE = 16_384
_SET_AUTHOR = "INSERT OR REPLACE INTO change_author (id, who) VALUES (1, ?)"


@dataclass
class Library:
    """An open library file. `read()` and `write()` hand out transactions on it."""

    path: Path
    engine: Engine
    read_only: bool = False
    read_only_reason: str | None = None  # e.g. "the file is write-protected"
    backup_made: Path | None = None
    checked: bool = False  # quick_check ran while opening
    lock: LibraryLock | None = field(default=None, repr=False)
    url: str | None = None  # a team library's postgresql:// URL (db.team); None for a file
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
            reason = self.read_only_reason or "opened read-only"
            raise ReadOnlyError(f"{self.name} is read-only ({reason}); the change was not made.")
        with _translated_errors(self), self.engine.connect() as conn:
            conn.execution_options(immediate=True)
            with conn.begin():
                if not self.is_team:  # who the change history names (db/migrations/history.py)
                    conn.exec_driver_sql(_SET_AUTHOR, (team.os_user(),))
                yield conn

    @property
    def is_team(self) -> bool:
        """True for a team library on a database server, False for a library file."""
        return self.url is not None

    @property
    def name(self) -> str:
        """What messages call this library: the file's name or 'dbname on host'."""
        return team.display_name(self.url) if self.url else self.path.name

    def close(self) -> None:
        if not self._closed:
            if self.is_team:
                team.retire(self.engine)
            else:
                self.engine.dispose()
            self._closed = True
            if self.lock is not None:
                self.lock.release()


def sqlite_problem(err: BaseException, name: str) -> ChronicleError:
    """A user-fit error for an SQLite failure on the file called `name`."""
    text = str(getattr(err, "orig", None) or err).lower()
    reason = err.__context__
    if "no such savepoint" in text and isinstance(reason, exc.DBAPIError | sqlite3.Error):
        # SQLite ended the whole transaction itself (a full disk, say), taking the savepoint
        # with it; the savepoint's rollback failing says nothing: name the failure before it.
        return sqlite_problem(reason, name)
    if "locked" in text or "busy" in text:
        return BusyError(f"{name} is busy: another program is writing to it. Try again.")
    if "full" in text:
        return ChronicleError(f"The disk holding {name} is full; the change was not saved.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(
            f"{name} cannot be written (read-only file or folder); the change was not made."
        )
    if "could not decode to utf-8" in text:
        return LibraryFileError(
            f"{name} holds text that is not valid UTF-8 ({text}). `chronicle check --repair "
            f"{name}` replaces the broken characters (a copy is kept first)."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return LibraryFileError(
            f"{name} is damaged ({text}). Restore a backup (File > Restore from Backup…)."
        )
    return LibraryFileError(f"{name}: {text}")


@contextlib.contextmanager
def _translated_errors(lib: Library) -> Iterator[None]:
    """Turn SQLite's (or the server's) operational failures into messages a user can act on."""
    if lib.is_team:
        with team.translated_errors(lib.name):
            yield
        return
    try:
        yield
    except exc.DatabaseError as err:
        if isinstance(err, exc.IntegrityError):
            raise
        raise sqlite_problem(err, lib.path.name) from err
    except sqlite3.DatabaseError as err:  # from the driver directly (records.plain_rows)
        if isinstance(err, sqlite3.IntegrityError):
            raise
        raise sqlite_problem(err, lib.path.name) from err


def _install_connection_hooks(engine: Engine, *, read_only: bool, migrating: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" hook below issues BEGIN.
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
        # Migrations rebuild tables; ON DELETE CASCADE would silently empty the children.
        cur.execute("PRAGMA foreign_keys=OFF" if migrating else "PRAGMA foreign_keys=ON")
        if read_only:
            # Readers never need the schema's code to be trusted. Writers do: SQLite 3.40 does
            # not mark R*Tree innocuous, so our own time-index triggers fail under OFF; a file
            # is only opened for writing after `_refuse_foreign_code` compared its triggers
            # and views with ours.
            cur.execute("PRAGMA trusted_schema=OFF")
        else:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_uri(path: Path, *, read_only: bool) -> str:
    """The `file:` URI that opens `path` (pass uri=True to sqlite3.connect).

    A WAL database opened read-only needs its -shm file, which SQLite must create when it is
    missing; in a folder we cannot write it cannot, and plain `mode=ro` fails. Nobody can
    have written to such a file since its -wal was folded in, so `immutable=1` (no locking,
    no -shm) reads it safely. A non-empty -wal there holds committed changes immutable would
    skip, so that case is refused rather than shown stale.
    """
    uri = f"file:{quote(str(path))}"
    if not read_only:
        return uri
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if os.access(path.parent, os.W_OK) or shm.exists():
        return uri + "?mode=ro"
    if wal.exists() and wal.stat().st_size > 0:
        raise LibraryFileError(
            f"{path.name} has recent changes in {wal.name} that can only be read in a folder "
            "Chronicle can write to. Copy both files to a writable folder to open them."
        )
    return uri + "?mode=ro&immutable=1"


def _engine_for(path: Path, *, read_only: bool, migrating: bool = False) -> Engine:
    if read_only:
        url = f"sqlite+pysqlite:///{sqlite_uri(path, read_only=True)}&uri=true"
    else:
        url = f"sqlite+pysqlite:///{path}"
    # NullPool: each transaction gets its own connection, so worker threads never share one.
    engine = create_engine(url, poolclass=NullPool)
    _install_connection_hooks(engine, read_only=read_only, migrating=migrating)
    return engine


@contextlib.contextmanager
def _raw_reader(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain read-only sqlite3 connection, for looking at a file before trusting it."""
    conn = sqlite3.connect(sqlite_uri(path, read_only=True), uri=True)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        yield conn
    finally:
        conn.close()


def _check_readable(path: Path) -> None:
    problem = library_file_problem(path)
    if problem:
        raise LibraryFileError(problem)
    check_sidecars(path)
    fd = open_plain_for_reading(path)  # never blocks, even if a FIFO took the name meanwhile
    try:
        header = os.pread(fd, len(SQLITE_HEADER), 0)
    except OSError as err:
        raise LibraryFileError(f"Cannot read {path.name}: {err.strerror}.") from err
    finally:
        os.close(fd)
    if not header:
        raise LibraryFileError(
            f"{path.name} is empty (0 bytes), so it is not a Chronicle library. "
            "Choose another file, or New Library to start one."
        )
    if header != SQLITE_HEADER:
        raise LibraryFileError(f"{path.name} is not a Chronicle library (not an SQLite database).")


def inspect_file(path: Path) -> str | None:
    """Check that `path` is a Chronicle library and return its schema revision (None if unset).

    Raises LibraryFileError saying what the file is instead.
    """
    _check_readable(path)
    try:
        with _raw_reader(path) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError as err:
        raise LibraryFileError(
            f"{path.name} is damaged and cannot be read ({err}). "
            "Restore a backup (File > Restore from Backup…)."
        ) from err
    if app_id != APPLICATION_ID:
        what = "an empty SQLite database" if not tables else "a database of another program"
        raise LibraryFileError(f"{path.name} is {what}, not a Chronicle library.")
    return revision


def check_lines(rows: list[str]) -> list[str]:
    """The problems in the rows of PRAGMA integrity_check/quick_check ([] for "ok")."""
    lines = [line for row in rows for line in str(row).splitlines()]
    return [line for line in lines if line != "ok" and not line.startswith("*** in database")]


def quick_check(path: Path) -> list[str]:
    """SQLite's fast structural check of `path`: [] when healthy, else the problems found."""
    try:
        with _raw_reader(path) as conn:
            return check_lines([row[0] for row in conn.execute("PRAGMA quick_check(20)")])
    except sqlite3.DatabaseError as err:
        return [str(err)]


def backup_copy(source: Path, destination: Path) -> Path:
    """Copy a library with SQLite's online backup (safe while the file is in use), atomically.

    The copy is a self-contained file (rollback journal, no -wal beside it); it appears at
    `destination` only once complete and flushed to disk.
    """
    tmp = destination.with_name(f".{destination.name}.part")
    held = None
    try:
        tmp.unlink(missing_ok=True)
        held = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        hold_while_writing(held)  # so a cleaner never takes it for a killed copy's leftover
        with _raw_reader(source) as src:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)  # one step: a consistent snapshot, never restarted by writers
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        fsync_path(tmp)
        os.replace(tmp, destination)
        fsync_path(destination.parent)
    except (OSError, sqlite3.Error) as err:
        tmp.unlink(missing_ok=True)
        why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise LibraryFileError(
            f"Could not copy {source.name} to {destination.parent}: {why}."
        ) from err
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if held is not None:
            os.close(held)
    return destination


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _run_upgrade(path: Path) -> None:
    """Upgrade `path` to the head revision in one transaction (see the module docstring)."""
    engine = _engine_for(path, read_only=False, migrating=True)
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    except exc.DBAPIError as err:
        raise sqlite_problem(err, path.name) from err
    finally:
        engine.dispose()


def _remove_with_sidecars(path: Path) -> None:
    # A stale -wal left by a killed run would be replayed into a new file of the same name.
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def create_library(path: Path | str, *, lock: bool = False) -> Library:
    """Create a new, empty library at `path` (which must not exist yet), or in the empty
    database a postgresql:// URL names."""
    if team.is_team_url(path):
        return _team_library(path, create=True)
    path = Path(path)
    if path.exists():
        raise LibraryFileError(f"{path} already exists; choose another name.")
    if not path.parent.is_dir():
        raise LibraryFileError(f"The folder {path.parent} does not exist.")
    # Build it under a temporary name so a crash never leaves a half-made library behind.
    tmp = path.with_name(path.name + ".creating")
    try:
        _remove_with_sidecars(tmp)
        conn = sqlite3.connect(tmp)
        conn.execute(f"PRAGMA page_size={int(PAGE_SIZE)}")  # before anything is written
        conn.execute(f"PRAGMA application_id={int(APPLICATION_ID)}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()
        _run_upgrade(tmp)
        checkpoint(tmp)
        for suffix in ("-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        fsync_path(tmp)
        os.replace(tmp, path)
        fsync_path(path.parent)
    except (OSError, sqlite3.Error, ChronicleError) as err:
        _remove_with_sidecars(tmp)
        why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise LibraryFileError(f"Cannot create {path}: {why}.") from err
    return open_library(path, lock=lock)


def checkpoint(path: Path) -> None:
    """Fold the -wal into the file and empty it, so the file alone holds every commit."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def read_only_reason(path: Path, requested: bool) -> str | None:
    """Why `path` must be opened read-only, or None if it can be edited."""
    if requested:
        return "it was opened read-only"
    if not os.access(path, os.W_OK):
        return "the file is write-protected"
    if not os.access(path.parent, os.W_OK):
        return f"its folder {path.parent.name or path.parent} is write-protected"
    return None


def _upgrade(path: Path, revision: str | None, reason: str | None) -> Path:
    """Upgrade an older file after a safety copy beside it; return the copy's path."""
    if reason is not None:
        raise LibraryFileError(
            f"{path.name} needs a schema upgrade but {reason}; "
            "copy it somewhere writable to open it."
        )
    copy = path.with_name(f"{path.stem}.before-upgrade-{_timestamp()}{path.suffix}")
    backup_copy(path, copy)
    try:
        _run_upgrade(path)
    except ChronicleError as err:
        raise LibraryFileError(
            f"{path.name} could not be upgraded from schema {revision}: {err} "
            f"The file was not changed (a copy is at {copy.name})."
        ) from err
    return copy


def _refuse_foreign_code(path: Path, revision: str) -> None:
    """LibraryFileError if the file carries triggers or views our migrations did not make."""
    try:
        with _raw_reader(path) as conn:
            found = differences(conn, revision)
    except sqlite3.DatabaseError as err:
        raise LibraryFileError(
            f"{path.name} is damaged and cannot be read ({err}). "
            "Restore a backup (File > Restore from Backup…)."
        ) from err
    if found.foreign_code:
        names = ", ".join(f"{o.type} {o.name!r}" for o in found.foreign_code[:3])
        more = len(found.foreign_code) - 3
        names += f" and {more} more" if more > 0 else ""
        raise LibraryFileError(
            f"{path.name} carries code that is not Chronicle's ({names}): SQLite would run it on "
            f"every edit. Remove it with `chronicle check --repair {path.name}` (a copy is kept "
            "first), or open a copy you trust. Nothing was changed."
        )


def _team_library(url: str, *, read_only: bool = False, create: bool = False) -> Library:
    opened = team.open_team(url, read_only=read_only, create=create)
    return Library(
        path=opened.path,
        engine=opened.engine,
        read_only=opened.read_only_reason is not None,
        read_only_reason=opened.read_only_reason,
        checked=True,
        url=url,
    )


def open_library(
    path: Path | str, *, read_only: bool = False, lock: bool = False, verify: bool = True
) -> Library:
    """Open an existing library, upgrading an older schema after a backup copy beside it.

    `lock` takes the editing lock (LibraryLockedError if another session holds it). `verify`
    runs quick_check on files up to QUICK_CHECK_MAX_BYTES; a damaged file opens read-only.
    A postgresql:// URL opens a team library (db.team) instead.
    """
    if team.is_team_url(path):
        return _team_library(path, read_only=read_only)
    path = Path(path).expanduser().resolve()
    revision = inspect_file(path)
    if revision is not None and revision not in known_revisions():
        raise LibraryFileError(
            f"{path.name} was written by a newer version of Chronicle (schema {revision}). "
            "Update Chronicle to open it; the file was not changed."
        )
    if verify and revision is not None:
        _refuse_foreign_code(path, revision)
    reason = read_only_reason(path, read_only)
    if reason is None:
        repair_sidecar_modes(path)
        remove_stale_parts(path.parent, f".{path.stem}.")
    checked = verify and path.stat().st_size <= QUICK_CHECK_MAX_BYTES
    problems = quick_check(path) if checked else []
    if problems:
        reason = (
            f"it is damaged (SQLite's quick check found: {problems[0]}); "
            "File > Check Library… tells more, File > Restore from Backup… replaces it"
        )
    held = acquire(path) if lock and reason is None else None
    try:
        backup = _upgrade(path, revision, reason) if revision != head_revision() else None
        engine = _engine_for(path, read_only=reason is not None)
    except BaseException:
        if held is not None:
            held.release()
        raise
    return Library(
        path=path,
        engine=engine,
        read_only=reason is not None,
        read_only_reason=reason,
        backup_made=backup,
        checked=checked,
        lock=held,
    )
