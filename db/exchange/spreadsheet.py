"""A user's own spreadsheet (any CSV): preview it, map its columns to event fields, import.

The file is sniffed (delimiter, and encoding by `encoding.guess_encoding`, unless the mapping
names one) and read as text,
never as formulas. Dates are read by `db.dates.parse_date` (friendly text or
EDTF); all-number dates like 28/07/2024 are read day-first or month-first as the mapping says.
Actors named in a cell are matched by name with the library's, else created.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from db.errors import ChronicleError, DataImportError
from db.exchange.csv_places import PlacedRecords, RowPlace
from db.exchange.encoding import EncodingGuess, chosen_encoding, guess_encoding
from db.exchange.limits import MAX_COLUMNS, MAX_HELD_ROWS, held_rows_refusal, read_lines
from db.exchange.records import sentence
from db.progress import Progress, no_progress
from db.store.fields import column_values

# The event fields a column can feed, with the names shown to users.
FIELDS = {
    "when": "Date",
    "end": "End date",
    "title": "Title",
    "summary": "Summary",
    "actors": "Actors",
    "tags": "Tags",
    "category": "Category",
}
REQUIRED = ("when", "title")
NUMERIC_DATE_ORDERS = ("", "day-first", "month-first")
_SYNONYMS = {
    "when": ("date", "when", "start", "start date", "begin", "day", "year", "datum", "fecha"),
    "end": ("end", "end date", "until", "to", "finish", "end year"),
    "title": ("title", "headline", "event", "name", "what", "subject"),
    "summary": ("summary", "description", "text", "details", "notes", "body"),
    "actors": ("actors", "actor", "people", "persons", "who", "participants", "parties"),
    "tags": ("tags", "tag", "keywords", "labels", "topics"),
    "category": ("category", "type", "kind", "group", "theme"),
}
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*")
_SNIFF_BYTES = 64 * 1024
_SNIFF_CHARS = 4096
_DELIMITERS = ",;\t|"
MAX_FIELD = 10_000_000


@dataclass
class ColumnMapping:
    """Which header feeds which event field, and how to split and read cells."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    actor_separator: str = ";"
    tag_separator: str = ";"
    numeric_dates: str = ""  # "", "day-first" or "month-first"
    encoding: str | None = None  # a codec the user chose; None: detect it

    def header(self, name: str) -> str | None:
        return self.columns.get(name) or None


@dataclass(frozen=True)
class SheetRow:
    place: RowPlace  # spreadsheet row and the file's lines it spans
    cells: dict[str, str]  # header -> text

    @property
    def line(self) -> int:
        """The first line of the row in the file (a key for the row)."""
        return self.place.first_line


@dataclass(frozen=True)
class RowError:
    place: RowPlace
    column: str
    message: str

    @property
    def line(self) -> int:
        return self.place.first_line

    def __str__(self) -> str:
        where = f"{self.place}" + (f", column '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class SheetPreview:
    headers: list[str]
    rows: list[SheetRow]
    delimiter: str
    encoding: str
    encoding_guess: EncodingGuess | None = None  # how the encoding was found, for the dialog


# ---------------------------------------------------------------- reading any CSV


def _delimiter(sample: str) -> str:
    # csv.Sniffer's regexes take cubic time on some quote patterns (64 KB of '"a"b"c,': 32 s);
    # a few kilobytes of whole lines tell the delimiter just as well.
    sample = sample[:_SNIFF_CHARS]
    if "\n" in sample[_SNIFF_CHARS // 2 :]:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # Rows of uneven width defeat the sniffer: go by the header line, else a comma.
        header = sample.lstrip("\r\n").split("\n", 1)[0]
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def _unique_headers(raw: list[str], origin: str) -> list[str]:
    """Header names made unique ("Name", "Name (2)"...), in time linear in their number."""
    if len(raw) > MAX_COLUMNS:
        raise DataImportError(
            f"{origin}: the header has {len(raw):,} columns, more than {MAX_COLUMNS:,} (the "
            "limit). Nothing was imported."
        )
    names = [name.strip() or f"Column {index}" for index, name in enumerate(raw, 1)]
    taken = set(names)
    next_number: dict[str, int] = {}
    headers: list[str] = []
    seen: set[str] = set()
    for name in names:
        unique, n = name, next_number.get(name, 2)
        while unique in seen or (unique != name and unique in taken):
            unique, n = f"{name} ({n})", n + 1
        if unique != name:
            next_number[name] = n
        seen.add(unique)
        headers.append(unique)
    return headers


class _Sheet:
    """An open CSV: its encoding, delimiter and headers, and its rows as `SheetRow`s."""

    def __init__(self, path: Path, encoding: str | None = None):
        self.path = Path(path)
        with chosen_encoding(encoding):
            self.guess = guess_encoding(self.path)
        self.encoding = self.guess.codec
        with self.path.open(encoding=self.encoding, newline="") as fh:
            self.delimiter = _delimiter(fh.read(_SNIFF_BYTES))

    def _reader(self, fh: IO[str]) -> Iterator[list[str]]:
        csv.field_size_limit(MAX_FIELD)
        # strict: a quote left open is an error, not every later row merged into one cell.
        lines = read_lines(fh, self.path.name)
        return csv.reader(lines, delimiter=self.delimiter, strict=True)

    def rows(self) -> Iterator[SheetRow]:
        """Rows after the header (the first non-empty line); blank rows are skipped."""
        with self.path.open(encoding=self.encoding, newline="") as fh:
            records = PlacedRecords(self._reader(fh))
            try:
                headers = None
                for place, cells in records:
                    if not any(c.strip() for c in cells):
                        continue
                    if headers is None:
                        headers = self.headers = _unique_headers(cells, self.path.name)
                        yield SheetRow(place, {})  # marks the header line
                        continue
                    padded = [*cells, *[""] * (len(headers) - len(cells))]
                    yield SheetRow(place, dict(zip(headers, padded, strict=False)))
            except csv.Error as err:
                place = records.current()
                raise DataImportError(
                    f"{self.path.name}, {place}: {err}. Nothing was imported.",
                    line=place.first_line,
                ) from err

    def data_rows(self) -> Iterator[SheetRow]:
        rows = self.rows()
        if next(rows, None) is None:
            raise DataImportError(f"{self.path.name} is empty.")
        return rows


def preview(path: Path | str, limit: int = 200, encoding: str | None = None) -> SheetPreview:
    """Headers and the first `limit` rows of any CSV, with the encoding and delimiter found
    (or the `encoding` chosen)."""
    sheet = _Sheet(Path(path), encoding)
    rows: list[SheetRow] = []
    for row in sheet.data_rows():
        if len(rows) >= limit:
            break
        rows.append(row)
    return SheetPreview(sheet.headers, rows, sheet.delimiter, sheet.encoding, sheet.guess)


def count_rows(path: Path | str, encoding: str | None = None) -> int:
    """Data rows of the CSV (for progress and the dialog's summary)."""
    return sum(1 for _row in _Sheet(Path(path), encoding).data_rows())


# ---------------------------------------------------------------- mapping


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


def guess_mapping(headers: list[str], rows: Iterable[SheetRow] = ()) -> ColumnMapping:
    """A first mapping from header names (and sample rows, for separators and date order)."""
    mapping = ColumnMapping()
    for name, synonyms in _SYNONYMS.items():
        for header in headers:
            if _normal(header) in synonyms and header not in mapping.columns.values():
                mapping.columns[name] = header
                break
    rows = list(rows)
    for name in ("actors", "tags"):
        chosen = mapping.header(name)
        cells = [row.cells.get(chosen, "") for row in rows] if chosen else []
        if any(";" not in c and "," in c for c in cells) and not any(";" in c for c in cells):
            setattr(mapping, f"{name[:-1]}_separator", ",")
    mapping.numeric_dates = _guess_date_order(
        [row.cells.get(mapping.header(n) or "", "") for row in rows for n in ("when", "end")]
    )
    return mapping


def _guess_date_order(cells: list[str]) -> str:
    """'day-first' if some all-number date only reads day-first (31/01/2024), and so on."""
    for cell in cells:
        match = _NUMERIC_DATE.fullmatch(cell)
        if match and int(match[1]) > 12:
            return "day-first"
        if match and int(match[2]) > 12:
            return "month-first"
    return ""


# ---------------------------------------------------------------- rows to records


class _CellError(ChronicleError):
    """A cell that cannot be imported: its column, and why (a sentence)."""

    def __init__(self, column: str, message: str):
        super().__init__(sentence(message))
        self.column = column


def _date_text(cell: str, order: str) -> str:
    match = _NUMERIC_DATE.fullmatch(cell)
    if not match or not order:
        return cell
    first, second, year = int(match[1]), int(match[2]), match[3]
    day, month = (first, second) if order == "day-first" else (second, first)
    return f"{year}-{month:02d}-{day:02d}"


def _edtf(cell: str, mapping: ColumnMapping, column: str) -> str:
    try:
        values = column_values("event", {"when": _date_text(cell, mapping.numeric_dates)})
        edtf: str = values["when_edtf"]
        return edtf
    except ChronicleError as err:
        raise _CellError(column, str(err)) from None


def _when(row: SheetRow, mapping: ColumnMapping) -> str:
    header = mapping.header("when") or ""
    cell = row.cells.get(header, "").strip()
    if not cell:
        raise _CellError(header, "no date; every event needs one.")
    start = _edtf(cell, mapping, header)
    end_header = mapping.header("end")
    end_cell = row.cells.get(end_header, "").strip() if end_header else ""
    if end_header is None or not end_cell:
        return start
    if "/" in start:
        raise _CellError(end_header, "the date is already a range, so it cannot have an end.")
    end = _edtf(end_cell, mapping, end_header)
    if "/" in end:
        raise _CellError(end_header, "an end date cannot be a range.")
    return _edtf(f"{start}/{end}", mapping, end_header)


def _split(cell: str, separator: str) -> list[str]:
    parts = cell.split(separator) if separator else [cell]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _text_fields(row: SheetRow, mapping: ColumnMapping) -> dict[str, str]:
    fields = {}
    for name in ("title", "summary", "category"):
        header = mapping.header(name)
        if header is None:
            continue
        value = row.cells.get(header, "").strip()
        try:
            column_values("event", {name: value})
        except ChronicleError as err:
            raise _CellError(header, str(err)) from None
        fields[name] = value
    if not fields.get("title"):
        raise _CellError(mapping.header("title") or "", "no title; every event needs one.")
    return fields


def _cell(row: SheetRow, header: str | None) -> str:
    """The row's text under `header`; "" when the field is not mapped."""
    return row.cells.get(header, "") if header is not None else ""


def event_record(row: SheetRow, mapping: ColumnMapping) -> dict[str, Any]:
    """The event record of one row (actors by name); _CellError names a bad cell."""
    record: dict[str, Any] = _text_fields(row, mapping)
    record["when"] = _when(row, mapping)
    tags_header, actors_header = mapping.header("tags"), mapping.header("actors")
    record["tags"] = _split(_cell(row, tags_header), mapping.tag_separator)
    names = _split(_cell(row, actors_header), mapping.actor_separator)
    for name in names:
        try:
            column_values("actor", {"name": name})
        except ChronicleError as err:
            raise _CellError(actors_header or "", str(err)) from None
    record["actor_names"] = names
    return record


def _missing_columns(mapping: ColumnMapping, headers: Iterable[str]) -> list[str]:
    known = set(headers)
    problems = [f"choose the column holding the {FIELDS[n].lower()}" for n in REQUIRED]
    problems = [p for n, p in zip(REQUIRED, problems, strict=True) if not mapping.header(n)]
    problems += [
        f"there is no column '{h}'" for h in mapping.columns.values() if h and h not in known
    ]
    return problems


def validate(rows: Iterable[SheetRow], mapping: ColumnMapping) -> list[RowError]:
    """Every problem the rows would meet on import, as (place, column, message)."""
    errors = []
    for row in rows:
        try:
            event_record(row, mapping)
        except _CellError as err:
            errors.append(RowError(row.place, err.column, str(err)))
    return errors


@dataclass
class SheetCheck:
    """The result of checking a whole file against a mapping (for the dialog)."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    problems: list[str] = field(default_factory=list)  # mapping problems (no date column...)


def check_file(
    path: Path | str, mapping: ColumnMapping, *, progress: Progress = no_progress, keep: int = 500
) -> SheetCheck:
    """Validate every row of the file; keep the first `keep` errors."""
    sheet = _Sheet(Path(path), mapping.encoding)
    result = SheetCheck()
    rows = sheet.data_rows()
    result.problems = _missing_columns(mapping, sheet.headers)
    if result.problems:
        return result
    for row in rows:
        result.rows += 1
        for error in validate([row], mapping):
            result.error_count += 1
            if len(result.errors) < keep:
                result.errors.append(error)
        if result.rows % 1000 == 0:
            progress(result.rows, 0)  # the total is unknown until the end
    return result


# ---------------------------------------------------------------- import


def _records(
    rows: Iterator[SheetRow],
    mapping: ColumnMapping,
    origin: str,
    data: dict[str, Any],
    skipped: list[RowError] | None,
    known: dict[str, int],
) -> Iterator[dict[str, Any]]:
    """Event records of the rows; actors met by name are appended to data["actors"]."""
    refs: dict[str, str] = {}
    for row in rows:
        try:
            record = event_record(row, mapping)
        except _CellError as err:
            error = RowError(row.place, err.column, str(err))
            if skipped is None:
                raise DataImportError(
                    f"{origin}, {error} Nothing was imported.", line=row.line, column=err.column
                ) from None
            skipped.append(error)
            continue
        participants = []
        for name in record.pop("actor_names"):
            if name not in refs:
                if len(refs) >= MAX_HELD_ROWS:
                    raise held_rows_refusal(origin, "actors")
                refs[name] = f"name:{name}"
                actor = {"id": refs[name], "name": name, "kind": "other"}
                if name in known:
                    actor = {"id": refs[name], "name": name, "_library_id": known[name]}
                data["actors"].append(actor)
            participants.append({"actor": refs[name], "role": ""})
        record["actors"] = participants
        record["_where"] = f"{origin}, {row.place}"
        yield record


def mapped_records(
    path: Path,
    mapping: ColumnMapping,
    known_actors: dict[str, int],
    skipped: list[RowError] | None,
) -> tuple[dict[str, Any], int]:
    """The rows of a user's spreadsheet as event records (streamed), and how many rows.

    `known_actors` (name -> library id) links named actors to the library's; failing rows
    are collected in `skipped` when it is a list, else they stop the import.
    """
    sheet = _Sheet(path, mapping.encoding)
    rows = sheet.data_rows()
    problems = _missing_columns(mapping, sheet.headers)
    if problems:
        raise DataImportError(f"{path.name}: {'; '.join(problems)}. Nothing was imported.")
    total = count_rows(path, mapping.encoding)
    data: dict[str, Any] = {"actors": []}
    data["events"] = _records(rows, mapping, path.name, data, skipped, known_actors)
    return data, total
