"""iCalendar (.ics, RFC 5545) import and export, through the `icalendar` package.

Import: each VEVENT becomes an event keyed by its UID (dataset "ics"), so importing a newer
copy of the same calendar updates it. DTSTART/DTEND as dates -> days (DTEND is exclusive);
as times -> minutes or seconds, in UTC (`Z`) when the calendar gives a time zone, floating
otherwise. SUMMARY -> title, DESCRIPTION -> summary, CATEGORIES -> tags, LOCATION and GEO ->
place, URL -> a web source. A recurring event (RRULE) is imported once, at its first date.

Export: a calendar cannot hold what Chronicle's dates can say, so
- BCE dates and open-ended periods are refused: left out, and counted in the notes;
- dates coarser than a day (a month, a year, a decade) are rounded to all-day events covering
  that whole period, and approximate or uncertain dates are written as given; both get a
  line in the event's DESCRIPTION saying so ("Chronicle date: c. 1990 — approximate").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import sqlalchemy as sa

from db.atomic import atomic_write
from db.dates import Precision, format_date, key_to_civil, parse_date
from db.engine import Library
from db.errors import DataImportError
from db.exchange.dataset_rows import PreviewRow, RowProgress, RowSink, digest_of, preview_rows
from db.exchange.library_records import iter_records, record_counts
from db.progress import Progress, no_progress
from db.store.snapshots import TABLES

DATASET = "ics"
_DAY = dt.timedelta(days=1)
_TIMED = (Precision.HOUR, Precision.MINUTE, Precision.SECOND)


# ---------------------------------------------------------------- reading


def _side(value: Any) -> str:
    """EDTF of a DTSTART/DTEND value (date, floating or zoned datetime)."""
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC) if value.tzinfo is not None else value
        text = moment.strftime("%Y-%m-%dT%H:%M") + (
            f":{moment.second:02d}" if moment.second else ""
        )
        return text + ("Z" if moment.tzinfo is not None else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise ValueError(f"{value!r} is not a date or time")


def ics_when(start: Any, end: Any | None) -> str:
    """EDTF for a VEVENT's DTSTART and DTEND (exclusive for all-day events)."""
    first = _side(start)
    if end is None:
        return first
    if not isinstance(end, dt.datetime) and isinstance(end, dt.date):
        end = end - _DAY
        if end <= start:
            return first
    last = _side(end)
    return first if last == first else f"{first}/{last}"


def _calendar(path: Path) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(path.read_bytes())
    except ValueError as err:
        raise DataImportError(
            f"{path.name}: not a readable iCalendar file ({err}). Nothing was imported."
        ) from err


def _categories(component: icalendar.Component) -> list[str]:
    found = component.get("CATEGORIES")
    if found is None:
        return []
    groups = found if isinstance(found, list) else [found]
    return [str(c) for group in groups for c in getattr(group, "cats", [group])]


def _record(component: icalendar.Component, sink: RowSink, key: str, digest: str) -> dict[str, Any]:
    start = component.get("DTSTART")
    if start is None:
        raise ValueError("it has no DTSTART")
    end = component.get("DTEND")
    end_value = end.dt if end is not None else None
    if end_value is None and component.get("DURATION") is not None:
        end_value = start.dt + component.get("DURATION").dt
    rec: dict[str, Any] = {
        "title": str(component.get("SUMMARY", "")).strip() or "(untitled)",
        "summary": str(component.get("DESCRIPTION", "")),
        "when": ics_when(start.dt, end_value),
        "tags": list(dict.fromkeys(_categories(component))),
        "_external": {"dataset": DATASET, "key": key, "digest": digest},
    }
    url = str(component.get("URL", "")).strip()
    if url:
        rec["citations"] = [{"source": sink.source(url, kind="web", url=url)}]
    geo = component.get("GEO")
    location = str(component.get("LOCATION", "")).strip()
    if location or geo is not None:
        rec["_place"] = {"name": location}
        if geo is not None:
            rec["_place"] |= {"latitude": geo.latitude, "longitude": geo.longitude}
    if component.get("RRULE") is not None:
        sink.notes.append(f"“{rec['title']}” repeats; only its first date was imported.")
    return rec


def read_ics(
    path: Path, sink: RowSink, progress: Progress = no_progress
) -> Iterator[dict[str, Any]]:
    """Event records of an .ics file, one per VEVENT (by UID)."""
    path = Path(path)
    events = list(_calendar(path).walk("VEVENT"))
    tick = RowProgress(progress, len(events))
    for number, component in enumerate(events, start=1):
        tick()
        where = f"{path.name}, VEVENT {number}"
        body = component.to_ical()
        key = str(component.get("UID", "")).strip() or f"no-uid-{digest_of([body.decode()])}"
        try:
            if not sink.wants(key, digest_of([body.decode()])):
                continue
            rec = _record(component, sink, key, digest_of([body.decode()]))
        except (ValueError, TypeError) as err:
            raise DataImportError(f"{where}: {err}. Nothing was imported.") from err
        rec["_where"] = where
        yield sink.event(rec)
    tick.finish()


def preview_ics(path: Path | str, limit: int = 20) -> list[PreviewRow]:
    return preview_rows(lambda sink: read_ics(Path(path), sink), limit)


# ---------------------------------------------------------------- writing


def _civil(key: int, timed: bool, utc: bool) -> dt.date | dt.datetime:
    year, month, day, hour, minute, second = key_to_civil(key)
    if not timed:
        return dt.date(year, month, day)
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC if utc else None)


def _dates(edtf: str) -> tuple[Any, Any, str | None]:
    """(DTSTART, DTEND or None, note or None) for a stored date; ValueError if it cannot be."""
    date = parse_date(edtf)
    if date.open_start or date.open_end:
        raise ValueError("open-ended")
    if key_to_civil(date.start_key)[0] < 1:
        raise ValueError("BCE")
    timed = date.precision in _TIMED
    start = _civil(date.start_key, timed, edtf.endswith("Z") or "Z/" in edtf)
    end = _civil(date.end_key, timed, edtf.endswith("Z"))
    notes = []
    if date.precision not in (*_TIMED, Precision.DAY):
        notes.append(f"{date.precision} precision, shown as whole days")
    if date.approximate:
        notes.append("approximate")
    if date.uncertain:
        notes.append("uncertain")
    note = f"Chronicle date: {format_date(date)} — {', '.join(notes)}." if notes else None
    if timed and not date.is_interval:
        return start, None, note
    return start, end, note


def _refs(lib: Library) -> tuple[dict[int, str], dict[int, dict[str, Any]]]:
    """iCalendar UIDs and places of events, by event id."""
    ref, place = TABLES["external_ref"], TABLES["event_place"]
    with lib.read() as conn:
        uids = dict(
            conn.execute(
                sa.select(ref.c.event_id, ref.c.key).where(
                    ref.c.dataset == DATASET, ref.c.event_id.is_not(None)
                )
            ).all()
        )
        places = {row.event_id: dict(row._mapping) for row in conn.execute(sa.select(place))}
    return uids, places


def export_ics_with_notes(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> tuple[Path, list[str]]:
    """Write the events as an .ics file; also say what was left out or rounded, and why."""
    path = Path(path)
    uids, places = _refs(lib)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Chronicle//Chronicle export//EN")
    cal.add("version", "2.0")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    refused: dict[str, int] = {}
    rounded = 0
    with lib.read() as conn:
        total = record_counts(conn)["events"]
        urls = {s["id"]: s["url"] for s in iter_records(conn, "sources") if s.get("url")}
        tick = RowProgress(progress, total)
        for rec in iter_records(conn, "events"):
            tick()
            try:
                start, end, note = _dates(rec["when"])
            except ValueError as why:
                refused[str(why)] = refused.get(str(why), 0) + 1
                continue
            event = icalendar.Event()
            event.add("uid", uids.get(rec["id"]) or f"chronicle-{rec['id']}@{lib.path.stem}")
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            if end is not None:
                event.add("dtend", end)
            event.add("summary", rec["title"])
            description = rec.get("summary") or ""
            if note:
                rounded += 1
                description = f"{description}\n\n{note}".strip()
            if description:
                event.add("description", description)
            if rec.get("tags"):
                event.add("categories", rec["tags"])
            place = places.get(rec["id"])
            if place and place["name"]:
                event.add("location", place["name"])
            if place and place["latitude"] is not None and place["longitude"] is not None:
                event.add("geo", (place["latitude"], place["longitude"]))
            links = [urls[c["source"]] for c in rec.get("citations", []) if c["source"] in urls]
            if links:
                event.add("url", links[0])
            cal.add_component(event)
    with atomic_write(path, "wb") as fh:
        fh.write(cal.to_ical())
    tick.finish()
    notes = [
        f"{count} events not written: their dates are {why} (a calendar cannot hold them)."
        for why, count in refused.items()
    ]
    if rounded:
        notes.append(
            f"{rounded} events rounded to whole days or marked approximate/uncertain "
            "(their descriptions say so)."
        )
    return path, notes


def export_ics(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """`export_ics_with_notes` for callers that only need the path."""
    return export_ics_with_notes(lib, path, progress=progress)[0]
