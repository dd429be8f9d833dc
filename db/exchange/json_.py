"""Our own JSON format: the whole library, versioned (see docs/json-format.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection

from db.atomic import atomic_write
from db.engine import Library
from db.errors import DataImportError
from db.exchange.encoding import check_json_size, json_document
from db.exchange.json_layout import event_texts, record_text
from db.exchange.json_stream import JsonSections
from db.exchange.library_records import event_pages, iter_records, record_counts
from db.exchange.records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    SECTIONS,
    Ticker,
    cycle_collector_paused,
)
from db.progress import Progress, no_progress


def _write_section(fh: IO[str], texts: Iterable[str], tick: Callable[[], None]) -> None:
    """A list of records' texts laid out exactly as json.dump(..., indent=1) nests it two
    deep."""
    first = True
    for text in texts:
        fh.write(("[\n  " if first else ",\n  ") + text)
        first = False
        tick()
    fh.write("[]" if first else "\n ]")


def _section_texts(conn: Connection, section: str) -> Iterator[str]:
    if section == "events":  # a million of them: laid out a page at a time
        return event_texts(event_pages(conn))
    return (record_text(rec, 2) for rec in iter_records(conn, section))


def export_json(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """Write the whole library to `path` as JSON (atomically), streaming record by record."""
    path = Path(path)
    # No cycles are made (json_layout frees the rare ones json.dumps leaves), and a million
    # records' short-lived objects would set the collector scanning the heap again and again.
    with (
        cycle_collector_paused(),
        lib.read() as conn,
        atomic_write(path, "w", encoding="utf-8", protect=[lib.path]) as fh,
    ):
        tick = Ticker(progress, sum(record_counts(conn).values()))
        tick.start()
        fh.write(f'{{\n "format": "{FORMAT_NAME}",\n "version": {FORMAT_VERSION}')
        for section in SECTIONS:
            fh.write(f',\n "{section}": ')
            _write_section(fh, _section_texts(conn, section), tick)
        fh.write("\n}\n")
    tick.finish()
    return path


def read_json(path: Path | str) -> dict[str, Any]:
    """Parse and check the envelope of a Chronicle JSON file; errors name line and column."""
    path = Path(path)
    check_json_size(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataImportError(f"Cannot read {path}: {err.strerror}.") from err
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataImportError(
            f"{path.name}: byte {err.start} is not valid UTF-8; save the file as UTF-8."
        ) from err
    del raw  # the text and the parsed records are big enough
    return check_envelope(json_document(text, path.name), path.name)


def check_envelope(data: Any, origin: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise DataImportError(f'{origin} is not a Chronicle JSON file (no "format": "chronicle").')
    version = data.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise DataImportError(
            f"{origin} is in version {version!r} of the format; this Chronicle reads up to "
            f"version {FORMAT_VERSION}. Update Chronicle to import it."
        )
    return data


def stream_json(path: Path) -> tuple[dict[str, Any], int]:
    """The sections of a Chronicle JSON file as record iterators, and how many records.

    Reading the records may raise `NotStreamableError`: the file must then be read whole
    (`read_json`), which refuses it with the exact line and column of the fault.
    """
    try:
        sections = JsonSections(path)
    except OSError as err:
        raise DataImportError(f"Cannot read {path}: {err.strerror}.") from err
    envelope = {name: sections.envelope_value(name) for name in ("format", "version")}
    check_envelope(envelope, path.name)
    total = sections.scan()
    return {name: sections.section(name) for name in SECTIONS}, total
