"""`chronicle`: open the app, or do headless work on a library file (demo, check, import, export).

Headless subcommands import only `db/`; Qt is loaded for the GUI and for image exports. Errors a
user can cause print one line to stderr and exit with status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from db.engine import create_library, open_library
from db.errors import ChronicleError

EXPORT_FORMATS = ("csv", "json")


def _cmd_demo(args: argparse.Namespace) -> int:
    from db.exchange.json_ import import_json
    from resources import DEMO_CHRONOLOGY

    lib = create_library(args.file)
    try:
        report = import_json(lib, DEMO_CHRONOLOGY)
    finally:
        lib.close()
    print(f"Wrote the demo chronology to {args.file}. {report.summary()}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from db.maintenance import check_library

    lib = open_library(args.file, read_only=not args.repair)
    try:
        report = check_library(lib, full=True, repair=args.repair)
    finally:
        lib.close()
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _importer(fmt: str) -> Callable:
    from db.exchange import csv_, json_

    return {"csv": csv_.import_csv, "json": json_.import_json}[fmt]


def _guess_format(path: Path, allowed: tuple[str, ...]) -> str:
    suffix = path.suffix.lower().lstrip(".")
    guess = {"zip": "csv"}.get(suffix, suffix)
    if guess not in allowed:
        raise ChronicleError(
            f"Cannot tell the format of {path.name}; pass --format ({', '.join(allowed)})."
        )
    return guess


def _cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.input)
    fmt = args.format or _guess_format(source, ("csv", "json"))
    lib = open_library(args.file)
    try:
        report = _importer(fmt)(lib, source)
    finally:
        lib.close()
    print(report.summary())
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    fmt = args.format or _guess_format(out, ("csv", "json"))
    lib = open_library(args.file, read_only=True)
    try:
        if fmt == "csv":
            from db.exchange.csv_ import export_csv

            export_csv(lib, out, bom=args.bom)
        else:
            from db.exchange.json_ import export_json

            export_json(lib, out)
    finally:
        lib.close()
    print(f"Wrote {out}")
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(args.file)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chronicle", description="Source-linked chronologies on a zoomable timeline."
    )
    parser.set_defaults(func=_cmd_gui, file=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open the app on FILE (the default command)")
    p.add_argument("file", nargs="?", help="library file (default: your library)")
    p.set_defaults(func=_cmd_gui)

    p = sub.add_parser("demo", help="write the demo chronology to a new library FILE")
    p.add_argument("file")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("check", help="schema revision, integrity check and counts of FILE")
    p.add_argument("file")
    p.add_argument("--repair", action="store_true", help="rebuild damaged search/time indexes")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("import", help="import INPUT (our CSV, zip of CSVs, or JSON) into FILE")
    p.add_argument("file")
    p.add_argument("input")
    p.add_argument("--format", choices=("csv", "json"))
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("export", help="export FILE to --out in --format")
    p.add_argument("file")
    p.add_argument("--format", choices=EXPORT_FORMATS)
    p.add_argument("--out", required=True)
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM (Excel)")
    p.set_defaults(func=_cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # `chronicle FILE` is short for `chronicle open FILE`.
    commands = {"open", "demo", "check", "import", "export", "-h", "--help"}
    if argv and argv[0] not in commands:
        argv = ["open", *argv]
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ChronicleError as err:
        print(f"chronicle: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("chronicle: interrupted; nothing was half-written.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
