"""The published-data formats (issue 18) as rows of `db.exchange.formats`' tables, and telling
them from a file's name and first bytes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

# (name, label, suffixes, run): `db.exchange.formats.Format`'s fields.
FormatRow = tuple[str, str, tuple[str, ...], Callable[..., Any]]
_ACLED_HEADER = re.compile(r"^\ufeff?\"?event_id_cnty\"?,", re.IGNORECASE)


def dataset_imports() -> list[FormatRow]:
    """Import formats that need no options (GDELT needs a filter: CLI flags or the dialog)."""
    from db.exchange import imports

    return [
        ("acled", "ACLED CSV", (".csv",), imports.import_acled),
        ("wikidata", "Wikidata query results", (".json", ".csv"), imports.import_wikidata),
        ("timeline", "Timeline (thetimelineproj)", (".timeline",), imports.import_timeline),
        ("ics", "iCalendar", (".ics", ".ical"), imports.import_ics),
    ]


def dataset_exports() -> list[FormatRow]:
    from db.exchange import acled_export, ical, thetimeline, timesketch

    return [
        ("acled", "ACLED CSV (events imported from ACLED)", (".csv",), acled_export.export_acled),
        ("timeline", "Timeline (thetimelineproj)", (".timeline",), thetimeline.export_timeline),
        ("ics", "iCalendar", (".ics",), ical.export_ics),
        (
            "timesketch",
            "Timesketch JSONL or CSV",
            (".jsonl", ".csv"),
            timesketch.export_timesketch,
        ),
    ]


def dataset_kind(path: Path, head: Callable[[], str]) -> str | None:
    """ "acled", "wikidata", "timeline" or "ics" when the file looks like one, else None.

    `head()` gives the first characters of a text file; it is asked for only when the suffix
    says text (a zip or a picture is not read as text here).
    """
    suffix = path.suffix.lower()
    if suffix == ".timeline":
        return "timeline"
    if suffix in (".ics", ".ical"):
        return "ics"
    if suffix not in (".csv", ".json"):
        return None
    text = head()
    if suffix == ".csv" and _ACLED_HEADER.match(text):
        return "acled"
    if suffix == ".json" and re.search(r'"head"\s*:\s*\{\s*"vars"', text):
        return "wikidata"
    if suffix == ".csv" and re.match(r"^\ufeff?item,", text):
        return "wikidata"
    return None
