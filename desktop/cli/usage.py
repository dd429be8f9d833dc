"""How `chronicle` explains itself: an example per command in `--help`, `--version`, and usage
errors as one line on stderr with exit status 1 (argparse's default is two lines and status 2).
"""

from __future__ import annotations

import argparse
from typing import NoReturn

from desktop.version import app_version

# One or two command lines per subcommand, shown under its --help and all together under
# `chronicle --help`. A test checks that every subcommand has one.
EXAMPLES = {
    "open": ["chronicle open ~/research/asia.chronicle"],
    "new": ["chronicle new asia.chronicle"],
    "demo": ["chronicle demo demo.chronicle"],
    "check": ["chronicle check asia.chronicle --repair"],
    "import": [
        "chronicle import asia.chronicle events.csv      # creates asia.chronicle if missing",
        "chronicle import asia.chronicle my.csv --format sheet --column when=Date",
    ],
    "export": [
        "chronicle export asia.chronicle --out timeline.png --from 2016 --to 2025",
        "chronicle export asia.chronicle --out - --format csv | head   # to standard output",
        "chronicle export postgresql://me@db.example.org/asia --out offline.chronicle",
    ],
    "publish": ["chronicle publish asia.chronicle postgresql://me@db.example.org:5432/asia"],
    "history": ["chronicle history postgresql://me@db.example.org/asia --by alice --csv h.csv"],
}


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr and exit status 1."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"chronicle: {message} (see: {self.prog} --help)\n")


def _example_text(commands: list[str]) -> str:
    lines = [f"  {line}" for name in commands for line in EXAMPLES[name]]
    return ("examples:\n" if len(lines) > 1 else "example:\n") + "\n".join(lines)


def add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"chronicle {app_version()}")


def add_examples(
    parser: argparse.ArgumentParser,
    commands: argparse._SubParsersAction[OneLineParser],
) -> None:
    """Put each subcommand's example under its --help, and all of them under the main --help."""
    raw = argparse.RawDescriptionHelpFormatter
    for name, sub in commands.choices.items():
        sub.formatter_class = raw
        sub.epilog = _example_text([name])
    parser.formatter_class = raw
    parser.epilog = _example_text(list(commands.choices))
