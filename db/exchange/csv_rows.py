"""Reading our CSV files back into records: decoding, rows, and the records they describe.

Files are read line by line (never whole), so an events.csv of a million rows streams into
`load_records` in one pass. Actors and sources that events.csv names are created on first
sight: appended to their sections, which `load_records` loads before the naming event.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from db.errors import DataImportError
from db.exchange.csv_cells import SOURCE_COLUMNS, list_from, restore_cell, split_items
from db.exchange.csv_places import PlacedRecords, RowPlace
from db.exchange.limits import (
    MAX_HELD_ROWS,
    MAX_LINE_CHARS,
    checked_line,
    held_rows_refusal,
    read_lines,
    summarised,
)

MAX_FIELD = 20_000_000
# One CSV row as {column: cell text}, and a record built from rows (what `load_records` takes).
Row = dict[str, str]
Record = dict[str, Any]


def text_lines(open_binary: Callable[[], IO[bytes]], origin: str) -> Iterator[str]:
    """The lines of a UTF-8 file (a BOM is dropped); a bad byte names its line."""
    with open_binary() as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as fh:
        try:
            yield from read_lines(fh, origin)
            return
        except UnicodeDecodeError:
            pass  # decoding runs by blocks: find the exact line below, then refuse the file
    with open_binary() as raw:
        lines = iter(lambda: raw.readline(MAX_LINE_CHARS + 1), b"")
        for number, line in enumerate(lines, 1):
            checked_line(line, number, origin)
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as err:
                raise DataImportError(
                    f"{origin}, line {number}: not valid UTF-8 (byte {err.start + 1} of the "
                    "line); save the file as UTF-8. Nothing was imported.",
                    line=number,
                ) from err
    raise DataImportError(f"{origin}: not valid UTF-8; save the file as UTF-8.")


def read_rows(
    lines: Iterable[str], origin: str, columns: tuple[str, ...]
) -> Iterator[tuple[RowPlace, Row]]:
    """Rows of one of our CSVs as (place, {column: restored text})."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(lines, strict=True)
    records = PlacedRecords(reader)
    try:
        _place, header = next(records, (None, None))
        if header is None:
            raise DataImportError(f"{origin} is empty.")
        missing = [c for c in ("title",) if c in columns and c not in header]
        if missing or not set(header) <= set(columns):
            unknown = sorted(set(header) - set(columns))
            raise DataImportError(
                f"{origin}, line 1: the header is not Chronicle's "
                f"(unexpected columns: {summarised(unknown) or 'none'}; "
                f"expected: {', '.join(columns)}). Use Import Spreadsheet to map its columns."
            )
        width = len(header)
        for place, row in records:
            joined = "\x00".join(row)
            if not joined.replace("\x00", "").strip():
                continue
            if len(row) != width:
                raise DataImportError(
                    f"{origin}, {place}: {len(row)} cells where the header has "
                    f"{width}. Nothing was imported.",
                    line=place.first_line,
                )
            if joined.startswith("'") or "\x00'" in joined:
                row = [restore_cell(cell) for cell in row]
            yield place, dict(zip(header, row, strict=True))
    except csv.Error as err:
        place = records.current()
        raise DataImportError(
            f"{origin}, {place}: {err}. Nothing was imported.", line=place.first_line
        ) from err


def _opt_int(value: str, origin: str, place: RowPlace, column: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise DataImportError(
            f"{origin}, {place}, column '{column}': {value!r} is not a whole number. "
            "Nothing was imported.",
            line=place.first_line,
            column=column,
        ) from None


class ByLabel:
    """Actors and sources met by name/title in events.csv, created on first sight."""

    def __init__(self, data: dict[str, Any], section: str, label: str):
        self.data, self.section, self.label = data, section, label
        self.ids = {rec[label]: rec["id"] for rec in data[section]}

    def ref(self, text: str, where: str) -> Any:
        if text not in self.ids:
            if len(self.data[self.section]) >= MAX_HELD_ROWS:
                raise held_rows_refusal(where.split(",")[0], self.section)
            self.ids[text] = f"{self.label}:{text}"
            self.data[self.section].append(
                {"id": self.ids[text], self.label: text, "_where": where}
            )
        return self.ids[text]


def _citations(cell: str, sources: ByLabel, origin: str, place: RowPlace) -> list[Record]:
    result = []
    where = f"{origin}, {place}, column 'citations'"
    for parts in split_items(cell):
        title, locator, credibility, quote, reported, asserted = (parts + [""] * 6)[:6]
        cited: Record = {
            "source": sources.ref(title, where),
            "locator": locator,
            "quote": quote,
            "credibility": _opt_int(credibility, origin, place, "citations"),
        }
        cited |= {"reported": reported} if reported else {}
        cited |= {"asserted": asserted} if asserted else {}
        result.append(cited)
    return result


def event_records(
    rows: Iterable[tuple[RowPlace, Row]], origin: str, actors: ByLabel, sources: ByLabel
) -> Iterator[dict[str, Any]]:
    """Events.csv rows as records; actors and sources are matched by name/title."""
    for place, row in rows:
        where = f"{origin}, {place}"
        participants = []
        for parts in split_items(row.get("actors", "")):
            name, role = [*parts, ""][:2]
            ref = actors.ref(name, f"{where}, column 'actors'")
            participants.append({"actor": ref, "role": role})
        record: Record = {
            "_where": where,
            "id": _opt_int(row.get("id", ""), origin, place, "id"),
            "title": row.get("title", ""),
            "when": row.get("when", ""),
            "summary": row.get("summary", ""),
            "category": row.get("category", ""),
            "color": row.get("color") or None,
            "tags": list_from(row.get("tags", "")),
            "actors": participants,
            "citations": _citations(row.get("citations", ""), sources, origin, place),
        }
        if row.get("kind"):
            record["kind"] = row["kind"]
        if row.get("importance", "").strip():
            record["importance"] = row["importance"].strip()
        yield _with_uuid(record, row)


# Source columns holding plain text (the others are ids or lists).
_SOURCE_TEXT_COLUMNS = tuple(
    c for c in SOURCE_COLUMNS if c not in ("id", "authors", "copy_of", "tags")
)


def _section_record(
    section: str, place: RowPlace, row: Row, origin: str, sources: ByLabel | None
) -> Record:
    where = f"{origin}, {place}"
    if section == "tags":
        return {"name": row.get("name", ""), "color": row.get("color") or None}
    if section == "actors":
        return _with_uuid(
            {
                "_where": where,
                "id": _opt_int(row.get("id", ""), origin, place, "id"),
                "name": row.get("name", ""),
                "kind": row.get("kind") or "other",
                "aliases": list_from(row.get("aliases", "")),
                "description": row.get("description", ""),
                "color": row.get("color") or None,
                "tags": list_from(row.get("tags", "")),
            },
            row,
        )
    if section == "sources":
        rec: Record = {
            "_where": where,
            "id": _opt_int(row.get("id", ""), origin, place, "id"),
            "authors": list_from(row.get("authors", "")),
            "tags": list_from(row.get("tags", "")),
            "copy_of": _opt_int(row.get("copy_of", ""), origin, place, "copy_of"),
        }
        rec.update((col, row[col]) for col in _SOURCE_TEXT_COLUMNS if row.get(col))
        return rec
    if sources is None:  # a caller error: relations cite sources by title
        raise TypeError("relations need `sources` to resolve their citations")
    return _with_uuid(
        {
            "_where": where,
            "id": _opt_int(row.get("id", ""), origin, place, "id"),
            "from": {
                "kind": row.get("from_kind"),
                "id": _opt_int(row.get("from_id", ""), origin, place, "from_id"),
            },
            "to": {
                "kind": row.get("to_kind"),
                "id": _opt_int(row.get("to_id", ""), origin, place, "to_id"),
            },
            "type": row.get("type", ""),
            "valid": row.get("valid") or None,
            "notes": row.get("notes", ""),
            "citations": _citations(row.get("citations", ""), sources, origin, place),
        },
        row,
    )


def _with_uuid(record: Record, row: Row) -> Record:
    """The record with the row's UUID, when the file has one (older exports do not)."""
    if row.get("uuid", "").strip():
        record["uuid"] = row["uuid"].strip()
    return record


def add_section_records(
    section: str,
    rows: Iterable[tuple[RowPlace, Row]],
    origin: str,
    data: dict[str, Any],
    sources: ByLabel | None = None,
) -> None:
    """Append the records of tags/actors/sources/relations.csv rows to `data[section]`.

    Relations cite sources by title; `sources` resolves them (and creates unknown ones).
    """
    held = data[section]
    for place, row in rows:
        if len(held) >= MAX_HELD_ROWS:
            raise held_rows_refusal(origin, section)
        held.append(_section_record(section, place, row, origin, sources))
