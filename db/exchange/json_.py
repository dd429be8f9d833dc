"""Our own JSON format: the whole library, versioned (see docs/json-format.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db.atomic import atomic_write
from db.engine import Library
from db.errors import DataImportError
from db.exchange.records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ImportReport,
    export_records,
    load_records,
)
from db.progress import Progress, no_progress

MAX_JSON_BYTES = 2_000_000_000


def export_json(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """Write the whole library to `path` as JSON (atomically)."""
    path = Path(path)
    progress(0, 1)
    data = export_records(lib)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    progress(1, 1)
    return path


def read_json(path: Path | str) -> dict[str, Any]:
    """Parse and check the envelope of a Chronicle JSON file; errors name line and column."""
    path = Path(path)
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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise DataImportError(
            f"{path.name}, line {err.lineno}, column {err.colno}: {err.msg}. Nothing was imported.",
            line=err.lineno,
        ) from err
    return check_envelope(data, path.name)


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


def import_json(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> ImportReport:
    """Import a Chronicle JSON file into `lib`: all of it or, on any error, nothing."""
    path = Path(path)
    return load_records(lib, read_json(path), origin=path.name, progress=progress)
