"""Timesketch export (JSONL or CSV), for forensic teams who merge chronologies into a sketch.

Timesketch needs three fields per line: `message`, `datetime` (ISO 8601 with offset) and
`timestamp_desc`; we also write `timestamp` (microseconds since 1970, UTC), which its importer
uses when present, and Chronicle's own fields as extra attributes (`chronicle_date` in EDTF,
`precision`, `approximate`, `uncertain`, `summary`, `tags`, `actors`, `sources`, `place`).
A point is one line ("Event date"); a period is two lines ("Event start", "Event end") so both
ends sort into the sketch. BCE dates are left out (ISO 8601 datetimes in Timesketch start at
year 1) and counted in the notes. CSV cells starting like a formula are neutralised.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from db.atomic import atomic_write
from db.dates import floor_key, key_to_civil, parse_date
from db.engine import Library
from db.exchange.csv_cells import neutralise
from db.exchange.dataset_rows import RowProgress
from db.exchange.library_records import iter_records, labels, record_counts
from db.progress import Progress, no_progress
from db.store.snapshots import TABLES

COLUMNS = (
    "message",
    "datetime",
    "timestamp",
    "timestamp_desc",
    "chronicle_date",
    "precision",
    "approximate",
    "uncertain",
    "summary",
    "tags",
    "actors",
    "sources",
    "place",
)


def _iso(key: int) -> str:
    year, month, day, hour, minute, second = key_to_civil(key)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}+00:00"


def _lines(
    rec: dict[str, Any], names: dict[str, dict[int, str]], place: str
) -> list[dict[str, Any]]:
    date = parse_date(rec["when"])
    if key_to_civil(date.start_key)[0] < 1:
        raise ValueError("BCE")
    common = {
        "message": rec["title"],
        "chronicle_date": date.edtf,
        "precision": str(date.precision),
        "approximate": date.approximate,
        "uncertain": date.uncertain,
        "summary": rec.get("summary") or "",
        "tags": rec.get("tags", []),
        "actors": [names["actor"].get(a["actor"], "") for a in rec.get("actors", [])],
        "sources": [names["source"].get(c["source"], "") for c in rec.get("citations", [])],
        "place": place,
    }
    ends = [("Event date", date.start_key)]
    if date.is_interval and not date.open_end:
        # The end as written: the start of its last unit (12:00 for "…/…T12:00", not 12:00:59).
        last = floor_key(date.end_key - 1, date.precision)
        ends = [("Event start", date.start_key), ("Event end", last)]
    elif date.is_interval:
        ends = [("Event start", date.start_key)]
    return [
        {
            "message": common["message"],
            "datetime": _iso(key),
            "timestamp": key * 1_000_000,
            "timestamp_desc": desc,
            **{k: v for k, v in common.items() if k != "message"},
        }
        for desc, key in ends
    ]


def _rows(lib: Library, progress: Progress, notes: list[str]) -> Iterator[dict[str, Any]]:
    place = TABLES["event_place"]
    refused = 0
    with lib.read() as conn:
        names = {"actor": labels(conn, "actor"), "source": labels(conn, "source")}
        places = dict(conn.execute(sa.select(place.c.event_id, place.c.name)).all())
        tick = RowProgress(progress, record_counts(conn)["events"])
        for rec in iter_records(conn, "events"):
            tick()
            try:
                yield from _lines(rec, names, places.get(rec["id"], ""))
            except ValueError:
                refused += 1
        tick.finish()
    if refused:
        notes.append(f"{refused} events not written: BCE dates have no Timesketch datetime.")


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(value)
    return neutralise(str(value))


def export_timesketch_with_notes(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> tuple[Path, list[str]]:
    """Write JSONL (.jsonl) or CSV (.csv) for Timesketch; also what was left out, and why."""
    path = Path(path)
    notes: list[str] = []
    if path.suffix.lower() == ".csv":
        with atomic_write(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for row in _rows(lib, progress, notes):
                writer.writerow([_csv_cell(row[name]) for name in COLUMNS])
    else:
        with atomic_write(path, "w", encoding="utf-8") as fh:
            for row in _rows(lib, progress, notes):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path, notes


def export_timesketch(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """`export_timesketch_with_notes` for callers that only need the path."""
    return export_timesketch_with_notes(lib, path, progress=progress)[0]
