"""`chronicle import` of published data (ACLED, Wikidata, Timeline, iCalendar, GDELT) and the
notes of the iCalendar and Timesketch exports: the summary of an update import, the missing
rows (deleted only with --delete-missing), and GDELT's filter flags.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import ChronicleError
from db.exchange.dataset_sync import SyncReport
from db.exchange.datasets import DATASET_FORMATS
from db.exchange.gdelt import GdeltFilter
from db.exchange.records import ImportReport

if TYPE_CHECKING:  # for annotations only
    from db.engine import Library

NOTED_EXPORTS = ("ics", "timesketch")


def add_dataset_arguments(p: argparse.ArgumentParser) -> None:
    data = p.add_argument_group("published data (--format acled|wikidata|timeline|ics|gdelt)")
    data.add_argument(
        "--delete-missing",
        action="store_true",
        help="on re-import, delete the events the new file no longer has",
    )
    gdelt = p.add_argument_group("GDELT 2.0 events (--format gdelt: give at least one filter)")
    gdelt.add_argument("--since", default="", metavar="DAY", help="first day, e.g. 2024-03-01")
    gdelt.add_argument("--until", default="", metavar="DAY", help="last day (inclusive)")
    gdelt.add_argument(
        "--actor",
        action="append",
        default=[],
        metavar="CODE",
        help="actor code prefix (USA matches USAGOV); repeatable",
    )
    gdelt.add_argument(
        "--cameo",
        action="append",
        default=[],
        metavar="ROOT",
        help="CAMEO root code 01-20 (14 protest, 19 fight); repeatable",
    )
    gdelt.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="FIPS",
        help="country of the action (FIPS 10-4, e.g. UP); repeatable",
    )


def gdelt_filter(args: argparse.Namespace) -> GdeltFilter:
    return GdeltFilter(args.since, args.until, args.actor, args.cameo, args.country)


def import_dataset_file(
    lib: Library, path: Path, fmt: str, args: argparse.Namespace
) -> ImportReport:
    """Import `path` as published data of format `fmt`; print what happened."""
    options = {"keep": gdelt_filter(args)} if fmt == "gdelt" else {}
    report: ImportReport = DATASET_FORMATS[fmt].run(lib, path, **options)  # SyncReport or plain
    if isinstance(report, SyncReport):
        _finish_update(lib, report, args.delete_missing)
    else:
        print(report.summary())
    return report


def _finish_update(lib: Library, report: SyncReport, delete_missing: bool) -> None:
    print(report.summary())
    for note in report.notes:
        print(note)
    if not report.missing:
        return
    if delete_missing:
        from db.store import delete_many

        delete_many(lib, "event", report.missing)
        print(f"Deleted {len(report.missing):,} events missing from the new file.")
    else:
        print(
            f"{len(report.missing):,} events are missing from the new file; "
            "import again with --delete-missing to delete them."
        )


def export_with_notes(lib: Library, out: Path, fmt: str) -> None:
    """iCalendar and Timesketch exports, printing what was left out or rounded."""
    if fmt == "ics":
        from db.exchange.ical import export_ics_with_notes as export
    elif fmt == "timesketch":
        from db.exchange.timesketch import export_timesketch_with_notes as export
    else:
        raise ChronicleError(f"{fmt} has no export notes.")
    _path, notes = export(lib, out)
    for note in notes:
        print(note)
