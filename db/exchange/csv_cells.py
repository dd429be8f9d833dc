"""Cells of our CSV files: formula neutralisation, lists inside a cell, the column sets.

Free-text cells that a spreadsheet would run as a formula (starting with = + - @ tab or CR) are
prefixed with an apostrophe on export; a leading apostrophe is escaped the same way, so our own
import can strip exactly one and every text round-trips. Dates are never prefixed: they were
validated on entry (EDTF such as "-0043" for 44 BC, and their readable forms), so they hold
nothing a spreadsheet could run, and scripts reading the file get them as they are. Lists inside
a cell (actors, citations, tags) are one item per line, with the parts of an item separated by
" | " (backslash escapes).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
EVENT_COLUMNS = (
    "id",
    "title",
    "when",
    "start",
    "end",
    "kind",
    "category",
    "importance",
    "color",
    "summary",
    "actors",
    "tags",
    "citations",
    "uuid",  # last: identities for re-import (db/exchange/uuid_match.py)
)
ACTOR_COLUMNS = ("id", "name", "kind", "aliases", "description", "color", "tags", "uuid")
SOURCE_COLUMNS = (
    "id",
    "title",
    "authors",
    "publisher",
    "published",
    "url",
    "accessed",
    "kind",
    "reliability",
    "notes",
    "citation_key",
    "copy_of",
    "tags",
    "full_text",
    "uuid",
)
RELATION_COLUMNS = (
    "id",
    "from_kind",
    "from_id",
    "to_kind",
    "to_id",
    "type",
    "valid",
    "notes",
    "citations",
    "uuid",
)
TAG_COLUMNS = ("name", "color")
# Columns holding validated dates (and the readable forms made from them): never prefixed.
DATE_COLUMNS = frozenset({"when", "start", "end", "published", "valid"})
ZIP_MEMBERS = {
    "tags.csv": ("tags", TAG_COLUMNS),
    "actors.csv": ("actors", ACTOR_COLUMNS),
    "sources.csv": ("sources", SOURCE_COLUMNS),
    "events.csv": ("events", EVENT_COLUMNS),
    "relations.csv": ("relations", RELATION_COLUMNS),
}


def neutralise(cell: str) -> str:
    """Make a cell safe from spreadsheet formula execution (reversible by `restore_cell`)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def restore_cell(cell: str) -> str:
    return cell[1:] if cell.startswith("'") else cell


def _escape(part: str) -> str:
    return part.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split on `sep` outside backslash escapes, then unescape each piece."""
    if "\\" not in text:  # the common case, and 20x faster than the scan below
        return text.split(sep)
    pieces, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            current.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        if text.startswith(sep, i):
            pieces.append("".join(current))
            current = []
            i += len(sep)
            continue
        current.append(ch)
        i += 1
    pieces.append("".join(current))
    return pieces


def join_items(items: Iterable[Iterable[Any]]) -> str:
    """Items, one per line, each a ' | '-joined row of parts."""
    return "\n".join(
        " | ".join(_escape("" if p is None else str(p)) for p in item) for item in items
    )


def split_items(cell: str) -> list[list[str]]:
    return [_split_escaped(line, " | ") for line in cell.split("\n") if line.strip()]


class EscapedParts(dict[Any, str]):
    """Escaped forms of item parts, remembered: names, roles and tags repeat row after row."""

    def __missing__(self, part: Any) -> str:
        text = _escape("" if part is None else str(part))
        if len(self) < 100_000 and len(text) < 200:
            self[part] = text
        return text


def list_cell(values: list[str]) -> str:
    return join_items([v] for v in values)


def list_from(cell: str) -> list[str]:
    return [item[0] for item in split_items(cell)]
