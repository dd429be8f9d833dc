"""The neutral records of an exchange: the shape every format reads into and writes from.

Records are plain dicts in the shape of our JSON format (sections "tags", "actors", "sources",
"events", "relations"). The pipeline runs one way (docs/pipeline.md):

    format reader -> records -> `db.exchange.loader` (the one loader) -> the library
    the library -> `db.exchange.library_records` (the one reader) -> records -> format writer

This module holds what both directions share and imports neither end.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from db.errors import ValidationError
from db.progress import Progress

FORMAT_NAME = "chronicle"
FORMAT_VERSION = 1
SECTIONS = ("tags", "actors", "sources", "events", "relations")


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # rows left out on request, and why
    # The ids the import created, table -> (first, last): what undoing it removes.
    id_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Rows of the library a re-import updated (matched by UUID, or by id/name/URL on request),
    # (table, before, after): undo writes `before` back.
    updated: list[tuple[str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{n} {name}" for name, n in self.counts.items() if n]
        text = "Imported " + (", ".join(parts) if parts else "nothing") + "."
        if self.updated:
            noun = "record" if len(self.updated) == 1 else "records"
            text += f" Updated {len(self.updated)} existing {noun}."
        if self.skipped:
            rows = "row" if len(self.skipped) == 1 else "rows"
            text += f" Skipped {len(self.skipped)} failing {rows}."
        return text


_gc_lock = threading.Lock()
_gc_state = {"pauses": 0, "was_enabled": True}


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector during a bulk export or import.

    A million-event export makes tens of millions of short-lived tuples and dicts, none in a
    cycle, and the collector rescanned the growing heap each time allocations piled up: 3 s of
    a 15 s export (benchmarks/bench_exchange.py). Reference counting still frees everything;
    nested and concurrent pauses are counted, and collection resumes after the last.
    """
    with _gc_lock:
        if _gc_state["pauses"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["pauses"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["pauses"] -= 1
            if _gc_state["pauses"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


class Remembered(dict[Any, str]):
    """Texts made by `make(key)` once, then looked up: exports write the same cells (an actor
    in a role, a set of tags) a million times. Cleared past `limit` entries (free text that
    never repeats)."""

    def __init__(self, make: Callable[[Any], str], limit: int = 200_000) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key: Any) -> str:
        if len(self) > self.limit:
            self.clear()
        text = self.make(key)
        self[key] = text
        return text


class Ticker:
    """Counts written items and reports progress every `every` of them."""

    def __init__(self, progress: Progress, total: int, every: int = 2_000):
        self.progress, self.total, self.every, self.done = progress, max(total, 1), every, 0

    def __call__(self) -> None:
        self.done += 1
        if self.done % self.every == 0:
            self.progress(min(self.done, self.total), self.total)

    def advance(self, count: int) -> None:
        """`count` items more (reported at once)."""
        self.done += count
        self.progress(min(self.done, self.total), self.total)

    def start(self) -> None:
        self.progress(0, self.total)

    def finish(self) -> None:
        self.progress(self.total, self.total)


def sentence(err: Exception | str) -> str:
    """An error message ending like a sentence, so more can follow it."""
    text = str(err).rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def as_list(value: Any, what: str) -> list[Any]:
    """`value` as a list of records (None is none); anything else is refused."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{what} must be a list.")
    return value
