"""`chronicle`: open the app, or do headless work on a library file (demo, check, import, export).

Headless subcommands import only `db/`; Qt is loaded for the GUI and for image exports. Errors a
user can cause print one line to stderr and exit with status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from db.errors import ChronicleError

# The longest error line printed: a message quoting a hostile file must stay one readable line.
MAX_MESSAGE = 2_000


def _cmd_demo(args: argparse.Namespace) -> int:
    from db.engine import create_library
    from db.exchange.imports import import_json
    from resources import DEMO_CHRONOLOGY

    lib = create_library(args.file)
    try:
        report = import_json(lib, DEMO_CHRONOLOGY)
    finally:
        lib.close()
    print(f"Wrote the demo chronology to {args.file}. {report.summary()}")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from desktop.cli.library import run_new

    return run_new(args)


def _cmd_publish(args: argparse.Namespace) -> int:
    from desktop.cli.team import run_publish

    return run_publish(args)


def _cmd_history(args: argparse.Namespace) -> int:
    from desktop.cli.team import run_history

    return run_history(args)


def _cmd_check(args: argparse.Namespace) -> int:
    from datetime import datetime

    from db.engine import open_library
    from db.maintenance import check_library

    # verify=False: a damaged file must still open writable here, or it could not be repaired.
    lib = open_library(args.file, read_only=not args.repair, lock=args.repair, verify=False)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = lib.path  # a team library has no file to copy first: the server keeps its backups
    safety = (
        None if lib.is_team else path.with_name(f"{path.stem}.before-repair-{stamp}{path.suffix}")
    )
    try:
        report = check_library(lib, full=not args.quick, repair=args.repair, safety_copy=safety)
        if args.repair and lib.read_only:
            print(f"not repaired: {lib.read_only_reason}")
    finally:
        lib.close()
    print(report.text())
    return 0 if report.ok else 1


def _cmd_import(args: argparse.Namespace) -> int:
    from desktop.cli.exchange import run_import

    return run_import(args)


def _cmd_export(args: argparse.Namespace) -> int:
    from desktop.cli.exchange import run_export

    return run_export(args)


def _cmd_gui(args: argparse.Namespace) -> int:
    from desktop.window.app import run_app

    return run_app(args.file)


def build_parser() -> argparse.ArgumentParser:
    from desktop.cli.usage import OneLineParser, add_examples, add_version

    parser = OneLineParser(
        prog="chronicle", description="Source-linked chronologies on a zoomable timeline."
    )
    add_version(parser)
    parser.set_defaults(func=_cmd_gui, file=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open the app on FILE (the default command)")
    p.add_argument("file", nargs="?", help="library file (default: your library)")
    p.set_defaults(func=_cmd_gui)

    p = sub.add_parser("new", help="make a new, empty library FILE")
    p.add_argument("file")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("demo", help="write the demo chronology to a new library FILE")
    p.add_argument("file")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser("check", help="schema revision, integrity check and counts of FILE")
    p.add_argument("file")
    p.add_argument(
        "--repair",
        action="store_true",
        help="rebuild indexes and drop broken links (after a copy beside FILE)",
    )
    p.add_argument("--quick", action="store_true", help="quick_check instead of the full check")
    p.set_defaults(func=_cmd_check)

    from desktop.cli.exchange import add_export_arguments, add_import_arguments

    p = sub.add_parser(
        "import",
        help="import INPUT into FILE (our JSON/CSV/zip, TimelineJS, BibTeX, CSL-JSON, "
        "text/Markdown/HTML sources, or a spreadsheet of your own), all or nothing",
    )
    add_import_arguments(p)
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser(
        "export",
        help="export FILE to --out (JSON, CSV, zip, TimelineJS, GraphML, GEXF, PNG/SVG/PDF)",
    )
    add_export_arguments(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "publish", help="copy library FILE into the empty team database URL, all or nothing"
    )
    p.add_argument("file")
    p.add_argument("url", help="postgresql://user@host:port/dbname (an empty database)")
    p.set_defaults(func=_cmd_publish)

    p = sub.add_parser("history", help="who changed what and when in FILE or URL, newest first")
    p.add_argument("file")
    p.add_argument("--by", help="only this person's changes (OS user, or database role)")
    p.add_argument("--kind", choices=("event", "actor", "source", "relation"))
    p.add_argument("--id", type=int, help="only the record with this id (with --kind)")
    p.add_argument("--since", help="only changes since this ISO date or time, e.g. 2026-12-03")
    p.add_argument("--csv", dest="csv_out", help="write them to this CSV file instead")
    p.set_defaults(func=_cmd_history)
    add_examples(parser, sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # file names may hold undecodable bytes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # `chronicle FILE` is short for `chronicle open FILE`.
    commands = {"open", "new", "demo", "check", "import", "export", "publish", "history"}
    commands |= {"-h", "--help", "--version"}
    if argv and argv[0] not in commands:
        argv = ["open", *argv]
    try:
        args = build_parser().parse_args(argv)
        code: int = args.func(args)  # each subcommand's run_… gives its exit status
        return code
    except ChronicleError as err:
        print(f"chronicle: {one_line(str(err))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of a pipe stopped early (`| head`): no traceback, and none at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as err:
        # The disk or the network failed under us (EIO while reading an input, say): the
        # transaction was rolled back; say what failed, in one line.
        where = f" ({err.filename})" if err.filename else ""
        print(f"chronicle: {one_line(err.strerror or str(err))}{where}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # at any point, start-up included
        print("chronicle: interrupted; nothing was half-written.", file=sys.stderr)
        return 130


def one_line(message: str) -> str:
    """`message` on one line, cut to MAX_MESSAGE characters."""
    text = " ".join(message.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


if __name__ == "__main__":
    sys.exit(main())
