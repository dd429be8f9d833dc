"""A report of events by evidence strength (unsourced first), as CSV or as an HTML page."""

from __future__ import annotations

import csv
import html
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from db.atomic import atomic_write
from db.dates import format_date
from db.engine import Library
from db.errors import ChronicleError, ExportError
from db.exchange.csv_ import neutralise
from db.progress import Progress, no_progress
from db.queries.corroboration import discounted_sources, support_drops
from db.queries.evidence import (
    CORROBORATED,
    CREDIBILITY_MEANINGS,
    GRADE_MEANINGS,
    SINGLE_SOURCE,
    UNSOURCED,
    EventEvidence,
    iter_evidence,
    strength,
)
from db.queries.filters import EventFilter
from db.queries.lists import count_events

FORMATS = ("csv", "html")
COLUMNS = (
    "strength",
    "event",
    "when",
    "edtf",
    "independent_sources",
    "citations",
    "best_grade",
    "best_credibility",
    "sources",
    "first_reported",
    "report_flags",
    "contested",
    "dates_given",
    "not_counted",
    "independence",
)
_HEADINGS = (
    "Strength",
    "Event",
    "When",
    "EDTF",
    "Independent sources",
    "Citations",
    "Best grade",
    "Best credibility",
    "Sources",
    "First reported",
    "Report flags",
    "Contested",
    "Dates the sources give",
    "Not counted",
    "Why this many independent",
)
_PROGRESS_EVERY = 500


def _when(edtf: str) -> str:
    try:
        return format_date(edtf)
    except ChronicleError:  # a report must not fail on one odd stored date
        return edtf


def _grade(grade: str | None) -> str:
    return f"{grade} ({GRADE_MEANINGS[grade]})" if grade in GRADE_MEANINGS else ""


def _credibility(value: int | None) -> str:
    return f"{value} ({CREDIBILITY_MEANINGS[value]})" if value in CREDIBILITY_MEANINGS else ""


def report_row(evidence: EventEvidence) -> list[str]:
    """One event's line of the report, as text cells in `COLUMNS` order."""
    return [
        strength(evidence),
        evidence.title,
        _when(evidence.when_edtf),
        evidence.when_edtf,
        str(evidence.source_count),
        str(evidence.citation_count),
        _grade(evidence.best_grade),
        _credibility(evidence.best_credibility),
        evidence.source_titles,
        _when(evidence.first_reported) if evidence.first_reported else "",
        "; ".join(evidence.report_flags),
        "contested" if evidence.contested else "",
        evidence.claims,
        evidence.not_counted,
        evidence.explanation,
    ]


def _rows(
    lib: Library, filt: EventFilter | None, progress: Progress, late_days: int | None
) -> Iterator[list[str]]:
    total = count_events(lib, filt)
    progress(0, total)
    for done, evidence in enumerate(iter_evidence(lib, filt, late_days), start=1):
        if done % _PROGRESS_EVERY == 0:
            progress(done, max(total, done))
        yield report_row(evidence)
    progress(total, total)


def _write_csv(fh: IO[str], rows: Iterator[list[str]]) -> None:
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


_STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}"
    "tr.unsourced td:first-child{background:#f8d7da}"
    "tr.single td:first-child{background:#fff3cd}"
    "tr.corroborated td:first-child{background:#d4edda}"
)
_ROW_CLASS = {UNSOURCED: "unsourced", SINGLE_SOURCE: "single", CORROBORATED: "corroborated"}


def _discounted_html(lib: Library) -> str:
    """A section naming each discredited or retracted source and the events it weakened."""
    items = []
    for source_id, title, status in discounted_sources(lib):
        drops = support_drops(lib, source_id)
        events = "".join(
            f"<li>{html.escape(d.title)}: {d.before} → {d.after} independent</li>" for d in drops
        )
        lost = f"<ul>{events}</ul>" if drops else " No event lost independent support."
        items.append(f"<li>“{html.escape(title)}” ({html.escape(status)}).{lost}</li>")
    if not items:
        return ""
    return (
        "<h2>Discredited and retracted sources</h2>\n"
        "<p>They no longer count as support; these events lost independent sources.</p>\n"
        f"<ul>{''.join(items)}</ul>\n"
    )


def _write_html(
    fh: IO[str], rows: Iterator[list[str]], library_name: str, discounted: str = ""
) -> None:
    body = []
    counts: Counter[str] = Counter()
    for row in rows:
        counts[row[0]] += 1
        cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in row)
        body.append(f'<tr class="{_ROW_CLASS[row[0]]}">{cells}</tr>')
    title = f"Evidence report: {library_name}"
    summary = ", ".join(f"{counts[s]} {s}" for s in (UNSOURCED, SINGLE_SOURCE, CORROBORATED))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in _HEADINGS)
    fh.write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>{html.escape(title)}</h1>\n"
        f"<p>{html.escape(summary)} (weakest first). Written {html.escape(stamp)}. "
        "Copies of a source, and sources that draw on one another, count as one independent "
        "source; discredited and retracted sources do not count.</p>\n"
        f"{discounted}"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n"
    )
    fh.write("\n".join(body))
    fh.write("\n</tbody></table></body></html>\n")


def write_evidence_report(
    lib: Library,
    path: Path | str,
    fmt: str,
    *,
    filt: EventFilter | None = None,
    progress: Progress = no_progress,
    late_days: int | None = None,
) -> Path:
    """Write every event (matching `filt`) with its evidence strength to `path` as CSV or HTML."""
    if fmt not in FORMATS:
        raise ExportError(f"An evidence report is written as CSV or HTML, not {fmt!r}.")
    path = Path(path)
    rows = _rows(lib, filt, progress, late_days)
    if fmt == "csv":
        with atomic_write(path, "w", encoding="utf-8", newline="", protect=[lib.path]) as fh:
            _write_csv(fh, rows)
    else:
        with atomic_write(path, "w", encoding="utf-8", protect=[lib.path]) as fh:
            _write_html(fh, rows, lib.path.name, _discounted_html(lib))
    return path
