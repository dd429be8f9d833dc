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
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from db.queries.event_columns import EventColumns
from desktop.library import LibraryController
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
        self._runner = LatestOnly(pool, self)
        self._runner.finished.connect(self._on_built)
        self._runner.failed.connect(self._on_failed)
        controller.events_changed.connect(self._on_events_changed)
        controller.closing.connect(self._on_closing)

    def start(self) -> None:
        """Read the columns now (and keep them up to date from here on)."""
        if not self._started and self._controller.is_open:
            self._started = True
            self._on_events_changed(None)

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
    def coming(self) -> bool:
        """True unless the last reading failed: columns are or will be made for the library."""
        return not self._failed

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def _on_events_changed(self, events: frozenset[int] | None) -> None:
        if not self._started or (events is not None and not events):
            return
        self._stale = True
        if events is None or self._touched is None or self._columns is None:
            self._touched = None
        else:
            self._touched |= events
        self._refresh()

    def _refresh(self) -> None:
        """Make columns of the library as it is now, counting the lane mode's lanes."""
        self._failed = False
        lib, base, touched, lane_by = (
            self._controller.lib,
            self._columns,
            self._touched,
            self._lane_by,
        )
        if touched is None or base is None:  # (base is None only when touched is)
            self._runner.request(lambda: EventColumns.load(lib).with_lanes(lib, lane_by))
        elif touched:
            ids = frozenset(touched)
            self._runner.request(lambda: base.updated(lib, ids).with_lanes(lib, lane_by))
        else:
            self._runner.request(lambda: base.with_lanes(lib, lane_by))

    def _on_built(self, columns: EventColumns) -> None:
        # Only the newest request is delivered, and it held every change noted so far.
        self._columns, self._stale, self._touched = columns, False, set()
        if not columns.has_lanes(self._lane_by):  # the lane mode changed while they were made
            self._refresh()
            return
        self.ready.emit()

    def _on_failed(self, _message: str) -> None:
        self._columns, self._stale, self._touched = None, False, None  # SQL answers instead
        self._failed = True

    def _on_closing(self) -> None:
        self._runner.cancel()
        self._columns, self._stale, self._touched = None, False, None
        self._started, self._failed = False, False  # the next file's first frame comes first again
