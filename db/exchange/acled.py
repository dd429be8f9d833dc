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
import json
from collections.abc import Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from db.errors import DataImportError, ExportError, ValidationError
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
_EPOCH = dt.date(1970, 1, 1)
_REPEATS_MAX = 100_000  # distinct actor, source, tag and place cells remembered per kind
# The kept codes are stored as a JSON array: this layout's number, then the cells of KEPT in
# its order (trailing empty ones left out). Libraries made before hold a JSON object of the
# non-empty cells; `kept_codes` reads both. The names repeated in every row were ~45 % of
# the biggest table of an ACLED import (external_ref: 435 -> ~250 bytes a row).
KEPT_LAYOUT = 1
_LAYOUTS = {KEPT_LAYOUT: KEPT}


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
    """ISO UTC text of Unix seconds (the day's text worked out once per day)."""
    if not timestamp.strip():
        return None
    try:
        day, second = divmod(int(timestamp), 86_400)
        date = _day_text(day)
    except (ValueError, OverflowError):
        raise _CellError("timestamp", f"timestamp {timestamp!r} is not Unix seconds.") from None
    hour, second = divmod(second, 3600)
    return f"{date}T{hour:02d}:{second // 60:02d}:{second % 60:02d}Z"


@functools.lru_cache(maxsize=4096)
def _day_text(day: int) -> str:
    return (_EPOCH + dt.timedelta(days=day)).isoformat()


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


class _Repeats:
    """What repeats row after row in one file (a country file names a few hundred actors,
    sources and places), worked out once per distinct cells: the sink's ids are this read's."""

    def __init__(self, sink: RowSink):
        self.sink = sink
        self.actors: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        self.citations: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.tags: dict[tuple[str, str], list[str]] = {}
        self.places: dict[tuple[str, ...], dict[str, Any]] = {}

    def actor_links(self, row: _Row) -> list[dict[str, Any]]:
        cells: tuple[str, ...] = (row["actor1"], row["inter1"], row["assoc_actor_1"])
        cells += (row["actor2"], row["inter2"], row["assoc_actor_2"])
        links = self.actors.get(cells)
        if links is None:
            links = _unique_links(_actors(row, self.sink, "1") + _actors(row, self.sink, "2"))
            self._keep(self.actors, cells, links)
        return links

    def citation_list(self, row: _Row) -> list[dict[str, Any]]:
        cells = (row["source"], row["source_scale"])
        citations = self.citations.get(cells)
        if citations is None:
            scale = cells[1].strip()
            citations = [
                {"source": self.sink.source(name, kind="article"), "locator": scale}
                for name in dict.fromkeys(_split(cells[0]))
            ]
            self._keep(self.citations, cells, citations)
        return citations

    def tag_list(self, row: _Row) -> list[str]:
        cells = (row["sub_event_type"], row["interaction"])
        tags = self.tags.get(cells)
        if tags is None:
            interaction = interaction_label(cells[1])
            found = [cells[0]] + ([f"interaction: {interaction}"] if interaction else [])
            tags = [tag.strip() for tag in dict.fromkeys(found) if tag.strip()]
            self._keep(self.tags, cells, tags)
        return tags

    def place(self, row: _Row) -> dict[str, Any]:
        cells: tuple[str, ...] = (row["location"], row["admin1"], row["country"])
        cells += (row["latitude"], row["longitude"], row["geo_precision"])
        place = self.places.get(cells)
        if place is None:
            location, admin1 = cells[0].strip(), cells[1].strip()
            place = {
                "name": location + (f", {admin1}" if admin1 and admin1 != location else ""),
                "country": cells[2].strip(),
                "latitude": cells[3],
                "longitude": cells[4],
                "precision": int(cells[5]) if cells[5].isdigit() else None,
            }
            self._keep(self.places, cells, place)
        return place

    @staticmethod
    def _keep(kept: dict[Any, Any], cells: Any, value: Any) -> None:
        if len(kept) >= _REPEATS_MAX:
            kept.clear()
        kept[cells] = value


def _kept_json(row: _Row) -> str:
    """`json.dumps([KEPT_LAYOUT, *cells], ensure_ascii=False, separators=(",", ":"))` of the
    kept columns' cells (trailing empty ones left out), the same text written directly
    (no list, no encoder object per row: this runs 2,500,000 times in a big import)."""
    cells = [row[name] for name in KEPT]
    while cells and cells[-1] == "":
        cells.pop()
    return f"[{KEPT_LAYOUT}" + "".join("," + encode_basestring(cell) for cell in cells) + "]"


def kept_codes(text: str | None) -> dict[str, str]:
    """The kept columns' non-empty cells by name, from an `external_ref.data` text of either
    form (the array written now, the object of libraries made before)."""
    value = json.loads(text or "{}")
    if isinstance(value, dict):
        return value
    layout, *cells = value
    names = _LAYOUTS.get(layout)
    if names is None:
        raise ExportError(
            f"ACLED codes stored in layout {layout!r}, which this Chronicle does not know "
            "(the library was written by a newer one); nothing was exported."
        )
    return {name: cell for name, cell in zip(names, cells, strict=False) if cell != ""}


def _record(row: _Row, repeats: _Repeats, key: str, digest: str) -> dict[str, Any]:
    # The lists and dicts from `repeats` are shared by many records: read, never changed.
    return repeats.sink.event(
        {
            "title": _title(row),
            "summary": row["notes"],
            "when": acled_when(row["event_date"], row["time_precision"]),
            # The event type is the category (lanes by category); the disorder type stays
            # with the external id. Each tag is a row per event: at 2.5M events, two fewer
            # saved ~10%.
            "category": row["event_type"].strip(),
            "tags": repeats.tag_list(row),
            "actors": repeats.actor_links(row),
            "citations": repeats.citation_list(row),
            "_external": {
                "dataset": DATASET,
                "key": key,
                "digest": digest,
                "reported": _reported(row["timestamp"]),
                "data": _kept_json(row),
            },
            "_place": repeats.place(row),
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
        repeats = _Repeats(sink)
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
                rec = _record(_Row(zip(names, cells, strict=True)), repeats, key, digest)
            except ValidationError as err:
                raise row_error(origin, line, getattr(err, "column", None), err) from err
            rec["_where"] = f"{origin}, line {line}"
            yield rec
    tick.finish()


def preview_acled(path: Path | str, limit: int = 20) -> list[PreviewRow]:
    return preview_rows(lambda sink: read_acled(Path(path), sink), limit)
