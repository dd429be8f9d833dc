"""CSV for spreadsheets: events (one file) or the whole library (a zip of CSV files).

Cell encoding (formula neutralisation, lists in a cell) is in `csv_cells`; reading rows back
into records in `csv_rows`. Both directions stream, page by page and line by line.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, cast

from db.atomic import atomic_write
from db.engine import Library
from db.errors import DataImportError
from db.exchange.csv_cells import (
    DATE_COLUMNS,
    EVENT_COLUMNS,
    ZIP_MEMBERS,
    EscapedParts,
    list_cell,
    neutralise,
    restore_cell,
)
from db.exchange.csv_halves import library_reading, write_events
from db.exchange.csv_places import RowPlace
from db.exchange.csv_rows import (
    ByLabel,
    Row,
    add_section_records,
    event_records,
    read_rows,
    text_lines,
)
from db.exchange.library_records import (
    iter_records,
    labels,
    record_counts,
)
from db.exchange.limits import bounded, expansion_refusal, zip_allowance
from db.exchange.records import SECTIONS, Ticker, cycle_collector_paused
from db.progress import Progress, no_progress

__all__ = ["csv_records", "export_csv", "neutralise", "read_csv_records", "restore_cell"]
# Zip members larger than 2 GiB need ZIP64; switch it on for libraries that could get there.
_ZIP64_RECORDS = 200_000


# ---------------------------------------------------------------- export


_CHUNK = 1_000  # rows of the small sections written per call


class _RowMaker:
    """Turns records of the small sections into CSV rows; sources are cited by title.

    Cells are built as `join_items` would, from remembered escapes. Events are written by
    `csv_event_sheet`.
    """

    def __init__(self, source_titles: dict[int, str]):
        self.esc = EscapedParts()
        self.source_titles = {key: self.esc[title] for key, title in source_titles.items()}

    def row(self, section: str, rec: dict[str, Any]) -> list[Any]:
        make: Callable[[dict[str, Any]], list[Any]] = getattr(self, section)
        return make(rec)

    def _cited(self, citations: Iterable[tuple[Any, ...]]) -> str:
        """The citations cell; `citations` are (source, locator, quote, credibility, reported,
        asserted); the two dates are written only when set."""
        esc, titles = self.esc, self.source_titles
        items = []
        for source, locator, quote, credibility, reported, asserted in citations:
            item = f"{titles[source]} | {esc[locator]} | {esc[credibility]} | {esc[quote]}"
            if reported or asserted:
                item += f" | {esc[reported or '']} | {esc[asserted or '']}"
            items.append(item)
        return "\n".join(items)

    def _cited_records(self, citations: list[dict[str, Any]]) -> str:
        return self._cited(
            (
                c["source"],
                c["locator"],
                c["quote"],
                c["credibility"],
                c.get("reported"),
                c.get("asserted"),
            )
            for c in citations
        )

    def actors(self, rec: dict[str, Any]) -> list[Any]:
        return [
            rec["id"],
            rec["name"],
            rec["kind"],
            list_cell(rec["aliases"]),
            rec["description"],
            rec["color"],
            list_cell(rec["tags"]),
            rec["uuid"],
        ]

    def sources(self, rec: dict[str, Any]) -> list[Any]:
        return [
            rec["id"],
            rec["title"],
            list_cell(rec["authors"]),
            rec["publisher"],
            rec["published"],
            rec["url"],
            rec["accessed"],
            rec["kind"],
            rec["reliability"],
            rec["notes"],
            rec["citation_key"],
            rec["copy_of"],
            list_cell(rec["tags"]),
            rec["full_text"],
            rec["uuid"],
        ]

    def relations(self, rec: dict[str, Any]) -> list[Any]:
        return [
            rec["id"],
            rec["from"]["kind"],
            rec["from"]["id"],
            rec["to"]["kind"],
            rec["to"]["id"],
            rec["type"],
            rec["valid"],
            rec["notes"],
            self._cited_records(rec["citations"]),
            rec["uuid"],
        ]

    def tags(self, rec: dict[str, Any]) -> list[Any]:
        return [rec["name"], rec["color"]]


def write_csv_pages(
    fh: IO[str], columns: Iterable[str], pages: Iterable[Sequence[Sequence[Any]]], tick: Ticker
) -> None:
    """Write a header, then pages of rows (cells already neutralised), a page per call."""
    writer = csv.writer(fh, lineterminator="\r\n")  # it writes None as an empty cell
    writer.writerow(columns)
    for rows in pages:
        writer.writerows(rows)
        tick.advance(len(rows))


def _neutralised(row: list[Any], columns: tuple[str, ...]) -> list[str]:
    """The cells of a row as text, free text neutralised and validated dates as they are."""
    return [
        "" if v is None else str(v) if column in DATE_COLUMNS else neutralise(str(v))
        for column, v in zip(columns, row, strict=True)
    ]


def export_csv(
    lib: Library, path: Path | str, *, bom: bool = False, progress: Progress = no_progress
) -> Path:
    """Write events to `path` (.csv), or the whole library as a zip of CSVs if it ends in .zip."""
    path = Path(path)
    encoding = "utf-8-sig" if bom else "utf-8"
    as_zip = path.suffix.lower() == ".zip"
    with cycle_collector_paused(), library_reading(lib) as (conn, view):
        counts = record_counts(conn)
        total = sum(counts.values()) if as_zip else counts["events"]
        tick = Ticker(progress, total)
        tick.start()
        maker = _RowMaker(labels(conn, "source"))

        def pages(section: str) -> Iterator[Sequence[Sequence[Any]]]:
            records = iter_records(conn, section)
            chunks = iter(lambda: list(itertools.islice(records, _CHUNK)), [])
            columns = ZIP_MEMBERS[f"{section}.csv"][1]
            return (
                [_neutralised(maker.row(section, rec), columns) for rec in chunk]
                for chunk in chunks
            )

        if as_zip:
            zip64 = total > _ZIP64_RECORDS
            with (
                atomic_write(path, "wb", protect=[lib.path]) as raw,
                zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zf,
            ):
                for member, (section, columns) in ZIP_MEMBERS.items():
                    with (
                        zf.open(member, "w", force_zip64=zip64) as binary,
                        io.TextIOWrapper(binary, encoding=encoding, newline="") as fh,
                    ):
                        if section == "events":
                            write_csv_pages(fh, columns, [], tick)  # the header
                            write_events(fh, conn, lib, view, tick, path)
                        else:
                            write_csv_pages(fh, columns, pages(section), tick)
        else:
            with atomic_write(path, "w", encoding=encoding, newline="", protect=[lib.path]) as text:
                write_csv_pages(text, EVENT_COLUMNS, [], tick)
                write_events(text, conn, lib, view, tick, path)
    tick.finish()
    return path


# ---------------------------------------------------------------- import


def _zip_file(path: Path) -> zipfile.ZipFile:
    """The zip at `path` opened for reading; what a damaged or exotic zip raises, as a message."""
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, NotImplementedError, ValueError, EOFError) as err:
        reason = getattr(err, "strerror", None) or err
        raise DataImportError(f"Cannot read {path.name} as a zip: {reason}.") from err


def _open_member(path: Path, member: str) -> IO[bytes]:
    """A member of the zip at `path`, or the file itself, opened as bytes.

    A member may expand only so far (`limits.zip_allowance`); its declared size is checked
    first, and what it really delivers while it is read.
    """
    if not zipfile.is_zipfile(path):
        return path.open("rb")
    origin = f"{path.name}/{member}"
    allowance = zip_allowance(path)
    with _zip_file(path) as zf:
        if zf.getinfo(member).file_size > allowance:
            raise expansion_refusal(origin, allowance)
        try:
            # stays readable after the ZipFile object is closed; typeshed says IO[bytes], but
            # in read mode it is a ZipExtFile (a BufferedIOBase, which `bounded` needs)
            raw = cast(zipfile.ZipExtFile, zf.open(member))
        except NotImplementedError as err:  # e.g. AES (method 99) from 7-Zip
            raise DataImportError(
                f"{origin} is compressed in a way Chronicle cannot read ({err}); save the zip "
                "with ordinary (deflate) compression and no password."
            ) from err
        except RuntimeError as err:  # encrypted: "password required"
            raise DataImportError(f"{origin} is encrypted ({err}); unzip it first.") from err
    return bounded(raw, allowance, origin)


def _rows_of(
    path: Path, member: str, origin: str, columns: tuple[str, ...]
) -> Iterator[tuple[RowPlace, Row]]:
    def open_binary() -> IO[bytes]:
        try:
            return _open_member(path, member)
        except (OSError, zipfile.BadZipFile) as err:
            reason = getattr(err, "strerror", None) or err
            raise DataImportError(f"Cannot read {origin}: {reason}.") from err

    return _refusing_damage(read_rows(text_lines(open_binary, origin), origin, columns), origin)


# What a damaged zip raises while a member is read (bad CRC, broken deflate stream, cut short).
_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)


def _refusing_damage(
    rows: Iterator[tuple[RowPlace, Row]], origin: str
) -> Iterator[tuple[RowPlace, Row]]:
    try:
        yield from rows
    except _ZIP_DAMAGE as err:
        raise DataImportError(f"{origin} is damaged ({err}). Nothing was imported.") from err


def _count_lines(path: Path, member: str) -> int:
    """Physical lines of a member (an upper bound of its rows), counted fast for progress."""
    try:
        with _open_member(path, member) as fh:
            return sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b""))
    except _ZIP_DAMAGE as err:
        raise DataImportError(f"{path.name} is damaged ({err}). Nothing was imported.") from err


def csv_records(path: Path) -> tuple[dict[str, Any], int]:
    """Records of our CSV or zip: small sections as lists, events as an iterator.

    Actors and sources that events.csv names by name/title are appended to their lists as the
    events stream; `load_records` loads them before the event that named them.
    """
    data: dict[str, Any] = {name: [] for name in SECTIONS}
    single = not zipfile.is_zipfile(path)
    if single:
        members = {"events.csv"}
    else:
        with _zip_file(path) as zf:
            members = set(zf.namelist())

    if not members & set(ZIP_MEMBERS):
        raise DataImportError(
            f"{path.name} holds none of Chronicle's CSV files ({', '.join(ZIP_MEMBERS)}). "
            "Nothing was imported."
        )

    def rows(member: str, origin: str) -> Iterator[tuple[RowPlace, Row]]:
        return _rows_of(path, member, origin, ZIP_MEMBERS[member][1])

    for member in ("tags.csv", "actors.csv", "sources.csv"):
        if member in members and not single:
            origin = f"{path.name}/{member}"
            add_section_records(member[:-4], rows(member, origin), origin, data)
    actors, sources = ByLabel(data, "actors", "name"), ByLabel(data, "sources", "title")
    if "relations.csv" in members and not single:
        origin = f"{path.name}/relations.csv"
        add_section_records("relations", rows("relations.csv", origin), origin, data, sources)
    total = sum(len(v) for v in data.values())
    if "events.csv" in members:
        origin = path.name if single else f"{path.name}/events.csv"
        data["events"] = event_records(rows("events.csv", origin), origin, actors, sources)
        total += _count_lines(path, "events.csv")
    return data, total


def read_csv_records(path: Path | str) -> dict[str, Any]:
    """Our CSV (events) or zip of CSVs, as records ready for `load_records`."""
    data, _total = csv_records(Path(path))
    events = data["events"]
    data["events"] = []
    data["events"].extend(events)  # actors and sources named by events are appended meanwhile
    return data
