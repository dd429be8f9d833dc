"""Keeps the Events list's order in memory (`db.queries.event_ranks`) for long lists.

At ten million events a deep page costs 0.2-0.4 s by OFFSET and any page sorted by sources
8 s; with the order held as an array of ids (40 MB at 10M, for the one order shown) every
page and every find-row takes milliseconds. The array is made off the UI thread whenever the
list's sort, filter or data change (edits, undo, imports, another process's commits: each
reloads the list), one build at a time, and only the newest is kept. Until it is ready,
`current` is None and the plain queries answer, so a page is never wrong, only slower; sorts
no index serves (sources, category, importance) would freeze the window for seconds, so for
those the list shows its rows as "Sorting…" until the order arrives (`waits`).

A long search's list (the search box alone) is the whole list's order with the events that
do not match left out (`search_ranks`): the whole order of the sort shown is kept beside it
(one at a time, dropped on any change of data), so typing another word costs a read of its
matches (0.25 s of CPU for "war" at 10M events), not a sort of them. Meanwhile its pages come
from the search's walk, and a page that would gather and sort a common word's every match
(1.4 s by title at 10M) waits for the order ("Sorting…") instead (`list_events_soon`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from db.queries import EventFilter
from db.queries.event_ranks import (
    INDEXED_SORTS,
    EventRanks,
    Progress,
    rank_events,
    search_ranks,
)
from desktop.jobs import Job, start
from desktop.library import LibraryController


class EventOrder(QObject):
    """The order of the list the Events table shows, made in the background when worth it."""

    ready = Signal()  # `current` is there for the list as it is now
    # Lists shorter than this page and find rows fast enough by OFFSET (a few ms at 50,000).
    RANKED_FROM = 50_000

    def __init__(
        self,
        controller: LibraryController,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._pool = pool
        self._ranks: EventRanks | None = None
        self._wanted: tuple[EventFilter, str, bool] | None = None
        self._generation = 0  # moves on every reset: older builds are dropped
        self._running: Job | None = None
        self._running_generation = 0  # the generation the running build was started for
        self._waiting = False  # a build is due once the running one ends
        # The order of the whole (unfiltered) list in one sort, a search's is made from.
        self._whole: EventRanks | None = None
        self._data = 0  # moves on every change of data: a whole order made before is stale
        self._running_data = 0
        controller.closing.connect(self._on_closing)
        # Connected before any list reloads on the same signal: the whole order is dropped
        # before the next build starts.
        controller.changed.connect(self._on_data_changed)

    @property
    def current(self) -> EventRanks | None:
        """The list's order, or None while it is being made (or not worth making)."""
        return self._ranks

    @property
    def coming(self) -> bool:
        """True while the order of the list as it is now is being made."""
        return self._ranks is None and self._wanted is not None

    def waits(self, sort: str) -> bool:
        """True when a page in `sort` should wait for the order rather than be read by OFFSET
        (no index serves that sort, and the order is on its way)."""
        return self.coming and sort not in INDEXED_SORTS

    def forget(self) -> None:
        """Drop the order and any build under way (the list or the library changed)."""
        self._generation += 1
        self._ranks, self._wanted, self._waiting = None, None, False
        if self._running is not None:
            self._running.cancel()

    @property
    def held_bytes(self) -> int:
        """Memory held by the orders kept (the list's and the whole list's)."""
        held = {id(r): r.nbytes for r in (self._ranks, self._whole) if r is not None}
        return sum(held.values())

    def _on_data_changed(self, _kinds: frozenset[str]) -> None:
        self._data += 1
        self._whole = None

    def _on_closing(self) -> None:
        self._data += 1
        self._whole = None
        self.forget()

    def reset(self, filt: EventFilter, sort: str, descending: bool, count: int) -> None:
        """The list now shows `count` rows of `filt` in this order: make that order if the list
        is long enough to need it."""
        self.forget()
        lib = self._controller.lib if self._controller.is_open else None
        searched = filt.text.strip() != ""
        if (
            lib is None
            or lib.is_team
            or (searched and filt != EventFilter(text=filt.text))
            or count < self.RANKED_FROM
        ):
            # A team library changes under us all the time, and a search with other filters
            # is found by db.queries.search's walk: the plain queries answer those.
            return
        self._wanted = (filt, sort, descending)
        self._waiting = True
        if self._running is None:
            self._start()

    def _start(self) -> None:
        assert self._wanted is not None, "called when an order is wanted"
        filt, sort, descending = self._wanted
        lib = self._controller.lib
        self._waiting = False
        whole = self._whole
        if whole is not None and (whole.sort, whole.descending) != (sort, descending):
            whole = self._whole = None  # one whole order held at a time
        text = filt.text if filt.text.strip() else None

        def build(progress: Progress) -> tuple[EventRanks | None, EventRanks]:
            if text is None:
                ranks = rank_events(lib, filt, sort, descending, progress)
                return (ranks if filt == EventFilter() else None), ranks
            made = whole or rank_events(lib, EventFilter(), sort, descending, progress)
            return made, search_ranks(lib, made, text, progress)

        job = Job(build)
        # Bound methods, not lambdas: Qt drops the connections if this object goes first.
        job.signals.finished.connect(self._on_built)
        job.signals.failed.connect(self._on_stopped)
        job.signals.cancelled.connect(self._on_stopped)
        self._running, self._running_generation = job, self._generation
        self._running_data = self._data
        start(job, self._pool)

    def _on_built(self, built: tuple[EventRanks | None, EventRanks]) -> None:
        whole, ranks = built
        if whole is not None and self._running_data == self._data:
            self._whole = whole
        if self._running_generation == self._generation:
            self._running, self._ranks = None, ranks
            self.ready.emit()
        else:
            self._on_stopped()

    def _on_stopped(self, *_message: str) -> None:
        self._running = None
        if self._running_generation == self._generation:
            self._wanted = None  # it failed: the plain queries answer until the list changes
        elif self._waiting and self._controller.is_open:
            self._start()  # the list changed meanwhile
