"""Keeps the in-memory key columns (`db.queries.event_columns`) in step with the library.

Edits announce the events they touched (`LibraryController.events_changed`), and only those
rows are read again; opening a file, imports and commits by another process (the data-version
watch) announce None, and the columns are read afresh. Either way the work runs off the UI
thread, and until it is done `current` is None, so a scene built meanwhile asks SQL instead of
trusting stale columns. The same holds after the lane mode changes: the columns count one
mode's lanes at a time (`EventColumns.with_lanes`, seconds at ten million events), and SQL
answers until they are ready for the new one. The first reading waits for `start()` (the
timeline calls it once its first frame is up): on two cores it would otherwise hold that
frame back by seconds.

With a filter set, the columns are also seen through it (`FilteredColumns`, made in the same
background job, so both always match the same library): the filter's events are asked of
SQL once, and after an edit that names its events only those are tested again. A change that
names none (a source graded, a citation added, another process) asks for them all again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from db.queries import EventFilter
from db.queries.event_columns import EventColumns
from db.queries.filtered_columns import FilteredColumns
from desktop.library import EVENT, LINK, TAG, LibraryController
from desktop.timeline.worker import LatestOnly


class EventKeys(QObject):
    """The newest `EventColumns` of the open library, or None while they are being made."""

    ready = Signal()  # `current` is up to date again

    def __init__(
        self, controller: LibraryController, pool: QThreadPool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._lane_by = "actor"  # the lane mode the columns are made to count
        self._columns: EventColumns | None = None
        self._stale = False  # changes arrived that `_columns` does not hold yet
        self._touched: set[int] | None = set()  # events changed since `_columns` (None: all)
        self._started = False
        self._failed = False  # the last reading failed: SQL answers until the next change
        self._filter = EventFilter()  # the filter the view shows
        self._filtered: FilteredColumns | None = None  # `_columns` seen through `_filter`
        self._retest: set[int] | None = set()  # events to test against the filter (None: all)
        self._named: frozenset[int] | None = None  # events the change under way names
        self._runner = LatestOnly(pool, self)
        self._runner.finished.connect(self._on_built)
        self._runner.failed.connect(self._on_failed)
        controller.events_changed.connect(self._on_events_changed)
        controller.changed.connect(self._on_changed)
        controller.closing.connect(self._on_closing)

    def start(self) -> None:
        """Read the columns now (and keep them up to date from here on)."""
        if not self._started and self._controller.is_open:
            self._started = True
            self._stale, self._touched, self._retest = True, None, None
            self._refresh()

    @property
    def lane_by(self) -> str:
        return self._lane_by

    @lane_by.setter
    def lane_by(self, lane_by: str) -> None:
        """Count `lane_by`'s lanes from now on (made in the background if not yet)."""
        self._lane_by = lane_by
        if self._columns is not None and not self._columns.has_lanes(lane_by):
            self._refresh()

    @property
    def current(self) -> EventColumns | None:
        """Columns that match the library as it is now and count the lane mode's lanes, or
        None."""
        columns = None if self._stale else self._columns
        return columns if columns is not None and columns.has_lanes(self._lane_by) else None

    @property
    def filter(self) -> EventFilter:
        return self._filter

    @filter.setter
    def filter(self, filt: EventFilter) -> None:
        """See the columns through `filt` from now on (asked of SQL in the background)."""
        if filt == self._filter:
            return
        self._filter, self._filtered = filt, None
        if self._columns is not None and not self._runner.busy and not filt.is_empty():
            self._refresh()  # (a job under way is followed by one for the filter: `_on_built`)

    def columns_for(self, filt: EventFilter) -> EventColumns | FilteredColumns | None:
        """What answers for a view filtered by `filt` now: the columns (no filter), the
        columns seen through `filt`, or None (SQL answers) while those are being made."""
        columns = self.current
        if columns is None or filt.is_empty():
            return columns
        filtered = self._filtered
        if filtered is None or filtered.filter != filt or not filtered.has_lanes(self._lane_by):
            return None
        return filtered

    @property
    def coming(self) -> bool:
        """True unless the last reading failed: columns are or will be made for the library."""
        return not self._failed

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def _on_events_changed(self, events: frozenset[int] | None) -> None:
        self._named = events  # (`changed` follows at once: it asks for the new columns)
        if not self._started or (events is not None and not events):
            return
        self._stale = True
        if events is None or self._touched is None or self._columns is None:
            self._touched = None
        else:
            self._touched |= events

    def _on_changed(self, kinds: frozenset[str]) -> None:
        named, self._named = self._named, None
        if not self._started:
            return
        if not self._filter.is_empty():
            # An edit of events' own rows and links moves only the events it names in or out
            # of the filter; any other change may move events it does not name.
            if named and kinds <= {EVENT, LINK, TAG} and self._retest is not None:
                self._retest |= named
            else:
                self._retest = None
            self._stale = True
        if self._stale:
            self._refresh()

    def _refresh(self) -> None:
        """Make columns of the library as it is now, counting the lane mode's lanes."""
        self._failed = False
        lib, base, touched, lane_by = (
            self._controller.lib,
            self._columns,
            None if self._touched is None else frozenset(self._touched),
            self._lane_by,
        )
        filt, seen = self._filter, self._filtered
        retest = None if self._retest is None else frozenset(self._retest)

        def work() -> tuple[EventColumns, FilteredColumns | None]:
            if touched is None or base is None:  # (base is None only when touched is)
                columns = EventColumns.load(lib).with_lanes(lib, lane_by)
            else:
                columns = base.updated(lib, touched).with_lanes(lib, lane_by)
            if filt.is_empty():
                return columns, None
            if seen is None or seen.filter != filt:
                return columns, FilteredColumns.load(lib, columns, filt)
            return columns, seen.updated(lib, columns, retest)

        self._runner.request(work)

    def _on_built(self, built: tuple[EventColumns, FilteredColumns | None]) -> None:
        # Only the newest request is delivered, and it held every change noted so far.
        columns, filtered = built
        self._columns, self._stale, self._touched = columns, False, set()
        self._filtered, self._retest = filtered, set()
        stale_filter = filtered is None or filtered.filter != self._filter
        if not columns.has_lanes(self._lane_by) or (stale_filter and not self._filter.is_empty()):
            self._refresh()  # the lane mode or the filter changed while they were made
            return
        self.ready.emit()

    def _on_failed(self, _message: str) -> None:
        self._columns, self._stale, self._touched = None, False, None  # SQL answers instead
        self._filtered, self._retest = None, None
        self._failed = True

    def _on_closing(self) -> None:
        self._runner.cancel()
        self._columns, self._stale, self._touched = None, False, None
        self._filtered, self._retest = None, None
        self._started, self._failed = False, False  # the next file's first frame comes first again
