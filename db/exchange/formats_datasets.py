"""The published-data formats (issue 18) as rows of `db.exchange.formats`' tables, and telling
them from a file's name and first bytes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

_ACLED_HEADER = re.compile(r"^\ufeff?\"?event_id_cnty\"?,", re.IGNORECASE)


def dataset_imports() -> list:
    """Import formats that need no options (GDELT needs a filter: CLI flags or the dialog)."""
    from db.exchange import imports
    from db.exchange.formats import Format

    return [
        Format("acled", "ACLED CSV", (".csv",), imports.import_acled),
        Format("wikidata", "Wikidata query results", (".json", ".csv"), imports.import_wikidata),
        Format("timeline", "Timeline (thetimelineproj)", (".timeline",), imports.import_timeline),
        Format("ics", "iCalendar", (".ics", ".ical"), imports.import_ics),
    ]


def dataset_exports() -> list:
    from db.exchange import acled, ical, thetimeline, timesketch
    from db.exchange.formats import Format

    return [
        Format("acled", "ACLED CSV (events imported from ACLED)", (".csv",), acled.export_acled),
        Format(
            "timeline", "Timeline (thetimelineproj)", (".timeline",), thetimeline.export_timeline
        ),
        Format("ics", "iCalendar", (".ics",), ical.export_ics),
        Format(
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
