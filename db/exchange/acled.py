"""ACLED (Armed Conflict Location & Event Data) CSV, as its export tool and API publish it.

Each row becomes an event keyed by `event_id_cnty` (dataset "acled"), so a re-import of a newer
download updates what ACLED revised, adds what is new and lists what it deleted:

- date: `event_date` at `time_precision` (ACLED codebook: 1 the source gives the day; 2 it gives
  a week or weekend and the middle day is coded; 3 it gives only a month, or vaguer, and a day
  in that month is coded) -> EDTF `2024-03-15`, `2024-03-12~/2024-03-18~` (the week around the
  coded day, approximate), `2024-03~` (the month, approximate);
- title: sub-event type, the two actors and the location; summary: `notes`;
  category: event type; tags: sub-event type and the interaction;
- actors: actor1/actor2 ("actor 1", "actor 2") and the associated actors, with their ACLED
  actor type (`inter1`/`inter2`, codes 1-8 or the names newer files carry) as kind and tag;
- sources: each name in `source` (split at ";"), cited with the row's `source_scale` as locator;
- place: location (admin1), country, latitude/longitude, geo_precision;
- `timestamp` (Unix seconds of ACLED's last change) as the report date; the other codes
  (fatalities, iso, region, admin1-3, civilian_targeting, tags...) kept with the external id.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.errors import DataImportError, ValidationError
from db.exchange.dataset_rows import (
    PreviewRow,
    RowProgress,
    RowSink,
    digest_of,
    estimate_rows,
    preview_rows,
    row_error,
)
from db.progress import Progress, no_progress

DATASET = "acled"
# The export tool's column order since ACLED's March 2023 layout change.
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
REQUIRED = ("event_id_cnty", "event_date", "time_precision", "event_type", "actor1", "country")
# Kept with the external id: the codes Chronicle has no field for.
KEPT = (
    "event_date", "year", "time_precision", "disorder_type", "sub_event_type", "inter1",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "admin1", "admin2", "admin3",
    "location", "source_scale", "fatalities", "tags",
)  # fmt: skip
# ACLED actor types (codebook), by inter code, with the Chronicle actor kind of each.
ACTOR_TYPES = {
    "1": ("State forces", "state"),
    "2": ("Rebel group", "group"),
    "3": ("Political militia", "group"),
    "4": ("Identity militia", "group"),
    "5": ("Rioters", "group"),
    "6": ("Protesters", "group"),
    "7": ("Civilians", "group"),
    "8": ("External/Other forces", "organisation"),
}
_KIND_OF_TYPE = {name.casefold(): kind for name, kind in ACTOR_TYPES.values()}
_WEEK_HALF = dt.timedelta(days=3)


@functools.lru_cache(maxsize=8192)  # a country file repeats a few thousand dates
def acled_when(event_date: str, time_precision: str) -> str:
    """EDTF for an ACLED date at its time precision (see the module docstring)."""
    day = _parse_day(event_date)
    precision = time_precision.strip()
    if precision == "1":
        return day.isoformat()
    if precision == "2":
        return f"{(day - _WEEK_HALF).isoformat()}~/{(day + _WEEK_HALF).isoformat()}~"
    if precision == "3":
        return f"{day.year:04d}-{day.month:02d}~"
    raise _CellError("time_precision", f"time_precision {time_precision!r} is not 1, 2 or 3.")


_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%B").casefold(),
                 dt.date(2000, number, 1).strftime("%b").casefold())
}  # fmt: skip


def _parse_day(text: str) -> dt.date:
    """ISO (API: 2024-03-15) or the export tool's "15 March 2024" / "15-March-2024"."""
    value = text.strip()
    try:
        if len(value) == 10 and value[4] == "-":
            return dt.date.fromisoformat(value)
        parts = value.replace("-", " ").replace("/", " ").split()
        if len(parts) == 3:
            day, month, year = parts
            number = int(month) if month.isdigit() else _MONTHS[month.casefold()]
            return dt.date(int(year), number, int(day))
    except (ValueError, KeyError):
        pass
    raise _CellError(
        "event_date", f"event_date {text!r} is not a date like 2024-03-15 or 15 March 2024."
    )


def actor_type(code: str) -> tuple[str, str] | None:
    """(type name, Chronicle kind) of an inter code (1-8) or of a type name; None for none."""
    code = code.strip()
    if code in ("", "0"):
        return None
    if code in ACTOR_TYPES:
        return ACTOR_TYPES[code]
    kind = _KIND_OF_TYPE.get(code.casefold())
    if kind is None:
        raise ValidationError(f"actor type {code!r} is not an ACLED inter code (1-8).")
    return code, kind


def interaction_label(code: str) -> str:
    """ "State forces–Rebel group" for 12 (or the text newer files carry as it is)."""
    code = code.strip()
    if code.isdigit() and len(code) == 2 and all(c in ACTOR_TYPES for c in code):
        return f"{ACTOR_TYPES[code[0]][0]}–{ACTOR_TYPES[code[1]][0]}"
    if code.isdigit() and code in ACTOR_TYPES:
        return f"{ACTOR_TYPES[code][0]} only"
    return code


def _reported(timestamp: str) -> str | None:
    if not timestamp.strip():
        return None
    try:
        stamp = dt.datetime.fromtimestamp(int(timestamp), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise _CellError("timestamp", f"timestamp {timestamp!r} is not Unix seconds.") from None
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Row(dict[str, str]):
    """One ACLED row by column name; a column the file lacks reads as empty."""

    def __missing__(self, _name: str) -> str:
        return ""


class _CellError(ValidationError):
    """A refused cell, with its column (for the message naming line and column)."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _header_index(header: list[str], origin: str) -> dict[str, int]:
    index = {name.strip().lstrip("\ufeff").casefold(): i for i, name in enumerate(header)}
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        raise DataImportError(
            f"{origin}: this is not an ACLED file: it has no column {', '.join(missing)} "
            f"(ACLED columns: {', '.join(COLUMNS[:8])}, …). Nothing was imported."
        )
    return index


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _actors(row: _Row, sink: RowSink, side: str) -> list[dict[str, Any]]:
    name = row[f"actor{side}"].strip()
    if not name:
        return []
    try:
        typed = actor_type(row[f"inter{side}"])
    except ValidationError as err:
        raise _CellError(f"inter{side}", str(err)) from None
    fields: dict[str, Any] = {}
    if typed is not None:
        fields = {"kind": typed[1], "tags": [f"ACLED: {typed[0]}"]}
    links = [{"actor": sink.actor(name, **fields), "role": f"actor {side}"}]
    for assoc in _split(row[f"assoc_actor_{side}"]):
        if assoc != name:
            role = f"associated with actor {side}"
            links.append({"actor": sink.actor(assoc), "role": role})
    return _unique_links(links)


def _unique_links(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, result = set(), []
    for link in links:
        key = (link["actor"], link["role"])
        if key not in seen:
            seen.add(key)
            result.append(link)
    return result


def _title(row: _Row) -> str:
    who = row["actor1"].strip()
    other = row["actor2"].strip()
    if other:
        who = f"{who} – {other}"
    what = row["sub_event_type"].strip() or row["event_type"].strip()
    where = row["location"].strip()
    return f"{what}: {who}" + (f" ({where})" if where else "")


def _record(row: _Row, sink: RowSink, key: str, digest: str) -> dict[str, Any]:
    when = acled_when(row["event_date"], row["time_precision"])
    scale = row["source_scale"].strip()
    citations = [
        {"source": sink.source(name, kind="article"), "locator": scale}
        for name in dict.fromkeys(_split(row["source"]))
    ]
    actors = _unique_links(_actors(row, sink, "1") + _actors(row, sink, "2"))
    interaction = interaction_label(row["interaction"])
    # The event type is the category (lanes by category); the disorder type stays with the
    # external id. Each tag is a row per event: at 2.5M events, two fewer saved ~10%.
    tags = [row["sub_event_type"]]
    tags += [f"interaction: {interaction}"] if interaction else []
    location, admin1 = row["location"].strip(), row["admin1"].strip()
    place = location + (f", {admin1}" if admin1 and admin1 != location else "")
    return sink.event(
        {
            "title": _title(row),
            "summary": row["notes"],
            "when": when,
            "category": row["event_type"].strip(),
            "tags": [tag.strip() for tag in dict.fromkeys(tags) if tag.strip()],
            "actors": actors,
            "citations": citations,
            "_external": {
                "dataset": DATASET,
                "key": key,
                "digest": digest,
                "reported": _reported(row["timestamp"]),
                "data": {name: row[name] for name in KEPT if row[name] != ""},
            },
            "_place": {
                "name": place,
                "country": row["country"].strip(),
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "precision": int(row["geo_precision"]) if row["geo_precision"].isdigit() else None,
            },
        }
    )


def read_acled(
    path: Path, sink: RowSink, progress: Progress = no_progress
) -> Iterator[dict[str, Any]]:
    """Event records of an ACLED CSV, streamed; rows the sink already has unchanged are skipped."""
    origin = Path(path).name
    try:
        yield from _read_acled(Path(path), origin, sink, progress)
    except (UnicodeDecodeError, csv.Error) as err:
        raise DataImportError(
            f"{origin}: not a readable ACLED CSV (UTF-8 text with commas): {err}. "
            "Nothing was imported."
        ) from err


def _read_acled(
    path: Path, origin: str, sink: RowSink, progress: Progress
) -> Iterator[dict[str, Any]]:
    tick = RowProgress(progress, estimate_rows(path) - 1)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        index = _header_index(next(reader, []), origin)
        names = sorted(index, key=index.__getitem__)
        key_at = index["event_id_cnty"]
        width = len(index)  # header cells (names are unique in ACLED files)
        for cells in reader:
            tick()
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != width:
                raise row_error(origin, line, None, f"it has {len(cells)} cells, not {width}")
            key = cells[key_at].strip()
            if not key:
                raise row_error(origin, line, "event_id_cnty", "the event id is empty")
            digest = digest_of(cells)
            try:
                if not sink.wants(key, digest):
                    continue
                rec = _record(_Row(zip(names, cells, strict=True)), sink, key, digest)
            except ValidationError as err:
                raise row_error(origin, line, getattr(err, "column", None), err) from err
            rec["_where"] = f"{origin}, line {line}"
            yield rec
    tick.finish()


def preview_acled(path: Path | str, limit: int = 20) -> list[PreviewRow]:
    return preview_rows(lambda sink: read_acled(Path(path), sink), limit)
