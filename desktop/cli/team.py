"""`chronicle publish FILE URL` and `chronicle export URL --out copy.chronicle`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from db.errors import ChronicleError
from db.team import display_name, is_team_url


class _Percent:
    """Progress on stderr as a percentage, written only when it moves."""

    def __init__(self, what: str):
        self.what, self.shown = what, -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent != self.shown:
            self.shown = percent
            print(f"\r{self.what}… {percent}%", end="", file=sys.stderr, flush=True)

    def end(self) -> None:
        print(file=sys.stderr)


def run_publish(args: argparse.Namespace) -> int:
    from db.team_copy import publish

    if not is_team_url(args.url):
        raise ChronicleError(f"{args.url!r} is not a postgresql:// URL of the team database.")
    progress = _Percent(f"Publishing to {display_name(args.url)}")
    try:
        counts = publish(args.file, args.url, progress=progress)
    finally:
        progress.end()
    print(
        f"Published {counts['event']:,} events, {counts['actor']:,} actors and "
        f"{counts['source']:,} sources to {display_name(args.url)}."
    )
    return 0


def run_offline_copy(url: str, out: Path) -> int:
    from db.team_copy import offline_copy

    if not is_team_url(url):
        raise ChronicleError(
            "A .chronicle copy is made of a team library: give its postgresql:// URL "
            "(to copy a library file, copy the file)."
        )
    progress = _Percent(f"Copying {display_name(url)}")
    try:
        offline_copy(url, out, progress=progress)
    finally:
        progress.end()
    print(f"Wrote {out}")
    return 0


def run_history(args: argparse.Namespace) -> int:
    from db.engine import open_library
    from db.queries.history import changes, export_history_csv

    lib = open_library(args.file, read_only=True)
    try:
        found = changes(
            lib, kind=args.kind, record_id=args.id, who=args.by, since=args.since, limit=100_000
        )
        if args.csv_out:
            export_history_csv(lib, args.csv_out, found)
            print(f"Wrote {len(found)} changes to {args.csv_out}")
            return 0
    finally:
        lib.close()
    for change in found:
        what = ", ".join(f"{name}: {old!r} → {new!r}" for name, old, new in change.fields())
        print(
            f"{change.changed_at}  {change.who}  {change.action} {change.kind} "
            f"{change.record_id}  {what}"
        )
    return 0
