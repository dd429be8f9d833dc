"""Health of a library file: integrity checks, index rebuilds, and an honest report."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from db.engine import Library
from db.queries import entity_counts


@dataclass
class CheckReport:
    revision: str | None
    problems: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"schema revision: {self.revision}"]
        out += [f"{name}: {n}" for name, n in self.counts.items()]
        out += [f"repaired: {r}" for r in self.repaired]
        out += [f"problem: {p}" for p in self.problems] or ["integrity: ok"]
        return out


def _revision(conn: sa.Connection) -> str | None:
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _index_mismatches(conn: sa.Connection) -> list[str]:
    """Differences between the event table and its derived indexes (R*Tree, search)."""
    problems = []
    events = conn.exec_driver_sql("SELECT count(*) FROM event").scalar()
    in_tree = conn.exec_driver_sql("SELECT count(*) FROM event_rtree").scalar()
    if events != in_tree:
        problems.append(f"the time index holds {in_tree} events, the library {events}")
    indexed = conn.exec_driver_sql(
        "SELECT count(*) FROM search_index WHERE kind = 'event'"
    ).scalar()
    if events != indexed:
        problems.append(f"the search index holds {indexed} events, the library {events}")
    return problems


def check_library(lib: Library, *, full: bool = True, repair: bool = False) -> CheckReport:
    """Run SQLite's integrity and foreign-key checks and compare derived indexes with the data."""
    pragma = "integrity_check" if full else "quick_check"
    with lib.read() as conn:
        report = CheckReport(revision=_revision(conn))
        result = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
        if result != ["ok"]:
            report.problems += [f"SQLite {pragma}: {line}" for line in result[:20]]
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            report.problems.append(f"{len(broken)} links point at records that do not exist")
        index_problems = _index_mismatches(conn)
    if index_problems and repair and not lib.read_only:
        rebuild_indexes(lib)
        report.repaired += index_problems
    else:
        report.problems += index_problems
    report.counts = {k: v for k, v in entity_counts(lib).items() if k != "tagging"}
    return report


def rebuild_indexes(lib: Library) -> None:
    """Rebuild the search index and the R*Tree from the tables they are derived from."""
    with lib.write() as conn:
        conn.exec_driver_sql("DELETE FROM event_rtree")
        conn.exec_driver_sql("INSERT INTO event_rtree SELECT id, start_key, end_key FROM event")
        conn.exec_driver_sql("DELETE FROM search_index")
        # Re-run the insert triggers' bodies by touching each row in place.
        for table in ("event", "actor", "source"):
            conn.exec_driver_sql(f"UPDATE {table} SET id = id")
