"""Independent-source counts by lineage (derivation chains and copies) against the old count
(copies only): time to count the events with at most one independent source.

    .venv/bin/python benchmarks/bench_lineage.py [--events 200000]

Prints a table; builds a throwaway library in a temporary folder.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from db.engine import create_library
from db.queries.filters import _CIT, _SOURCE, EVENT, source_count_expr
from db.store.snapshots import TABLES

_SOURCES = 2_000


def _build(path: Path, events: int):
    lib = create_library(path)
    rng = random.Random(15)
    stamp = {"created_at": "2024-01-01T00:00:00Z", "modified_at": "2024-01-01T00:00:00Z"}
    with lib.write() as conn:
        conn.execute(sa.insert(TABLES["source"]), [
            {"id": i, "title": f"s{i}", "copy_of_id": i - 1 if i % 10 == 0 else None, **stamp}
            for i in range(1, _SOURCES + 1)
        ])  # fmt: skip
        conn.execute(sa.insert(TABLES["source_derivation"]), [
            {"source_id": i, "derived_from_id": i - 1} for i in range(3, _SOURCES + 1, 7)
        ])  # fmt: skip
        conn.execute(sa.insert(TABLES["event"]), [
            {"id": i, "title": f"e{i}", "when_edtf": "2024", "start_key": i * 1000,
             "end_key": i * 1000 + 10, "precision": "day", **stamp}
            for i in range(1, events + 1)
        ])  # fmt: skip
        conn.execute(sa.insert(TABLES["citation"]), [
            {"event_id": i, "source_id": rng.randint(1, _SOURCES)}
            for i in range(1, events + 1) for _ in range(2)
        ])  # fmt: skip
    return lib


def _copies_only() -> sa.ScalarSelect:
    """The count before derivation links: a source and its copies once."""
    return (
        sa.select(sa.func.count(sa.distinct(sa.func.coalesce(_SOURCE.c.copy_of_id, _SOURCE.c.id))))
        .select_from(_CIT.join(_SOURCE, _SOURCE.c.id == _CIT.c.source_id))
        .where(_CIT.c.event_id == EVENT.c.id)
        .scalar_subquery()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        lib = _build(Path(folder) / "bench.chronicle", args.events)
        print(f"{args.events:,} events, {2 * args.events:,} citations, {_SOURCES:,} sources")
        print("| count | events with ≤ 1 independent source | seconds |")
        print("|---|---:|---:|")
        for name, expr in (("copies only (before)", _copies_only()),
                           ("lineages (now)", source_count_expr())):  # fmt: skip
            with lib.read() as conn:
                start = time.perf_counter()
                stmt = sa.select(sa.func.count()).select_from(EVENT).where(expr <= 1)
                found = conn.execute(stmt).scalar()
                print(f"| {name} | {found:,} | {time.perf_counter() - start:.2f} |")
        lib.close()


if __name__ == "__main__":
    main()
