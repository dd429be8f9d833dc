"""Every import and export format in one table, and telling an input file's format by its
name and first bytes. The CLI and the GUI's File menu are both built from these tables.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.errors import DataImportError
from db.exchange import csv_, gexf, graphml, imports, json_, text_sources, timelinejs
from db.exchange.csv_cells import EVENT_COLUMNS
from db.exchange.encoding import detect_encoding, open_binary
from db.exchange.formats_datasets import dataset_exports, dataset_imports, dataset_kind

_SNIFF_BYTES = 64 * 1024

# Our own formats, read whole so their records can be matched with the library's
# (db/exchange/existing.py) before a re-import.
OUR_READERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "json": json_.read_json,
    "csv": csv_.read_csv_records,
}


@dataclass(frozen=True)
class Format:
    name: str  # as given to the CLI's --format
    label: str  # as shown in menus and file dialogs
    suffixes: tuple[str, ...]
    run: Callable[..., Any]  # import: (lib, path, progress=) -> ImportReport; export: -> Path


IMPORTS = {
    f.name: f
    for f in (
        Format("json", "Chronicle JSON", (".json",), imports.import_json),
        Format("csv", "Chronicle CSV or zip of CSVs", (".csv", ".zip"), imports.import_csv),
        Format(
            "timelinejs", "TimelineJS JSON or CSV", (".json", ".csv"), imports.import_timelinejs
        ),
        Format("bibtex", "BibTeX", (".bib", ".bibtex"), imports.import_bibtex),
        Format("csl", "CSL-JSON (Zotero)", (".json",), imports.import_csl_json),
        Format(
            "text",
            "Text, Markdown or HTML as sources",
            tuple(text_sources.SUFFIXES),
            imports.import_text_source,
        ),
        *(Format(*row) for row in dataset_imports()),
    )
}
EXPORTS = {
    f.name: f
    for f in (
        Format("json", "Chronicle JSON", (".json",), json_.export_json),
        Format("csv", "Chronicle CSV (events)", (".csv",), csv_.export_csv),
        Format("zip", "Chronicle zip of CSVs (everything)", (".zip",), csv_.export_csv),
        Format(
            "timelinejs", "TimelineJS JSON or CSV", (".json", ".csv"), timelinejs.export_timelinejs
        ),
        Format("graphml", "GraphML (Gephi, yEd)", (".graphml",), graphml.export_graphml),
        Format("gexf", "GEXF (Gephi, dynamic)", (".gexf",), gexf.export_gexf),
        *(Format(*row) for row in dataset_exports()),
    )
}
IMAGE_FORMATS = ("png", "svg", "pdf")


def export_format_for(path: Path) -> str | None:
    """The export format an output name implies (.zip -> zip, .png -> png...), if any."""
    suffix = path.suffix.lower()
    if suffix.lstrip(".") in IMAGE_FORMATS:
        return suffix.lstrip(".")
    by_suffix = {".json": "json", ".csv": "csv", ".zip": "zip", ".timeline": "timeline"}
    by_suffix |= {".ics": "ics", ".jsonl": "timesketch"}
    return (by_suffix | {".graphml": "graphml", ".gexf": "gexf"}).get(suffix)


def _head(path: Path) -> str:
    encoding = detect_encoding(path)
    with open_binary(path) as fh:
        return fh.read(_SNIFF_BYTES).decode(encoding, errors="ignore").lstrip("\ufeff")


def _json_kind(path: Path) -> str | None:
    head = _head(path)
    if re.search(r'"format"\s*:\s*"chronicle"', head):
        return "json"
    if head.lstrip().startswith("[") or re.search(r'"items"\s*:\s*\[', head):
        return "csl"
    if re.search(r'"events"\s*:', head):
        return "timelinejs"
    return None


def _csv_kind(path: Path) -> str:
    first_line = next(iter(_head(path).splitlines()), "")  # CR-only files (Mac Excel) too
    header = [h.strip() for h in next(csv.reader([first_line]), [])]
    if "title" in header and set(header) <= set(EVENT_COLUMNS):
        return "csv"
    if {"Year", "Headline"} <= set(header):
        return "timelinejs"
    return "sheet"


def detect_import_format(path: Path | str) -> str:
    """The import format of `path`, from its name and first bytes: a key of IMPORTS or
    "sheet" (a spreadsheet of the user's own, which needs its columns mapped)."""
    path = Path(path)
    if not path.is_file():
        raise DataImportError(f"Cannot read {path}: there is no such file.")
    suffix = path.suffix.lower()
    kind = dataset_kind(path, lambda: _head(path))
    if kind:
        return kind
    if suffix == ".zip":
        return "csv"
    if suffix in (".bib", ".bibtex"):
        return "bibtex"
    if suffix in text_sources.SUFFIXES:
        return "text"
    if suffix == ".json":
        kind = _json_kind(path)
        if kind:
            return kind
    if suffix in (".csv", ".tsv"):
        return _csv_kind(path)
    raise DataImportError(
        f"Cannot tell the format of {path.name}; choose one ({', '.join([*IMPORTS, 'sheet'])})."
    )
