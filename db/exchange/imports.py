"""Every import, as one pipeline: a format's reader turns the file into neutral records, the
one loader (`db.exchange.loader`) writes them in one transaction (docs/pipeline.md).

    file --reader (db/exchange/<format>.py)--> records --loader--> library

Readers never write and never import the loader; the loader knows no format. This module is
the only place where the two meet, one function per format, each with the same shape:
(lib, path, *, progress) -> report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from db.engine import Library
from db.errors import DataImportError, ValidationError
from db.exchange import (
    acled,
    bibtex,
    csl_json,
    gdelt,
    ical,
    json_,
    read_ahead,
    spreadsheet,
    text_sources,
    thetimeline,
    timelinejs,
    wikidata,
)
from db.exchange.dataset_rows import estimate_rows
from db.exchange.dataset_sync import DatasetSink, SyncReport
from db.exchange.json_stream import NotStreamableError
from db.exchange.library_records import actor_ids, citation_keys
from db.exchange.loader import load_records, load_records_in
from db.exchange.records import ImportReport, cycle_collector_paused
from db.progress import Progress, no_progress

DatasetReader = Callable[[DatasetSink], Iterator[dict[str, Any]]]


def import_json(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> ImportReport:
    """A Chronicle JSON file, streamed record by record: all of it or, on any error, nothing.

    One the stream cannot read is read whole, which refuses it with the exact line and column
    of the fault (or imports it, if only the stream minded it).
    """
    path = Path(path)
    try:
        data, total = json_.stream_json(path)
        return load_records(lib, data, origin=path.name, progress=progress, total=total)
    except NotStreamableError:
        pass  # the transaction was rolled back: nothing of the streamed part stays
    return load_records(lib, json_.read_json(path), origin=path.name, progress=progress)


def import_csv(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> ImportReport:
    """Our events CSV (or zip of CSVs): all rows, or on any error none."""
    path = Path(path)
    if not path.is_file():
        raise DataImportError(f"Cannot read {path}: there is no such file.")
    with read_ahead.csv_records(path) as (data, total):  # a big file in a second process
        return load_records(lib, data, origin=path.name, progress=progress, total=total)


def import_timelinejs(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> ImportReport:
    """A TimelineJS JSON or CSV file: every event, or on any error none."""
    path = Path(path)
    return load_records(lib, timelinejs.read_timelinejs(path), origin=path.name, progress=progress)


CitedSourcesReader = Callable[[Path, dict[str, int]], dict[str, Any]]


def _cited_sources(reader: CitedSourcesReader) -> Callable[..., ImportReport]:
    """An import of bibliography entries as sources; entries whose citation key a source of
    the library has are linked to it rather than imported twice."""

    def run(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> ImportReport:
        path = Path(path)
        data = reader(path, citation_keys(lib))
        return load_records(lib, data, origin=path.name, progress=progress)

    return run


import_bibtex = _cited_sources(bibtex.read_bibtex)
import_bibtex.__doc__ = "The entries of a .bib file as sources: all of them, or on any error none."
import_csl_json = _cited_sources(csl_json.read_csl_json)
import_csl_json.__doc__ = "The items of a CSL-JSON file as sources: all, or on any error none."


def import_text_sources(
    lib: Library, paths: Iterable[Path | str], *, progress: Progress = no_progress
) -> ImportReport:
    """Files as sources with their full text: all of them in one transaction, or none."""
    files = [Path(p) for p in paths]
    if not files:
        raise DataImportError("No files were chosen.")
    sources = [text_sources.source_record(path, index) for index, path in enumerate(files)]
    origin = files[0].name if len(files) == 1 else f"{len(files)} files"
    return load_records(lib, {"sources": sources}, origin=origin, progress=progress)


def import_text_source(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> ImportReport:
    """One text, Markdown or HTML file as a source with its full text."""
    return import_text_sources(lib, [path], progress=progress)


def import_mapped(
    lib: Library,
    path: Path | str,
    mapping: spreadsheet.ColumnMapping,
    progress: Progress = no_progress,
    *,
    skip_failing: bool = False,
) -> ImportReport:
    """A user's spreadsheet as events: all rows, or nothing if any fails (unless skipping)."""
    path = Path(path)
    skipped: list[spreadsheet.RowError] | None = [] if skip_failing else None
    data, total = spreadsheet.mapped_records(path, mapping, actor_ids(lib), skipped)
    report = load_records(lib, data, origin=path.name, progress=progress, total=total)
    report.skipped = [str(error) for error in skipped or []]
    return report


def import_timeline(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> ImportReport:
    """A thetimelineproj .timeline file in one transaction: all of it, or nothing."""
    path = Path(path)
    data = thetimeline.read_timeline(path)
    left_out = data.pop("_left_out")
    report = load_records(lib, data, origin=path.name, progress=progress)
    if left_out:
        report.skipped.append(f"{left_out} icons, alerts or progress values (not kept)")
    return report


# ---------------------------------------------------------------- published datasets


def import_dataset(
    lib: Library,
    dataset: str,
    reader: DatasetReader,
    *,
    origin: str,
    expected_rows: int = 0,
    snapshot: bool = True,
) -> SyncReport:
    """Run `reader` into `lib` in one transaction; the reader reports progress itself.

    The sink (`dataset_sync.DatasetSink`) tells the reader which rows are new or changed and
    collects the actors, sources and tags they name. `expected_rows` (an estimate) lets a big
    first import build its indexes once at the end. `snapshot`: the file is the whole
    dataset, so ids it lacks are reported missing.
    """
    with cycle_collector_paused(), lib.write() as conn:
        sink = DatasetSink(conn, dataset)
        data: dict[str, Any] = {"tags": sink.tags, "actors": sink.actors, "sources": sink.sources}
        data["events"] = sink.batched(reader(sink))
        # Only rows new to the library count towards rebuilding its indexes in one pass: a
        # re-import without its indexes would look up each changed event by a full scan.
        new_rows = max(0, expected_rows - sink.known_count())
        base = load_records_in(conn, data, origin=origin, total=new_rows)
        report = sink.report(base)
    if not snapshot:
        report.missing = []
    return report


def import_acled(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> SyncReport:
    """Import or update from an ACLED CSV in one transaction (see db/exchange/acled.py)."""
    path = Path(path)
    expected_rows = estimate_rows(path)
    # a big first import is read in a second process
    with read_ahead.DatasetRows("acled", path, progress) as rows:
        return import_dataset(
            lib, acled.DATASET, rows, origin=path.name, expected_rows=expected_rows
        )


def import_wikidata(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> SyncReport:
    """Import or update from a Wikidata SPARQL result (JSON or CSV) in one transaction."""
    path = Path(path)
    items = wikidata.result_items(path)  # read first: how many decides how indexes are built
    return import_dataset(
        lib,
        wikidata.DATASET,
        lambda sink: wikidata.item_records(path, items, sink, progress),
        origin=path.name,
        expected_rows=len(items),
    )


def import_ics(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> SyncReport:
    """Import or update from an .ics file in one transaction."""
    path = Path(path)
    return import_dataset(
        lib, ical.DATASET, lambda sink: ical.read_ics(path, sink, progress), origin=path.name
    )


def import_gdelt(
    lib: Library, path: Path | str, keep: gdelt.GdeltFilter, *, progress: Progress = no_progress
) -> SyncReport:
    """Import (or update) the rows of a GDELT 2.0 events file that pass `keep`."""
    path = Path(path)
    try:
        keep = keep.checked()
    except ValidationError as err:
        raise DataImportError(f"{path.name}: {err} Nothing was imported.") from err
    # Each GDELT file is 15 minutes of news, not a snapshot: nothing is "missing" from it.
    return import_dataset(
        lib,
        gdelt.DATASET,
        lambda sink: gdelt.read_gdelt(path, sink, keep, progress),
        origin=path.name,
        snapshot=False,
    )
