"""Health of a library file: integrity checks, repairs of what can be rebuilt, an honest report.

What can be repaired in place: SQL indexes (REINDEX), the R*Tree time index and the FTS5 search
index (both derived from the tables, so they are dropped and rebuilt), and links whose record
is gone (removed, since nothing can show them). Damage to the tables themselves cannot be
repaired here; the report says so and points at the backups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Connection

from db.bad_text import broken_text, describe, repair_text
from db.driver import sqlite_driver
from db.engine import Library, backup_copy, check_lines, sqlite_problem
from db.errors import BusyError, ChronicleError
from db.revisions import known_revisions
from db.schema_check import SchemaDifferences, differences, repair_schema
from db.sql_names import quoted

_SEARCH_CODES = {"event": 1, "actor": 2, "source": 3}  # search_index rowid = id * 4 + code
_COUNTED = ("event", "actor", "source", "relation", "tag")
CANNOT_REPAIR = (
    "This cannot be repaired in place: restore a backup (File > Restore from Backup…), or save "
    "what is still readable with `chronicle export FILE --out rescue.json`."
)


@dataclass
class CheckReport:
    """What a check found: problems it could repair, problems it could not, and counts."""

    revision: str | None
    full: bool = True
    problems: list[str] = field(default_factory=list)  # repairable by rebuilding
    damage: list[str] = field(default_factory=list)  # not repairable here
    repaired: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, nothing to repair
    broken_text: dict[tuple[str, str], list[int]] = field(default_factory=dict, repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    safety_copy: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.damage

    @property
    def repairable(self) -> bool:
        return bool(self.problems)

    def lines(self) -> list[str]:
        kind = "full integrity check" if self.full else "quick check"
        out = [f"schema revision: {self.revision}", f"checked with: {kind}"]
        out += [f"{name}: {n:,}" for name, n in self.counts.items()]
        out += [f"repaired: {r}" for r in self.repaired]
        if self.safety_copy:
            out.append(f"copy from before the repair: {self.safety_copy}")
        out += [f"problem (repairable): {p}" for p in self.problems]
        out += [f"damage: {d}" for d in self.damage]
        out += [f"note: {n}" for n in self.notes]
        if self.damage:
            out.append(CANNOT_REPAIR)
        if self.ok:
            out.append("integrity: ok")
        return out

    def text(self) -> str:
        return "\n".join(self.lines())


def _scalar(conn: Connection, sql: str) -> int:
    return conn.exec_driver_sql(sql).scalar() or 0


def _sqlite_damage(conn: Connection, full: bool) -> list[str]:
    pragma = "PRAGMA integrity_check(50)" if full else "PRAGMA quick_check(50)"
    result = check_lines([row[0] for row in conn.exec_driver_sql(pragma)])
    return [f"SQLite: {line}" for line in result]


def _index_only(lines: list[str]) -> bool:
    """True if SQLite's findings concern only indexes (which REINDEX rebuilds)."""
    return all(
        "missing from index" in line or "wrong # of entries in index" in line for line in lines
    )


def _orphans(conn: Connection) -> list[str]:
    counts: dict[str, int] = {}
    for table, *_rest in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        counts[table] = counts.get(table, 0) + 1
    return [f"{n} {table} rows point at records that do not exist" for table, n in counts.items()]


def _time_index_problems(conn: Connection) -> list[str]:
    problems = []
    verdict = conn.exec_driver_sql("SELECT rtreecheck('event_rtree')").scalar()
    if verdict != "ok":
        problems.append(f"the time index is inconsistent ({str(verdict).splitlines()[0]})")
    missing = _scalar(
        conn, "SELECT count(*) FROM event WHERE id NOT IN (SELECT id FROM event_rtree)"
    )
    stale = _scalar(conn, "SELECT count(*) FROM event_rtree WHERE id NOT IN (SELECT id FROM event)")
    if missing or stale:
        problems.append(f"the time index misses {missing} events and holds {stale} deleted ones")
    return problems


def _search_index_problems(conn: Connection, writable: bool) -> list[str]:
    problems = []
    for kind, code in _SEARCH_CODES.items():
        missing = _scalar(
            conn,
            f"SELECT count(*) FROM {quoted(kind)} WHERE id * 4 + {int(code)} "
            "NOT IN (SELECT rowid FROM search_index)",
        )
        stale_rows = sa.text(
            "SELECT count(*) FROM search_index WHERE kind = :kind "
            f"AND (rowid - {int(code)}) / 4 NOT IN (SELECT id FROM {quoted(kind)})"
        )
        stale = conn.execute(stale_rows, {"kind": kind}).scalar() or 0
        if missing or stale:
            problems.append(
                f"the search index misses {missing} {kind}s and holds {stale} deleted ones"
            )
    if writable:  # FTS5's own consistency check is an INSERT, refused on read-only files
        try:
            conn.exec_driver_sql("INSERT INTO search_index(search_index) VALUES('integrity-check')")
        except sa.exc.DatabaseError as err:
            problem = sqlite_problem(err, "the library")
            if isinstance(problem, BusyError):  # an import is writing: not damage
                raise problem from err
            problems.append(f"the search index is damaged ({err.orig})")
    return problems


def _schema(conn: Connection, report: CheckReport) -> SchemaDifferences | None:
    """Compare the schema with the one of its revision; record what differs."""
    if report.revision not in known_revisions():
        report.damage.append(f"the schema revision {report.revision!r} is not one Chronicle knows")
        return None
    found = differences(sqlite_driver(conn), report.revision)
    report.problems += found.problems()
    report.damage += found.damage()
    report.notes += found.notes()
    return found


def _inspect(lib: Library, report: CheckReport) -> SchemaDifferences | None:
    if lib.is_team:
        _inspect_team(lib, report)
        return None
    with lib.read() as conn:
        report.revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        found = _schema(conn, report)
        sqlite = _sqlite_damage(conn, report.full)
        if sqlite and _index_only(sqlite):
            report.problems += sqlite
        else:
            report.damage += sqlite
        report.problems += _orphans(conn)
        report.problems += _time_index_problems(conn)
        report.problems += _search_index_problems(conn, writable=not lib.read_only)
        if report.full:
            report.broken_text = broken_text(conn)
            report.problems += describe(report.broken_text)
        report.counts = {
            name: _scalar(conn, f"SELECT count(*) FROM {quoted(name)}") for name in _COUNTED
        }
    return found


def _inspect_team(lib: Library, report: CheckReport) -> None:
    """A team database: the server keeps pages, foreign keys and its GiST time index sound
    itself, so what is left to check is our search index, kept by our triggers."""
    with lib.read() as conn:
        report.revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        report.problems += _search_index_problems(conn, writable=False)
        report.counts = {
            name: _scalar(conn, f"SELECT count(*) FROM {quoted(name)}") for name in _COUNTED
        }


def _rebuild_team_indexes(lib: Library) -> None:
    with lib.write() as conn:
        for table in (*_SEARCH_CODES, "search_index"):
            conn.exec_driver_sql(f"REINDEX TABLE {quoted(table)}")
        conn.exec_driver_sql("DELETE FROM search_index")
        for table in _SEARCH_CODES:
            conn.exec_driver_sql(
                f"UPDATE {quoted(table)} SET id = id"
            )  # re-runs the search triggers


def check_library(
    lib: Library, *, full: bool = True, repair: bool = False, safety_copy: Path | None = None
) -> CheckReport:
    """Check `lib`; with `repair` (and a writable file) rebuild what can be rebuilt, then recheck.

    Before repairing, the file is copied to `safety_copy` when one is given.
    """
    report = CheckReport(revision=None, full=full)
    try:
        schema = _inspect(lib, report)
    except BusyError:
        raise  # nothing is known yet: say so, rather than report damage
    except ChronicleError as err:
        report.damage.append(str(err))
        return report
    if not (repair and report.problems) or lib.read_only:
        return report
    found = report.problems
    if safety_copy is not None and not lib.is_team:
        report.safety_copy = backup_copy(lib.path, safety_copy)
    try:
        if schema is not None and schema.problems():
            # First, before any row is touched: foreign triggers would run on the rebuild.
            with lib.write() as conn:
                repair_schema(conn, schema)
        if report.broken_text:
            with lib.write() as conn:
                repair_text(conn, report.broken_text)
        rebuild_indexes(lib)
    except ChronicleError as err:
        report.damage.append(f"the repair failed: {err}")
        return report
    after = CheckReport(revision=None, full=full, safety_copy=report.safety_copy)
    _inspect(lib, after)
    after.repaired = [p for p in found if p not in after.problems]
    return after


def _recreate_virtual_table(conn: Connection, name: str) -> None:
    """Drop and recreate a virtual table from its own CREATE statement (shadow tables too)."""
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).scalar_one()
    conn.exec_driver_sql(f"DROP TABLE {quoted(name)}")
    conn.exec_driver_sql(sql)


def _drop_orphans(conn: Connection) -> None:
    """Remove links whose record is gone; a source copied from a vanished one keeps standing."""
    tables = {row[0] for row in conn.exec_driver_sql("PRAGMA foreign_key_check")}
    for table in sorted(tables):
        if table == "source":
            conn.exec_driver_sql(
                "UPDATE source SET copy_of_id = NULL "
                "WHERE copy_of_id NOT IN (SELECT id FROM source)"
            )
        else:
            conn.exec_driver_sql(
                f"DELETE FROM {quoted(table)} WHERE rowid IN "
                "(SELECT rowid FROM pragma_foreign_key_check(?))",
                (table,),
            )


def rebuild_indexes(lib: Library) -> None:
    """Rebuild SQL indexes, the search index and the R*Tree, and drop links to missing records."""
    if lib.is_team:
        _rebuild_team_indexes(lib)
        return
    with lib.write() as conn:
        _drop_orphans(conn)
        conn.exec_driver_sql("REINDEX")
        _recreate_virtual_table(conn, "event_rtree")
        conn.exec_driver_sql("INSERT INTO event_rtree SELECT id, start_key, end_key FROM event")
        _recreate_virtual_table(conn, "search_index")
        # Re-run the search triggers' bodies by touching each row in place.
        for table in _SEARCH_CODES:
            conn.exec_driver_sql(f"UPDATE {quoted(table)} SET id = id")
