"""Synthetic libraries for the timeline benchmark: N events over 200 years in 30 actor lanes.

The library is made by the app's own `create_library` (schema, triggers, application id);
rows go in as tuples, one parameterised executemany per 20,000 events, through one
`Library.write()` transaction inside `bulk_indexes` (db/exchange/bulk_indexes.py), as a big
import does: the row triggers are off while the rows go in, then the search index, R*Tree
and change history are filled in one INSERT ... SELECT each and the plain indexes rebuilt.
(Row by row through the triggers and SQLAlchemy's dict handling it took ~260 CPU s a
million events; see docs/ten-million.md.) Most events are single days,
some months, years or minutes; 5% are spans (a few decades long); a third fall into bursts
around 400 busy dates, so the timeline has real clusters to aggregate.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db.dates import civil_to_key, key_to_civil, parse_date
from db.engine import create_library
from db.exchange.bulk_indexes import bulk_indexes
from db.exchange.loader_rows import Loader, UuidBatch
from db.store.snapshots import TABLES

DAY = 86_400
YEAR = 365 * DAY
FIRST_YEAR, YEARS = 1825, 200
ACTORS = 30
SOURCES = 40
CATEGORIES = ("politics", "war", "trade", "science", "culture", "diplomacy", "disaster", "law")
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
)  # fmt: skip
_BATCH = 20_000  # events per executemany; the seeded draws interleave per batch, so keep it
EVENT_COLUMNS = (
    "id", "uuid", "title", "summary", "when_edtf", "start_key", "end_key", "precision",
    "approximate", "uncertain", "kind", "category", "color", "importance", "created_at",
    "modified_at",
)  # fmt: skip
PART_COLUMNS = ("event_id", "actor_id", "role")
CITE_COLUMNS = ("event_id", "source_id")
STAMP = "2025-01-01T00:00:00Z"


def _day_text(key: int) -> str:
    year, month, day = key_to_civil(key)[:3]
    return f"{year:04d}-{month:02d}-{day:02d}"


def _when(rng: random.Random, start: int) -> str:
    """EDTF text of one event starting near `start`, with a realistic mix of precisions."""
    roll = rng.random()
    if roll < 0.05:
        long = rng.random() < 0.1
        length = int(rng.random() * 20 * YEAR) if long else int(rng.expovariate(1 / (40 * DAY)))
        return f"{_day_text(start)}/{_day_text(start + length + DAY)}"
    year, month, day, hour, minute = key_to_civil(start)[:5]
    if roll < 0.70:
        text = f"{year:04d}-{month:02d}-{day:02d}"
    elif roll < 0.85:
        text = f"{year:04d}-{month:02d}"
    elif roll < 0.90:
        text = f"{year:04d}"
    else:
        return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
    flag = rng.random()
    return text + ("~" if flag < 0.08 else "?" if flag < 0.12 else "")


def _event_rows(
    rng: random.Random, n: int, first_id: int, uuids: UuidBatch
) -> Iterator[tuple[Any, ...]]:
    """Rows of EVENT_COLUMNS, drawn in the same order (and so the same data) as before."""
    base = civil_to_key(FIRST_YEAR)
    bursts = [base + int(rng.random() * YEARS * YEAR) for _ in range(400)]
    for i in range(first_id, first_id + n):
        if rng.random() < 0.33:
            start = int(rng.choice(bursts) + rng.gauss(0, 20 * DAY))
        else:
            start = base + int(rng.random() * YEARS * YEAR)
        date = parse_date(_when(rng, start))
        importance = rng.choices((1, 2, 3, 4, 5), weights=(40, 30, 20, 8, 2))[0]
        title = f"{rng.choice(CATEGORIES).capitalize()} event {i}"
        yield (
            i, uuids(), title, "", date.edtf, date.start_key, date.end_key, str(date.precision),
            date.approximate, date.uncertain, "span" if date.is_interval else "point",
            rng.choice(CATEGORIES), None, importance, STAMP, STAMP,
        )  # fmt: skip


def _links(rng: random.Random, event_ids: range) -> tuple[list[tuple], list[tuple]]:
    """(participation, citation) rows of PART_COLUMNS and CITE_COLUMNS."""
    parts: list[tuple] = []
    cits: list[tuple] = []
    for event_id in event_ids:
        roll = rng.random()
        count = 0 if roll < 0.05 else 2 if roll > 0.85 else 1
        # Zipf-like: a few actors are in many events, most in a few.
        actors = {min(ACTORS, int(rng.paretovariate(1.1))) for _ in range(count)}
        parts += [(event_id, a, "") for a in actors]
        if rng.random() < 0.4:
            cits.append((event_id, rng.randint(1, SOURCES)))
    return parts, cits


def generate(path: Path, n: int, seed: int = 1) -> None:
    """Write a library of `n` synthetic events to `path` (replacing it)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    lib = create_library(path)
    try:
        with lib.write() as conn:
            loader = Loader(conn, keep_ids=True, origin=path.name)
            # Triggers off, plain indexes dropped; afterwards the search index, R*Tree and
            # history are filled in one INSERT ... SELECT each and the indexes rebuilt.
            with bulk_indexes(loader, n):
                _write_rows(conn, loader, rng, n)
    finally:
        lib.close()


def _write_rows(conn: sa.Connection, loader: Loader, rng: random.Random, n: int) -> None:
    conn.execute(
        sa.insert(TABLES["actor"]),
        [
            {"id": a, "name": f"Actor {a:02d}", "kind": "state", "aliases": [],
             "description": "", "color": PALETTE[a % len(PALETTE)],
             "created_at": STAMP, "modified_at": STAMP}
            for a in range(1, ACTORS + 1)
        ],
    )  # fmt: skip
    conn.execute(
        sa.insert(TABLES["source"]),
        [
            {"id": s, "title": f"Source {s}", "authors": [], "kind": "book",
             "reliability": "ABCDEF"[s % 6], "created_at": STAMP, "modified_at": STAMP}
            for s in range(1, SOURCES + 1)
        ],
    )  # fmt: skip
    for kind, count in (("actor", ACTORS), ("source", SOURCES)):
        if kind in loader.written:  # their search index rows, as the loader's own flush does
            loader.written[kind](list(range(1, count + 1)))
    rows = _event_rows(rng, n, 1, UuidBatch())
    for first in range(1, n + 1, _BATCH):
        batch = list(itertools.islice(rows, _BATCH))
        _queue(loader, "event", EVENT_COLUMNS, batch)
        parts, cits = _links(rng, range(first, first + len(batch)))
        _queue(loader, "participation", PART_COLUMNS, parts)
        if cits:
            _queue(loader, "citation", CITE_COLUMNS, cits)
        loader.flush()  # each batch as the import writes it, search index and R*Tree rows too


def _queue(loader: Loader, kind: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    # The import's own queues: written by its BatchWriter with the rows' index entries.
    tuples, wheres = loader.tuple_queue(kind, columns)
    tuples.extend(rows)
    wheres.extend([kind] * len(rows))


if __name__ == "__main__":
    size = int(sys.argv[2])
    began = time.perf_counter()
    generate(Path(sys.argv[1]), size)
    print(f"generated {size:,} events in {time.perf_counter() - began:.1f} s")
