"""The formats of published data (issue 18) in one table: how to preview and import each.

The CLI (`desktop.cli.datasets`) and File ▸ Import (`desktop.dialogs.dataset_import`) are built
from this table; `db.exchange.formats` lists the ones needing no options among all imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.engine import Library
from db.exchange import acled, gdelt, ical, imports, thetimeline, wikidata
from db.exchange.dataset_rows import PreviewRow
from db.exchange.dataset_sync import SyncReport
from db.progress import Progress


@dataclass(frozen=True)
class DatasetFormat:
    name: str  # as given to the CLI's --format
    label: str  # as shown in menus
    file_filter: str  # for file dialogs
    run: Callable[..., Any]  # (lib, path, progress=, **options) -> ImportReport
    preview: Callable[..., list[Any]]  # (path, limit, **options) -> [PreviewRow]
    needs_filter: bool = False  # GDELT: a filter must be given


def _gdelt_run(
    lib: Library,
    path: Path,
    *,
    progress: Progress | None = None,
    keep: gdelt.GdeltFilter,
    **_: Any,
) -> SyncReport:
    kwargs = {"progress": progress} if progress is not None else {}
    return imports.import_gdelt(lib, path, keep, **kwargs)


def _gdelt_preview(
    path: Path, limit: int = 20, *, keep: gdelt.GdeltFilter, **_: Any
) -> list[PreviewRow]:
    return gdelt.preview_gdelt(path, keep, limit)


DATASET_FORMATS = {
    f.name: f
    for f in (
        DatasetFormat("acled", "ACLED CSV", "ACLED (*.csv)", imports.import_acled,
                      acled.preview_acled),
        DatasetFormat("wikidata", "Wikidata Query Results (JSON or CSV)",
                      "Wikidata results (*.json *.csv)", imports.import_wikidata,
                      wikidata.preview_wikidata),
        DatasetFormat("timeline", "Timeline (thetimelineproj) File", "Timeline (*.timeline)",
                      imports.import_timeline, thetimeline.preview_timeline),
        DatasetFormat("ics", "iCalendar", "iCalendar (*.ics *.ical)", imports.import_ics,
                      ical.preview_ics),
        DatasetFormat("gdelt", "GDELT 2.0 Events (Filtered)",
                      "GDELT events (*.CSV *.csv *.zip *.txt)", _gdelt_run, _gdelt_preview,
                      needs_filter=True),
    )
}  # fmt: skip
