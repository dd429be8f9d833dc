"""Writing ACLED rows back from the library: the mirror of the import (`db.exchange.acled`).

Each event with an ACLED id becomes one row: the codes kept with its external id, and from the
library its notes (summary), event type (category), actors by role, sources (cited, in order)
and place. Reading such a file in again changes nothing (tests/db/exchange/test_acled.py).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from db.atomic import atomic_write
from db.engine import Library
from db.exchange.acled import COLUMNS, DATASET, kept_codes
from db.exchange.csv_cells import neutralise
from db.exchange.dataset_rows import RowProgress
from db.exchange.library_records import event_pages, labels
from db.progress import Progress, no_progress
from db.store.snapshots import TABLES


def _unix(reported: str | None) -> str:
    if not reported:
        return ""
    stamp = dt.datetime.strptime(reported, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    return str(int(stamp.timestamp()))


def _coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write_acled_rows(lib: Library, path: Path, progress: Progress) -> Path:
    ref, place = TABLES["external_ref"], TABLES["event_place"]
    with lib.read() as conn:
        ours = (ref.c.dataset == DATASET, ref.c.event_id.is_not(None))
        expected = conn.execute(sa.select(sa.func.count()).select_from(ref).where(*ours))
        actors, sources = labels(conn, "actor"), labels(conn, "source")
        tick = RowProgress(progress, expected.scalar_one())
        with atomic_write(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for page in event_pages(conn):
                # The codes and places of this page's events only: read for the whole library
                # at once they took ~1.2 kB an event (3 GB at 2,500,000).
                low, high = page.rows[0][0], page.rows[-1][0]
                refs = {
                    row.event_id: row
                    for row in conn.execute(
                        sa.select(ref.c.event_id, ref.c.key, ref.c.reported, ref.c.data).where(
                            *ours, ref.c.event_id.between(low, high)
                        )
                    )
                }
                if not refs:
                    continue
                places = {
                    row.event_id: row
                    for row in conn.execute(
                        sa.select(place).where(place.c.event_id.between(low, high))
                    )
                }
                for event in page.rows:
                    found = refs.get(event[0])
                    if found is None:
                        continue
                    tick()
                    row = kept_codes(found.data)
                    roles: dict[str, list[str]] = {}
                    for actor_id, role in page.actors.get(event[0], ()):
                        roles.setdefault(role, []).append(actors[actor_id])
                    cited = [sources[c[0]] for c in page.citations.get(event[0], ())]
                    spot = places.get(event[0])
                    row |= {
                        "event_id_cnty": found.key,
                        "event_type": event[EVENT_CATEGORY],
                        "actor1": "; ".join(roles.get("actor 1", [])),
                        "assoc_actor_1": "; ".join(roles.get("associated with actor 1", [])),
                        "actor2": "; ".join(roles.get("actor 2", [])),
                        "assoc_actor_2": "; ".join(roles.get("associated with actor 2", [])),
                        "source": "; ".join(dict.fromkeys(cited)),
                        "notes": event[EVENT_SUMMARY],
                        "timestamp": _unix(found.reported),
                        "country": spot.country if spot else "",
                        "latitude": _coordinate(spot.latitude if spot else None),
                        "longitude": _coordinate(spot.longitude if spot else None),
                        "geo_precision": str(spot.precision) if spot and spot.precision else "",
                    }
                    writer.writerow([neutralise(str(row.get(name, ""))) for name in COLUMNS])
    tick.finish()
    return path


def _position(name: str) -> int:
    from db.exchange.library_records import EVENT_FIELDS

    return 1 + EVENT_FIELDS.index(name)  # rows start with the id


EVENT_CATEGORY, EVENT_SUMMARY = _position("category"), _position("summary")


def export_acled(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """The events imported from ACLED, back in its column layout (the mirror of the import):
    the codes as imported, with the user's edits to notes, category, actors, sources and place."""
    return write_acled_rows(lib, Path(path), progress)
