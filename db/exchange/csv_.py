"""CSV for spreadsheets: events (one file) or the whole library (a zip of CSV files).

Cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are prefixed
with an apostrophe on export; a leading apostrophe is escaped the same way, so our own import
can strip exactly one and every text round-trips. Lists inside a cell (actors, citations, tags)
are one item per line, with the parts of an item separated by " | " (backslash escapes).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from db.atomic import atomic_write
from db.dates import format_date
from db.engine import Library
from db.errors import DataImportError
from db.exchange.records import ImportReport, export_records, load_records
from db.progress import Progress, no_progress

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
EVENT_COLUMNS = (
    "id",
    "title",
    "when",
    "start",
    "end",
    "kind",
    "category",
    "importance",
    "color",
    "summary",
    "actors",
    "tags",
    "citations",
)
ACTOR_COLUMNS = ("id", "name", "kind", "aliases", "description", "color", "tags")
SOURCE_COLUMNS = (
    "id",
    "title",
    "authors",
    "publisher",
    "published",
    "url",
    "accessed",
    "kind",
    "reliability",
    "notes",
    "citation_key",
    "copy_of",
    "tags",
    "full_text",
)
RELATION_COLUMNS = (
    "id",
    "from_kind",
    "from_id",
    "to_kind",
    "to_id",
    "type",
    "valid",
    "notes",
    "citations",
)
TAG_COLUMNS = ("name", "color")
ZIP_MEMBERS = {
    "tags.csv": ("tags", TAG_COLUMNS),
    "actors.csv": ("actors", ACTOR_COLUMNS),
    "sources.csv": ("sources", SOURCE_COLUMNS),
    "events.csv": ("events", EVENT_COLUMNS),
    "relations.csv": ("relations", RELATION_COLUMNS),
}
MAX_FIELD = 20_000_000


# ---------------------------------------------------------------- cell encoding


def neutralise(cell: str) -> str:
    """Make a cell safe from spreadsheet formula execution (reversible by `restore_cell`)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore_cell(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def _escape(part: str) -> str:
    return part.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split on `sep` outside backslash escapes, then unescape each piece."""
    pieces, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            current.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        if text.startswith(sep, i):
            pieces.append("".join(current))
            current = []
            i += len(sep)
            continue
        current.append(ch)
        i += 1
    pieces.append("".join(current))
    return pieces


def join_items(items: Iterable[Iterable[Any]]) -> str:
    """Items, one per line, each a ' | '-joined row of parts."""
    return "\n".join(
        " | ".join(_escape("" if p is None else str(p)) for p in item) for item in items
    )


def split_items(cell: str) -> list[list[str]]:
    return [_split_escaped(line, " | ") for line in cell.split("\n") if line.strip()]


def _list_cell(values: list[str]) -> str:
    return join_items([v] for v in values)


def _list_from(cell: str) -> list[str]:
    return [item[0] for item in split_items(cell)]


# ---------------------------------------------------------------- export


def _readable_range(rec: dict[str, Any]) -> tuple[str, str]:
    when = rec["when"]
    if "/" in when:
        start, end = when.split("/", 1)
        return _readable(start), _readable(end)
    return _readable(when), ""


def _readable(edtf: str) -> str:
    try:
        return format_date(edtf) if edtf and edtf != ".." else ""
    except Exception:  # a readable column must never stop an export
        return edtf


def _event_row(rec: dict[str, Any], actor_names: dict, source_titles: dict) -> list[Any]:
    start, end = _readable_range(rec)
    actors = join_items((actor_names[p["actor"]], p["role"]) for p in rec["actors"])
    citations = join_items(
        (source_titles[c["source"]], c["locator"], c["credibility"], c["quote"])
        for c in rec["citations"]
    )
    return [
        rec["id"],
        rec["title"],
        rec["when"],
        start,
        end,
        rec["kind"],
        rec["category"],
        rec["importance"],
        rec["color"],
        rec["summary"],
        actors,
        _list_cell(rec["tags"]),
        citations,
    ]


def _section_rows(data: dict[str, Any], section: str) -> Iterator[list[Any]]:
    actor_names = {a["id"]: a["name"] for a in data["actors"]}
    source_titles = {s["id"]: s["title"] for s in data["sources"]}
    for rec in data[section]:
        if section == "events":
            yield _event_row(rec, actor_names, source_titles)
        elif section == "actors":
            yield [
                rec["id"],
                rec["name"],
                rec["kind"],
                _list_cell(rec["aliases"]),
                rec["description"],
                rec["color"],
                _list_cell(rec["tags"]),
            ]
        elif section == "sources":
            yield [
                rec["id"],
                rec["title"],
                _list_cell(rec["authors"]),
                rec["publisher"],
                rec["published"],
                rec["url"],
                rec["accessed"],
                rec["kind"],
                rec["reliability"],
                rec["notes"],
                rec["citation_key"],
                rec["copy_of"],
                _list_cell(rec["tags"]),
                rec["full_text"],
            ]
        elif section == "relations":
            citations = join_items(
                (source_titles[c["source"]], c["locator"], c["credibility"], c["quote"])
                for c in rec["citations"]
            )
            yield [
                rec["id"],
                rec["from"]["kind"],
                rec["from"]["id"],
                rec["to"]["kind"],
                rec["to"]["id"],
                rec["type"],
                rec["valid"],
                rec["notes"],
                citations,
            ]
        else:
            yield [rec["name"], rec["color"]]


def _write_csv(fh, columns: tuple[str, ...], rows: Iterable[list[Any]]) -> None:
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(str(v)) for v in row])


def export_csv(
    lib: Library, path: Path | str, *, bom: bool = False, progress: Progress = no_progress
) -> Path:
    """Write events to `path` (.csv), or the whole library as a zip of CSVs if it ends in .zip."""
    path = Path(path)
    progress(0, 1)
    data = export_records(lib)
    encoding = "utf-8-sig" if bom else "utf-8"
    if path.suffix.lower() == ".zip":
        with atomic_write(path, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, (section, columns) in ZIP_MEMBERS.items():
                buffer = io.StringIO()
                _write_csv(buffer, columns, _section_rows(data, section))
                zf.writestr(member, buffer.getvalue().encode(encoding))
    else:
        with atomic_write(path, "w", encoding=encoding, newline="") as fh:
            _write_csv(fh, EVENT_COLUMNS, _section_rows(data, "events"))
    progress(1, 1)
    return path


# ---------------------------------------------------------------- import


def _reader(text: str, origin: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """Rows of one of our CSVs as (line number, {column: restored text})."""
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise DataImportError(f"{origin} is empty.")
        missing = [c for c in ("title",) if c in columns and c not in header]
        if missing or not set(header) <= set(columns):
            unknown = sorted(set(header) - set(columns))
            raise DataImportError(
                f"{origin}, line 1: the header is not Chronicle's "
                f"(unexpected columns: {', '.join(unknown) or 'none'}; "
                f"expected: {', '.join(columns)}). Use Import Spreadsheet to map its columns."
            )
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise DataImportError(
                    f"{origin}, line {reader.line_num}: {len(row)} cells where the header has "
                    f"{len(header)}. Nothing was imported.",
                    line=reader.line_num,
                )
            yield reader.line_num, {h: restore_cell(c) for h, c in zip(header, row, strict=True)}
    except csv.Error as err:
        raise DataImportError(
            f"{origin}, line {reader.line_num}: {err}. Nothing was imported.", line=reader.line_num
        ) from err


def _opt_int(value: str, origin: str, line: int, column: str) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise DataImportError(
            f"{origin}, line {line}, column '{column}': {value!r} is not a whole number. "
            "Nothing was imported.",
            line=line,
            column=column,
        ) from None


class _ByLabel:
    """Actors and sources met by name/title in events.csv, created on first sight."""

    def __init__(self, data: dict[str, Any], section: str, label: str):
        self.data, self.section, self.label = data, section, label
        self.ids = {rec[label]: rec["id"] for rec in data[section]}

    def ref(self, text: str, where: str) -> Any:
        if text not in self.ids:
            self.ids[text] = f"{self.label}:{text}"
            self.data[self.section].append(
                {"id": self.ids[text], self.label: text, "_where": where}
            )
        return self.ids[text]


def _citations(cell: str, sources: _ByLabel, origin: str, line: int) -> list[dict]:
    result = []
    where = f"{origin}, line {line}, column 'citations'"
    for parts in split_items(cell):
        title, locator, credibility, quote = (parts + [""] * 4)[:4]
        result.append(
            {
                "source": sources.ref(title, where),
                "locator": locator,
                "quote": quote,
                "credibility": _opt_int(credibility, origin, line, "citations"),
            }
        )
    return result


def _records_from_events(
    rows: Iterable[tuple[int, dict]], origin: str, data: dict[str, Any]
) -> None:
    """Turn events.csv rows into records; actors and sources are matched by name/title."""
    actors_by_name = _ByLabel(data, "actors", "name")
    sources_by_title = _ByLabel(data, "sources", "title")
    for line, row in rows:
        where = f"{origin}, line {line}"
        actors = []
        for parts in split_items(row.get("actors", "")):
            name, role = [*parts, ""][:2]
            ref = actors_by_name.ref(name, f"{where}, column 'actors'")
            actors.append({"actor": ref, "role": role})
        record = {
            "_where": where,
            "id": _opt_int(row.get("id", ""), origin, line, "id"),
            "title": row.get("title", ""),
            "when": row.get("when", ""),
            "summary": row.get("summary", ""),
            "category": row.get("category", ""),
            "color": row.get("color") or None,
            "tags": _list_from(row.get("tags", "")),
            "actors": actors,
            "citations": _citations(row.get("citations", ""), sources_by_title, origin, line),
        }
        if row.get("kind"):
            record["kind"] = row["kind"]
        if row.get("importance", "").strip():
            record["importance"] = row["importance"].strip()
        data["events"].append(record)


def _records_from_section(
    section: str, rows: Iterable[tuple[int, dict]], origin: str, data
) -> None:
    sources = _ByLabel(data, "sources", "title")
    for line, row in rows:
        where = f"{origin}, line {line}"
        if section == "tags":
            data["tags"].append({"name": row.get("name", ""), "color": row.get("color") or None})
        elif section == "actors":
            data["actors"].append(
                {
                    "_where": where,
                    "id": _opt_int(row.get("id", ""), origin, line, "id"),
                    "name": row.get("name", ""),
                    "kind": row.get("kind") or "other",
                    "aliases": _list_from(row.get("aliases", "")),
                    "description": row.get("description", ""),
                    "color": row.get("color") or None,
                    "tags": _list_from(row.get("tags", "")),
                }
            )
        elif section == "sources":
            rec = {
                "_where": where,
                "id": _opt_int(row.get("id", ""), origin, line, "id"),
                "authors": _list_from(row.get("authors", "")),
                "tags": _list_from(row.get("tags", "")),
                "copy_of": _opt_int(row.get("copy_of", ""), origin, line, "copy_of"),
            }
            for col in (
                "title",
                "publisher",
                "published",
                "url",
                "accessed",
                "kind",
                "reliability",
                "notes",
                "citation_key",
                "full_text",
            ):
                if row.get(col):
                    rec[col] = row[col]
            data["sources"].append(rec)
        elif section == "relations":
            data["relations"].append(
                {
                    "_where": where,
                    "id": _opt_int(row.get("id", ""), origin, line, "id"),
                    "from": {
                        "kind": row.get("from_kind"),
                        "id": _opt_int(row.get("from_id", ""), origin, line, "from_id"),
                    },
                    "to": {
                        "kind": row.get("to_kind"),
                        "id": _opt_int(row.get("to_id", ""), origin, line, "to_id"),
                    },
                    "type": row.get("type", ""),
                    "valid": row.get("valid") or None,
                    "notes": row.get("notes", ""),
                    "citations": _citations(row.get("citations", ""), sources, origin, line),
                }
            )


def _decode(raw: bytes, origin: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataImportError(
            f"{origin}, line {line}: not valid UTF-8 (byte {err.start}); save the file as UTF-8. "
            "Nothing was imported.",
            line=line,
        ) from err


def read_csv_records(path: Path | str) -> dict[str, Any]:
    """Our CSV (events) or zip of CSVs, as records ready for `load_records`."""
    path = Path(path)
    data: dict[str, Any] = {
        name: [] for name in ("tags", "actors", "sources", "events", "relations")
    }
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataImportError(f"Cannot read {path}: {err.strerror}.") from err
    if zipfile.is_zipfile(io.BytesIO(raw)):
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            names = set(zf.namelist())
            for member, (section, columns) in ZIP_MEMBERS.items():
                if member not in names:
                    continue
                origin = f"{path.name}/{member}"
                text = _decode(zf.read(member), origin)
                rows = _reader(text, origin, columns)
                if section == "events":
                    _records_from_events(rows, origin, data)
                else:
                    _records_from_section(section, rows, origin, data)
    else:
        text = _decode(raw, path.name)
        _records_from_events(_reader(text, path.name, EVENT_COLUMNS), path.name, data)
    return data


def import_csv(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> ImportReport:
    """Import our events CSV (or zip of CSVs) into `lib`: all rows, or on any error none."""
    path = Path(path)
    return load_records(lib, read_csv_records(path), origin=path.name, progress=progress)
