"""`chronicle import` and `chronicle export`: every format of `db.exchange.formats`, and
pictures of the timeline or graph (Qt is started, offscreen when there is no display, only
for those).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from db.dates import parse_date
from db.engine import Library, open_library
from db.errors import ChronicleError
from db.exchange.datasets import DATASET_FORMATS
from db.exchange.formats import (
    EXPORTS,
    IMAGE_FORMATS,
    IMPORTS,
    OUR_READERS,
    detect_import_format,
    export_format_for,
)
from db.exchange.records import ImportReport
from desktop.cli.datasets import (
    NOTED_EXPORTS,
    add_dataset_arguments,
    export_with_notes,
    import_dataset_file,
)

if TYPE_CHECKING:  # for annotations only: the CLI imports a format's modules when it runs it
    from db.exchange.spreadsheet import ColumnMapping

IMPORT_CHOICES = (*IMPORTS, "sheet", "gdelt")
EXPORT_CHOICES = (*EXPORTS, *IMAGE_FORMATS)
LANE_MODES = ("actor", "tag", "category", "none")
_APP = None  # the QGuiApplication of an image export, kept alive while it paints


def add_import_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("input", nargs="+", help="file(s) to import (several for text sources)")
    p.add_argument("--format", choices=IMPORT_CHOICES, help="default: told from the file")
    p.add_argument(
        "--encoding", help="read text files in this encoding (cp1251, shift_jis…): no guessing"
    )
    p.add_argument(
        "--keep-independent",
        action="store_true",
        help="list imported texts that nearly copy a source, but do not record them as copies",
    )
    sheet = p.add_argument_group("spreadsheets of your own (--format sheet)")
    sheet.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help="which column feeds a field: when, end, title, summary, actors, tags, category",
    )
    sheet.add_argument("--actor-separator", help="between names in the actors cell (;)")
    sheet.add_argument("--tag-separator", help="between tags in the tags cell (;)")
    sheet.add_argument("--dates", choices=("day-first", "month-first"), help="for 03/04/2024")
    sheet.add_argument(
        "--skip-failing", action="store_true", help="import the good rows, list the others"
    )
    add_dataset_arguments(p)


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file")
    p.add_argument("--out", required=True, help="output file, or - for standard output")
    p.add_argument("--format", choices=EXPORT_CHOICES, help="default: told from --out (json for -)")
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM (Excel)")
    pictures = p.add_argument_group("pictures (--format png|svg|pdf)")
    pictures.add_argument("--view", choices=("timeline", "graph"), default="timeline")
    pictures.add_argument("--from", dest="start", metavar="DATE", help="e.g. 2016 or 'Jan 2024'")
    pictures.add_argument("--to", dest="end", metavar="DATE")
    pictures.add_argument("--lane-by", choices=LANE_MODES, default="actor")
    pictures.add_argument("--width", type=int, default=1600, help="pixels (PNG) or points")
    pictures.add_argument("--height", type=int, default=900)
    pictures.add_argument("--dpi", type=int, default=96, help="PNG: 192 for HiDPI-sharp text")
    pictures.add_argument("--title", default="")
    pictures.add_argument("--no-legend", action="store_true")
    pictures.add_argument("--page-size", choices=("A4", "A3", "Letter", "Legal"), default="A4")
    pictures.add_argument("--portrait", action="store_true", help="PDF: portrait pages")
    pictures.add_argument("--pages", type=int, default=0, help="PDF pages (0: as needed)")


# ---------------------------------------------------------------- import


def _mapping(args: argparse.Namespace, path: Path) -> ColumnMapping:
    from db.exchange.spreadsheet import FIELDS, REQUIRED, guess_mapping, preview

    sample = preview(path, limit=50, encoding=args.encoding)
    mapping = guess_mapping(sample.headers, sample.rows)
    for item in args.column:
        field, _, header = item.partition("=")
        if field not in FIELDS or not header:
            raise ChronicleError(
                f"--column {item!r}: write FIELD=HEADER with FIELD one of {', '.join(FIELDS)}."
            )
        mapping.columns[field] = header
    mapping.actor_separator = args.actor_separator or mapping.actor_separator
    mapping.tag_separator = args.tag_separator or mapping.tag_separator
    mapping.numeric_dates = args.dates or mapping.numeric_dates
    mapping.encoding = args.encoding
    missing = [name for name in REQUIRED if not mapping.header(name)]
    if missing:  # the app asks; here the person must say it, so say how
        what = " and the ".join(FIELDS[name].lower() for name in missing)
        flags = " ".join(f"--column {name}=HEADER" for name in missing)
        raise ChronicleError(
            f"{path.name}: no column was recognised as the {what}; "
            f"name {'it' if len(missing) == 1 else 'them'} with {flags} "
            f"(its columns: {', '.join(sample.headers)})."
        )
    return mapping


def _import_one(lib: Library, path: Path, fmt: str, args: argparse.Namespace) -> ImportReport:
    if fmt == "sheet":
        from db.exchange.imports import import_mapped

        return import_mapped(lib, path, _mapping(args, path), skip_failing=args.skip_failing)
    if fmt in DATASET_FORMATS:
        return import_dataset_file(lib, path, fmt, args)
    if fmt in OUR_READERS:
        return _import_ours(lib, path, fmt)
    report: ImportReport = IMPORTS[fmt].run(lib, path)  # an import format's `run` gives one
    return report


def _import_ours(lib: Library, path: Path, fmt: str) -> ImportReport:
    """Our CSV or JSON, its records matched with the library's as the app's "Update Existing"
    does (actors by name, sources by URL or title, events by id or title and date): a plain
    import of a library's own export added each actor, source, actor link and citation again,
    and another library's JSON (its own ids) added a second actor of each shared name."""
    from db.exchange.existing import find_existing, holds_records, keep_existing
    from db.exchange.loader import load_records

    if not holds_records(lib):  # nothing to match: the streamed import, for big files
        report: ImportReport = IMPORTS[fmt].run(lib, path)
        return report
    data = OUR_READERS[fmt](path)
    found = find_existing(lib, data)
    return load_records(lib, keep_existing(data, found) if found else data, origin=path.name)


def run_import(args: argparse.Namespace) -> int:
    from db.exchange.encoding import chosen_encoding

    with chosen_encoding(args.encoding):
        return _run_import(args)


def _run_import(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.input]
    for path in paths:
        if not path.is_file():
            raise ChronicleError(f"Cannot read {path}: there is no such file.")
    formats = [args.format or detect_import_format(path) for path in paths]
    if len(paths) > 1 and set(formats) != {"text"}:
        raise ChronicleError("Several inputs at once are for text, Markdown and HTML sources.")
    from desktop.cli.library import library_for_import

    with library_for_import(args.file) as lib:
        if len(paths) > 1:
            from db.exchange.imports import import_text_sources

            report = import_text_sources(lib, paths)
        else:
            report = _import_one(lib, paths[0], formats[0], args)
        # Datasets print their own summary and notes, and bring no source texts to compare.
        dataset = formats[0] in DATASET_FORMATS
        if not dataset:
            print(report.summary())
        for problem in report.skipped:
            print(f"skipped {problem}")
        if not dataset:
            report_copies(lib, report, keep_independent=args.keep_independent)
    return 0


def report_copies(lib: Library, report: ImportReport, *, keep_independent: bool) -> None:
    """Print each imported text that nearly copies a source; record it as a copy unless told."""
    from db.curation.copy_links import imported_copies, link_copies

    copies = imported_copies(lib, report)
    for c in copies:
        print(
            f"near-copy: source {c.source_id} “{c.title}” copies source {c.original_id} "
            f"“{c.original_title}” (shares {c.score:.2f})"
        )
    if copies and not keep_independent:
        link_copies(lib, copies)
        print(f"Recorded {len(copies)} as copies (copy_of); --keep-independent would not.")


# ---------------------------------------------------------------- export


def _key_range(args: argparse.Namespace) -> tuple[int | None, int | None]:
    start = parse_date(args.start).start_key if args.start else None
    end = parse_date(args.end).end_key if args.end else None
    if (start is None) != (end is None):
        from db.queries import key_extent

        lib = open_library(args.file, read_only=True)
        try:
            extent = key_extent(lib)
        finally:
            lib.close()
        if extent is None:
            raise ChronicleError("There are no events to draw.")
        start = extent[0] if start is None else start
        end = extent[1] if end is None else end
    return start, end


def _ensure_gui_application() -> None:
    """Qt painting needs a QGuiApplication; offscreen when there is no display."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    global _APP
    if QGuiApplication.instance() is None:
        _APP = QGuiApplication(["chronicle"])


def _export_image(lib: Library, out: Path, args: argparse.Namespace) -> None:
    _ensure_gui_application()
    from desktop.export.images import ImageOptions, export_image

    start, end = _key_range(args)
    options = ImageOptions(
        view=args.view,
        width=args.width,
        height=args.height,
        dpi=args.dpi,
        start_key=start,
        end_key=end,
        lane_by=args.lane_by,
        title=args.title,
        legend=not args.no_legend,
        page_size=args.page_size,
        landscape=not args.portrait,
        pages=args.pages,
    )
    export_image(lib, out, options)


def run_export(args: argparse.Namespace) -> int:
    # A whole library (a team one's offline copy), unless a format says the file is an export.
    if args.format is None and Path(args.out).suffix.lower() == ".chronicle":
        from desktop.cli.team import run_offline_copy

        return run_offline_copy(args.file, Path(args.out))
    if args.out == "-":
        from desktop.cli.stdout import export_to_stdout

        return export_to_stdout(args, write_export)
    print(f"Wrote {write_export(args, Path(args.out))}")
    return 0


def write_export(args: argparse.Namespace, out: Path) -> Path:
    """Export the library `args.file` to `out` as `args` say; returns `out`."""
    fmt = args.format or export_format_for(out)
    if fmt is None:
        raise ChronicleError(
            f"Cannot tell the format of {out.name}; pass --format ({', '.join(EXPORT_CHOICES)})."
        )
    if fmt in IMAGE_FORMATS and out.suffix.lower() != f".{fmt}":
        raise ChronicleError(f"A {fmt.upper()} picture must be written to a .{fmt} file.")
    lib = open_library(args.file, read_only=True)
    try:
        if fmt in IMAGE_FORMATS:
            _export_image(lib, out, args)
        elif fmt in ("csv", "zip"):
            from db.exchange.csv_ import export_csv

            if fmt == "zip" and out.suffix.lower() != ".zip":
                raise ChronicleError("The zip of CSV files must be written to a .zip file.")
            export_csv(lib, out, bom=args.bom)
        elif fmt in NOTED_EXPORTS:
            export_with_notes(lib, out, fmt)
        else:
            EXPORTS[fmt].run(lib, out)
    finally:
        lib.close()
    return out
