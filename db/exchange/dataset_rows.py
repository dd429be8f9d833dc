"""What the dataset readers share: row fingerprints, row-named errors, size estimates, and a
preview of the first rows exactly as the import would read them (dates as parsed).
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from db.dates import format_date, parse_date
from db.errors import ChronicleError, DataImportError
from db.exchange.records import sentence
from db.progress import Progress

_SAMPLE_LINES = 200
PROGRESS_EVERY = 2_000


def digest_of(cells: list[str] | tuple[str, ...]) -> str:
    """A fingerprint of a row's cells: equal rows, equal digests (for re-import)."""
    return hashlib.blake2b("\x1f".join(cells).encode(), digest_size=12).hexdigest()


def row_error(
    origin: str, line: int, column: str | None, reason: Any, unit: str = "line"
) -> DataImportError:
    """The error for a bad row: file, line (or row) and column named; nothing imported."""
    where = f"{origin}, {unit} {line}" + (f", column {column}" if column else "")
    return DataImportError(
        f"{where}: {sentence(reason)} Nothing was imported.", line=line, column=column
    )


def estimate_rows(path: Path) -> int:
    """About how many lines `path` has, from the length of its first lines (for progress)."""
    size = os.path.getsize(path)
    with open(path, "rb") as fh:
        sample = list(itertools.islice(fh, _SAMPLE_LINES))
    if not sample:
        return 0
    if len(sample) < _SAMPLE_LINES:
        return len(sample)
    return max(1, round(size / (sum(map(len, sample)) / len(sample))))


class RowProgress:
    """Reports progress every PROGRESS_EVERY rows against an estimated total (which grows if
    the estimate was short); the progress callback raises CancelledError to stop the import."""

    def __init__(self, progress: Progress, expected: int):
        self.progress, self.expected, self.rows = progress, max(expected, 1), 0
        progress(0, self.expected)

    def __call__(self) -> None:
        self.rows += 1
        if self.rows % PROGRESS_EVERY == 0:
            self.expected = max(self.expected, self.rows + 1)
            self.progress(self.rows, self.expected)

    def finish(self) -> None:
        self.progress(self.rows, self.rows)


# ---------------------------------------------------------------- preview


@dataclass(frozen=True)
class PreviewRow:
    where: str  # "line 12"
    title: str
    date_text: str  # the EDTF Chronicle will store
    date_shown: str  # how Chronicle shows it ("c. Mar 2024")
    precision: str  # "day", "month", ...
    details: str  # actors, place, tags: what else the row brings


class RowSink(Protocol):
    """Where a dataset reader sends what it reads: `dataset_sync.DatasetSink` for an import,
    `PreviewSink` for the preview. The reader asks `wants` before reading a row."""

    notes: list[str]

    def wants(self, key: str, digest: str | None) -> bool: ...

    def event(self, rec: dict[str, Any]) -> dict[str, Any]: ...

    def actor(self, name: str, **fields: Any) -> str: ...

    def source(self, title: str, **fields: Any) -> str: ...


class PreviewSink:
    """A stand-in for `DatasetSink` that reads without a library: every row is wanted."""

    dataset = "preview"

    def __init__(self) -> None:
        self.notes: list[str] = []
        self._labels: dict[str, str] = {}

    def wants(self, _key: str, _digest: str | None) -> bool:
        return True

    def event(self, rec: dict[str, Any]) -> dict[str, Any]:
        return rec

    def actor(self, name: str, **_fields: Any) -> str:
        self._labels[f"actor:{name}"] = name
        return f"actor:{name}"

    def source(self, title: str, **_fields: Any) -> str:
        self._labels[f"source:{title}"] = title
        return f"source:{title}"

    def tag(self, _name: str, _color: str | None) -> None:
        return None

    def label(self, file_id: str) -> str:
        return self._labels.get(file_id, str(file_id))


def preview_rows(
    read: Callable[[PreviewSink], Iterator[dict[str, Any]]], limit: int = 20
) -> list[PreviewRow]:
    """The first `limit` events `read` yields, as the import would store them."""
    sink = PreviewSink()
    rows = []
    for rec in itertools.islice(read(sink), limit):
        try:
            date = parse_date(rec["when"])
            shown, text, precision = format_date(date), date.edtf, str(date.precision)
        except ChronicleError as err:
            shown, text, precision = f"refused: {err}", rec["when"], ""
        actors = [
            sink.label(a["actor"]) + (f" ({a['role']})" if a.get("role") else "")
            for a in rec.get("actors", [])
        ]
        place = (rec.get("_place") or {}).get("name", "")
        details = "; ".join(
            filter(None, [", ".join(actors), place, ", ".join(rec.get("tags", []))])
        )
        where = str(rec.get("_where", "")).rsplit(", ", 1)[-1]
        rows.append(PreviewRow(where, rec["title"], text, shown, precision, details))
    return rows
