"""Event rows kept between the scenes of one state of the library (no Qt).

A wheel step asks for a window that mostly overlaps the one before: its events, and the
labelled events of a busy window, were read for the previous scene. Keeping their rows lets
the next scene read only the events new to it. A cache holds for one state of the library:
the timeline makes a new one whenever data changes, and a scene built meanwhile fills the old
one, which nobody asks again.
"""

from __future__ import annotations

from collections.abc import Iterable

from db.engine import Library
from db.queries import EventRow
from db.queries.timeline import event_rows

_MOST = 30_000  # rows kept (a few scenes' worth, ~10 MB); past it the cache starts afresh


class EventRowCache:
    """Rows of events by id, read from the library on first use."""

    def __init__(self) -> None:
        self._rows: dict[int, EventRow] = {}

    def rows(self, lib: Library, event_ids: Iterable[int]) -> list[EventRow]:
        """The rows of `event_ids` (missing events are skipped), reading only those not kept."""
        wanted = [int(event_id) for event_id in event_ids]
        missing = [event_id for event_id in wanted if event_id not in self._rows]
        if missing:
            if len(self._rows) + len(missing) > _MOST:
                self._rows = {}
            self._rows.update((row.id, row) for row in event_rows(lib, missing))
        kept = self._rows
        return [kept[event_id] for event_id in wanted if event_id in kept]
