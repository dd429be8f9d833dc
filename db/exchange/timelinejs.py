"""TimelineJS (Knight Lab): its JSON and its Google-spreadsheet CSV template, both directions.

Dates: TimelineJS shows year -44 as "44 BCE", so 44 BC (EDTF -0043, astronomical) is written
-44 and read back the same way. What its date parts cannot say (approximate, uncertain,
decades, seasons, unspecified digits) travels in "display_date" as our readable text ("c. 1990",
"1990s"), which the importer parses back when it agrees with the date parts. Headlines and
text are HTML there: we write escaped text (newlines as <br>) and read HTML back as text.
Summary -> text, category -> group, event id -> unique_id; eras import as span events.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.atomic import atomic_write
from db.dates import Precision, format_date, key_to_civil, parse_date
from db.engine import Library
from db.errors import ChronicleError, DataImportError
from db.exchange.csv_cells import FORMULA_STARTS, neutralise
from db.exchange.encoding import detect_encoding, load_json
from db.exchange.library_records import iter_records, record_counts
from db.exchange.limits import read_lines
from db.exchange.records import Ticker
from db.exchange.text_sources import html_to_text
from db.progress import Progress, no_progress

CSV_COLUMNS = (
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Media Thumbnail",
    "Type",
    "Group",
    "Background",
)
_PARTS = ("year", "month", "day", "hour", "minute", "second")
_PARTS_SHOWN = {  # how many of _PARTS a precision fills
    Precision.MILLENNIUM: 1,
    Precision.CENTURY: 1,
    Precision.DECADE: 1,
    Precision.YEAR: 1,
    Precision.SEASON: 2,
    Precision.MONTH: 2,
    Precision.DAY: 3,
    Precision.HOUR: 4,
    Precision.MINUTE: 5,
    Precision.SECOND: 6,
}
_EXACT = {Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.HOUR, Precision.MINUTE}
_EXACT |= {Precision.SECOND}
_UNIQUE_ID = re.compile(r"event-(-?[0-9]{1,18})")  # an id of ours (fits SQLite's integer)
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


# ---------------------------------------------------------------- dates


def _tl_year(year: int) -> int:
    return year if year > 0 else year - 1


def _astronomical(year: int) -> int:
    return year + 1 if year < 0 else year


def _date_parts(edtf_side: str) -> dict[str, int]:
    """TimelineJS date parts of one side of a date (its start, at its precision)."""
    date = parse_date(edtf_side)
    civil = key_to_civil(date.start_key)
    parts = dict(zip(_PARTS, civil[: _PARTS_SHOWN[date.precision]], strict=False))
    parts["year"] = _tl_year(parts["year"])
    return parts


def _needs_display(edtf: str) -> bool:
    date = parse_date(edtf)
    if date.is_interval:
        return any(_needs_display(side) for side in edtf.split("/") if side not in ("", ".."))
    return date.precision not in _EXACT or date.approximate or date.uncertain or "X" in edtf


def _tl_dates(edtf: str) -> dict[str, Any]:
    """start_date, end_date and display_date of an event date."""
    sides = [s for s in edtf.split("/") if s not in ("", "..")] if "/" in edtf else [edtf]
    result: dict[str, Any] = {"start_date": _date_parts(sides[0])}
    if len(sides) == 2:
        result["end_date"] = _date_parts(sides[1])
    if _needs_display(edtf):
        result["display_date"] = format_date(edtf)
    return result


def _number(value: Any, what: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ChronicleError(f"{what} is {value!r}, not a whole number.") from None


def _edtf_side(parts: dict[str, Any], what: str) -> str:
    """EDTF text of TimelineJS date parts ({"year": -44, "month": 3, ...})."""
    year, month, day, hour, minute, second = (
        _number(parts.get(name), f"the {what} {name}") for name in _PARTS
    )
    if year is None:
        raise ChronicleError(f"the {what} has no year.")
    year = _astronomical(year)
    text = f"Y{year}" if abs(year) > 9999 else f"{'-' if year < 0 else ''}{abs(year):04d}"
    if month is None and day is not None:
        raise ChronicleError(f"the {what} has a day but no month.")
    if day is None and hour is not None:
        raise ChronicleError(f"the {what} has a time but no day.")
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    if hour is not None:
        text += f"T{hour:02d}:{minute or 0:02d}" + ("" if second is None else f":{second:02d}")
    return _checked(text, what)


def _checked(edtf: str, what: str) -> str:
    try:
        return parse_date(edtf).edtf
    except ChronicleError as err:
        raise ChronicleError(f"the {what} is not a valid date ({err}).") from None


def _when(event: dict[str, Any]) -> str:
    start = event.get("start_date")
    if not isinstance(start, dict):
        raise ChronicleError("it has no start_date.")
    when = _edtf_side(start, "start date")
    end = event.get("end_date")
    if isinstance(end, dict) and any(str(end.get(p) or "").strip() for p in _PARTS):
        when = _checked(f"{when}/{_edtf_side(end, 'end date')}", "end date")
    display = event.get("display_date") or start.get("display_date")
    return _display_edtf(display, when) or when


def _display_edtf(display: Any, when: str) -> str | None:
    """The EDTF of the display text, if it is a date agreeing with the date parts."""
    if not isinstance(display, str) or not display.strip():
        return None
    try:
        shown, parts = parse_date(display), parse_date(when)
    except ChronicleError:
        return None
    agrees = shown.start_key == parts.start_key
    if parts.is_interval or shown.is_interval:
        agrees = agrees and shown.end_key == parts.end_key
    return shown.edtf if agrees else None


# ---------------------------------------------------------------- export


def _text_html(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def _tl_event(rec: dict[str, Any]) -> dict[str, Any]:
    event = _tl_dates(rec["when"])
    event["text"] = {"headline": _text_html(rec["title"]), "text": _text_html(rec["summary"])}
    if rec["category"]:
        event["group"] = rec["category"]
    event["unique_id"] = f"event-{rec['id']}"
    return event


def _title_slide(title: str) -> dict[str, Any]:
    return {"text": {"headline": _text_html(title), "text": ""}}


def export_timelinejs(
    lib: Library, path: Path | str, *, title: str = "", progress: Progress = no_progress
) -> Path:
    """Write the events as TimelineJS JSON (.json) or its spreadsheet template (.csv)."""
    path = Path(path)
    title = title or lib.path.stem
    with lib.read() as conn:
        tick = Ticker(progress, record_counts(conn)["events"])
        tick.start()
        events = _ticking(map(_tl_event, iter_records(conn, "events")), tick)
        if path.suffix.lower() == ".csv":
            _write_csv(path, title, events, lib.path)
        else:
            with atomic_write(path, "w", encoding="utf-8", protect=[lib.path]) as fh:
                fh.write('{"title": ' + json.dumps(_title_slide(title), ensure_ascii=False))
                fh.write(',\n "events": [')
                for index, event in enumerate(events):
                    fh.write(
                        ("\n  " if index == 0 else ",\n  ") + json.dumps(event, ensure_ascii=False)
                    )
                fh.write("\n ]\n}\n")
    tick.finish()
    return path


def _ticking(items: Iterator[Any], tick: Ticker) -> Iterator[Any]:
    for item in items:
        yield item
        tick()


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if _NUMBER.fullmatch(text) else neutralise(text)


def _time(parts: dict[str, int] | None) -> str:
    if not parts or "hour" not in parts:
        return ""
    text = f"{parts['hour']}:{parts.get('minute', 0):02d}"
    return text + (f":{parts['second']:02d}" if "second" in parts else "")


def _csv_row(event: dict[str, Any], kind: str = "") -> list[Any]:
    start, end = event.get("start_date") or {}, event.get("end_date") or {}
    return [
        start.get("year", ""),
        start.get("month", ""),
        start.get("day", ""),
        _time(start),
        end.get("year", ""),
        end.get("month", ""),
        end.get("day", ""),
        _time(end),
        event.get("display_date", ""),
        event["text"]["headline"],
        event["text"]["text"],
        "",
        "",
        "",
        "",
        kind,
        event.get("group", ""),
        "",
    ]


def _write_csv(path: Path, title: str, events: Iterator[dict[str, Any]], library: Path) -> None:
    with atomic_write(path, "w", encoding="utf-8", newline="", protect=[library]) as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerow(
            [_csv_cell(c) for c in _csv_row({"text": _title_slide(title)["text"]}, "title")]
        )
        for event in events:
            writer.writerow([_csv_cell(c) for c in _csv_row(event)])


# ---------------------------------------------------------------- import


def _plain(value: Any) -> str:
    return html_to_text(value) if isinstance(value, str) else ""


class _Reader:
    """Turns TimelineJS events (and eras) into our records; media become cited sources."""

    def __init__(self, origin: str):
        self.origin = origin
        self.data: dict[str, Any] = {"sources": [], "events": []}
        self.sources: dict[str, str] = {}

    def add(self, event: Any, where: str, *, era: bool = False) -> None:
        if not isinstance(event, dict):
            raise DataImportError(
                f"{self.origin}, {where}: expected an object. Nothing was imported."
            )
        try:
            record = self._record(event, where, era)
        except ChronicleError as err:
            raise DataImportError(f"{self.origin}, {where}: {err} Nothing was imported.") from None
        self.data["events"].append(record)

    def _record(self, event: dict[str, Any], where: str, era: bool) -> dict[str, Any]:
        given = event.get("text")
        text: dict[str, Any] = given if isinstance(given, dict) else {}
        headline, body = _plain(text.get("headline")), _plain(text.get("text"))
        title = headline or body.split("\n", 1)[0][:200]
        if not title:
            raise ChronicleError("it has no headline.")
        record: dict[str, Any] = {
            "_where": f"{self.origin}, {where}",
            "id": self._id(event, where),
            "title": title,
            "when": _when(event),
            "summary": body if headline else body[len(title) :].strip(),
            "category": str(event.get("group") or "").strip(),
            "tags": ["era"] if era else [],
            "citations": self._media(event.get("media")),
        }
        return record

    def _id(self, event: dict[str, Any], where: str) -> Any:
        unique = str(event.get("unique_id") or "").strip()
        match = _UNIQUE_ID.fullmatch(unique)
        return int(match[1]) if match else (unique or f"tl:{where}")

    def _media(self, media: Any) -> list[dict[str, Any]]:
        if not isinstance(media, dict) or not str(media.get("url") or "").strip():
            return []
        url = str(media["url"]).strip()
        if url not in self.sources:
            self.sources[url] = f"media:{len(self.sources)}"
            title = _plain(media.get("caption")) or _plain(media.get("credit")) or url
            self.data["sources"].append(
                {"id": self.sources[url], "title": title[:1000], "url": url, "kind": "web",
                 "notes": _plain(media.get("credit"))}
            )  # fmt: skip
        return [{"source": self.sources[url], "locator": "", "quote": ""}]


def _read_json(path: Path) -> dict[str, Any]:
    data = load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        raise DataImportError(f'{path.name} is not TimelineJS JSON (no "events" list).')
    return data


def _unneutralised(cell: str) -> str:
    """Undo our neutralisation only: a leading apostrophe before a formula character."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS and cell[1:2] else cell


def _time_parts(cell: str, what: str) -> dict[str, str]:
    if not cell.strip():
        return {}
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?\s*", cell)
    if not match:
        raise ChronicleError(f"the {what} {cell!r} is not a time like 14:30 or 2:30 PM.")
    hour, suffix = int(match[1]), (match[4] or "").lower()
    if suffix:
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    return {"hour": str(hour), "minute": match[2], "second": match[3] or ""}


def _csv_event(row: dict[str, str]) -> dict[str, Any]:
    start = {"year": row.get("Year", ""), "month": row.get("Month", ""), "day": row.get("Day", "")}
    start |= _time_parts(row.get("Time", ""), "time")
    end = {
        "year": row.get("End Year", ""),
        "month": row.get("End Month", ""),
        "day": row.get("End Day", ""),
    }
    if any(v.strip() for v in end.values()):
        end |= _time_parts(row.get("End Time", ""), "end time")
    return {
        "start_date": start,
        "end_date": end,
        "display_date": row.get("Display Date", ""),
        "text": {"headline": row.get("Headline", ""), "text": row.get("Text", "")},
        "media": {
            "url": row.get("Media", ""),
            "credit": row.get("Media Credit", ""),
            "caption": row.get("Media Caption", ""),
        },
        "group": row.get("Group", ""),
    }


def _read_csv(path: Path, reader: _Reader) -> None:
    with path.open(encoding=detect_encoding(path), newline="") as fh:
        rows = csv.reader(read_lines(fh, path.name))
        header = [h.strip() for h in next(rows, [])]
        if "Headline" not in header or "Year" not in header:
            raise DataImportError(
                f"{path.name}, line 1: not the TimelineJS spreadsheet template (it needs the "
                "columns Year and Headline). Use Import Spreadsheet to map other columns."
            )
        try:
            for cells in rows:
                if not any(c.strip() for c in cells):
                    continue
                row = dict(zip(header, map(_unneutralised, cells), strict=False))
                where = f"line {rows.line_num}"
                kind = row.get("Type", "").strip().lower()
                if kind == "title":
                    continue
                try:
                    event = _csv_event(row)
                except ChronicleError as err:
                    raise DataImportError(
                        f"{path.name}, {where}: {err} Nothing was imported."
                    ) from None
                reader.add(event, where, era=kind == "era")
        except csv.Error as err:
            raise DataImportError(f"{path.name}, line {rows.line_num}: {err}.") from err


def read_timelinejs(path: Path | str) -> dict[str, Any]:
    """Records of a TimelineJS JSON or spreadsheet CSV file."""
    path = Path(path)
    reader = _Reader(path.name)
    if path.suffix.lower() == ".csv":
        _read_csv(path, reader)
    else:
        data = _read_json(path)
        for index, event in enumerate(data.get("events") or []):
            reader.add(event, f"events[{index}]")
        eras = data.get("eras") or []
        if not isinstance(eras, list):
            raise DataImportError(f'{path.name}: "eras" is not a list. Nothing was imported.')
        for index, era in enumerate(eras):
            reader.add(era, f"eras[{index}]", era=True)
    return reader.data
