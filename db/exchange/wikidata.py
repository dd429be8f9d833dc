"""Wikidata query results (SPARQL JSON or CSV, as query.wikidata.org returns them) as events.

The query (template in docs/formats.md) returns one row per item and participant with these
variables; only `item` is required:

- `item` (entity URI), `itemLabel`, `itemDescription`, `article` (a page about it);
- dates: `point` (P585 point in time), `start` (P580), `end` (P582), `earliest` (P1319),
  `latest` (P1326), each with `<name>Precision` (wikibase:timePrecision) and `<name>Calendar`
  (wikibase:timeCalendarModel);
- `circa`: true when the date is qualified "sourcing circumstances: circa" (P1480 = Q5727902);
- `participant`, `participantLabel` (P710 or any linked items): actors, keyed by their QIDs.

Precision (9 year, 10 month, 11 day, 8 decade, 7 century, 6 millennium; 12-14 are kept to the
day) becomes EDTF: `1969-07-20`, `1969-07`, `1969`, `196X`, `19XX`, `1XXX`. Values whose
calendar model is the Julian calendar (Q1985786) are converted to the proleptic Gregorian
calendar before keys are computed, at day precision (a Julian month or year is kept as it is).
Years are astronomical, as in the query service's xsd:dateTime (0 is 1 BC, -43 is 44 BC).
Each item's QID is its external id (dataset "wikidata"): a re-import updates it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import ijson  # no stubs; yajl in C (ignore_missing_imports in pyproject.toml)

from db.dates import parse_edtf
from db.errors import ChronicleError, DataImportError, ValidationError
from db.exchange.dataset_rows import (
    PreviewRow,
    RowProgress,
    RowSink,
    digest_of,
    preview_rows,
    row_error,
)
from db.exchange.encoding import check_json_size, load_json
from db.progress import Progress, no_progress

DATASET = "wikidata"
GREGORIAN = "Q1985727"
JULIAN = "Q1985786"
CIRCA = "Q5727902"
DATE_VARS = ("point", "start", "end", "earliest", "latest")
_TRUE = {"true", "1", CIRCA}


# ---------------------------------------------------------------- dates


def julian_to_gregorian(year: int, month: int, day: int) -> tuple[int, int, int]:
    """The proleptic Gregorian date of a Julian calendar date (astronomical years)."""
    # Julian day number of the Julian date, then its Gregorian civil date (Meeus, ch. 7).
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return 100 * b + d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def _parts(value: str) -> tuple[int, int, int]:
    """(year, month, day) of "+1969-07-20T00:00:00Z" / "-0043-03-15T00:00:00Z"."""
    text = value.strip()
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-").split("T", 1)[0]
    try:
        year, month, day = (int(p) for p in body.split("-"))
    except ValueError:
        raise ValidationError(f"{value!r} is not a Wikidata time value.") from None
    return sign * year, month, day


def _year_text(year: int) -> str:
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def wikidata_edtf(value: str, precision: str | int, calendar: str = "", circa: bool = False) -> str:
    """EDTF for one Wikidata time value at its precision and calendar model."""
    year, month, day = _parts(value)
    try:
        level = int(precision) if str(precision).strip() else 11
    except ValueError:
        raise ValidationError(f"precision {precision!r} is not a number.") from None
    if calendar.rstrip("/").endswith(JULIAN) and level >= 11 and month and day:
        year, month, day = julian_to_gregorian(year, month, day)
    if level >= 11:
        text = f"{_year_text(year)}-{month:02d}-{day:02d}"
    elif level == 10:
        text = f"{_year_text(year)}-{month:02d}"
    elif level == 9:
        text = _year_text(year)
    elif level in (6, 7, 8):
        digits = _year_text(year)
        keep = len(digits) - (9 - level)  # decade: all but the last digit; century: two less
        text = digits[:keep] + "X" * (9 - level)
    else:
        raise ValidationError(
            f"precision {level} (coarser than a millennium) cannot be placed on a timeline."
        )
    if circa:
        text += "~"
    parse_edtf(text)  # refuses impossible dates (month 13...) with the reason
    return text


def item_when(row: dict[str, str]) -> str:
    """The EDTF date of an item: its point in time, else start/end, else earliest/latest."""
    circa = row.get("circa", "").strip().rsplit("/", 1)[-1] in _TRUE

    def side(name: str, mark: bool) -> str | None:
        value = row.get(name, "").strip()
        if not value:
            return None
        return wikidata_edtf(
            value, row.get(f"{name}Precision", ""), row.get(f"{name}Calendar", ""), mark
        )

    point = side("point", circa)
    if point:
        return point
    start, end = side("start", circa), side("end", circa)
    if start or end:
        return f"{start or '..'}/{end or '..'}"
    earliest, latest = side("earliest", False), side("latest", False)
    if earliest or latest:
        # Sometime between the two: an interval whose ends are uncertain.
        return f"{(earliest + '?') if earliest else '..'}/{(latest + '?') if latest else '..'}"
    raise ValidationError("it has no date (point, start, end, earliest or latest).")


# ---------------------------------------------------------------- rows


def _qid(uri: str) -> str:
    return uri.strip().rstrip("/").rsplit("/", 1)[-1]


def _streamed_bindings(path: Path) -> Iterator[Any]:
    """The result rows of a SPARQL JSON file, parsed as they stream (ijson): the whole
    document parsed at once held ~10 times the file's size."""
    with open(path, "rb") as fh:
        if fh.read(3) != b"\xef\xbb\xbf":
            fh.seek(0)
        yield from ijson.items(fh, "results.bindings.item", use_float=True)


def _plain_rows(bindings: Iterable[Any], origin: str) -> Iterator[tuple[int, dict[str, str]]]:
    for number, binding in enumerate(bindings, start=1):
        if not isinstance(binding, dict):
            raise row_error(origin, number, None, "a result row must be an object", "row")
        yield (
            number,
            {k: str(v.get("value", "")) for k, v in binding.items() if isinstance(v, dict)},
        )


def _json_rows(path: Path, origin: str) -> Iterator[tuple[int, dict[str, str]]]:
    data = load_json(path)
    try:
        bindings = data["results"]["bindings"]
    except (TypeError, KeyError):
        raise DataImportError(
            f"{origin}: this is not a SPARQL JSON result (no results.bindings). "
            "Nothing was imported."
        ) from None
    if not isinstance(bindings, list):
        bindings = [bindings]  # refused below as a row that is not an object
    yield from _plain_rows(bindings, origin)


def _csv_rows(path: Path, origin: str) -> Iterator[tuple[int, dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if "item" not in (reader.fieldnames or []):
            raise DataImportError(
                f"{origin}: this is not a Wikidata result with an 'item' column. "
                "Nothing was imported."
            )
        for row in reader:
            yield reader.line_num, {k: v or "" for k, v in row.items() if k}


Items = dict[str, list[tuple[int, dict[str, str]]]]


def _grouped(rows: Iterator[tuple[int, dict[str, str]]], origin: str, unit: str) -> Items:
    """Rows of one item together (the query repeats an item once per participant)."""
    items: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for number, row in rows:
        if not row.get("item", "").strip():
            raise row_error(origin, number, "item", "the item is empty", unit)
        items.setdefault(_qid(row["item"]), []).append((number, row))
    return items


def _record(
    qid: str, rows: list[tuple[int, dict[str, str]]], sink: RowSink, digest: str
) -> dict[str, Any]:
    first = rows[0][1]
    actors = []
    for _number, row in rows:
        uri = row.get("participant", "").strip()
        if uri:
            name = row.get("participantLabel", "").strip() or _qid(uri)
            link = {"actor": sink.actor(name, key=_qid(uri)), "role": "participant"}
            if link not in actors:
                actors.append(link)
    citations = []
    article = first.get("article", "").strip()
    if article:
        citations.append({"source": sink.source(article, kind="web", url=article)})
    return {
        "title": first.get("itemLabel", "").strip() or qid,
        "summary": first.get("itemDescription", "").strip(),
        "when": item_when(first),
        "tags": ["Wikidata"],
        "actors": actors,
        "citations": citations,
        "_external": {"dataset": DATASET, "key": qid, "digest": digest, "data": {}},
    }


def result_items(path: Path) -> Items:
    """The rows of a result file grouped by item (the query repeats an item once per
    participant; rows of an item need not be next to each other).

    JSON streams; a file the stream cannot read (or that holds no result rows) is read whole,
    which words the fault with its line and column.
    """
    origin = path.name
    try:
        if path.suffix.lower() == ".json":
            check_json_size(path)
            try:
                items = _grouped(_plain_rows(_streamed_bindings(path), origin), origin, "row")
            except (ijson.JSONError, UnicodeDecodeError, RecursionError, ValueError):
                items = {}
            if not items:
                items = _grouped(_json_rows(path, origin), origin, "row")
            return items
        return _grouped(_csv_rows(path, origin), origin, "line")
    except (UnicodeDecodeError, csv.Error) as err:
        raise DataImportError(
            f"{origin}: not a readable query result (UTF-8 JSON or CSV): {err}. "
            "Nothing was imported."
        ) from err


def read_wikidata(
    path: Path, sink: RowSink, progress: Progress = no_progress
) -> Iterator[dict[str, Any]]:
    """Event records of a SPARQL result file, one per item."""
    path = Path(path)
    return item_records(path, result_items(path), sink, progress)


def item_records(
    path: Path, items: Items, sink: RowSink, progress: Progress = no_progress
) -> Iterator[dict[str, Any]]:
    """Event records of the grouped rows of a result file (`result_items`)."""
    origin = path.name
    unit = "row" if path.suffix.lower() == ".json" else "line"
    tick = RowProgress(progress, len(items))
    for qid, rows in items.items():
        tick()
        number = rows[0][0]
        try:
            digest = digest_of([json.dumps(row, sort_keys=True) for _n, row in rows])
            if not sink.wants(qid, digest):
                continue
            rec = _record(qid, rows, sink, digest)
        except ChronicleError as err:
            raise row_error(origin, number, None, f"{qid}: {err}", unit) from err
        rec["_where"] = f"{origin}, {unit} {number}"
        yield sink.event(rec)
    tick.finish()


def preview_wikidata(path: Path | str, limit: int = 20) -> list[PreviewRow]:
    return preview_rows(lambda sink: read_wikidata(Path(path), sink), limit)
