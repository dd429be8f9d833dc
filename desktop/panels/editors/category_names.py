"""The library's event categories, offered by the category fields, read off the UI thread.

The event table has no index on category, so reading the distinct names scans it: 2.2 s a
click at 1,000,000 events (measured with benchmarks/bench_inspector.py), and the event form
asked every time it showed an event. Now the names are kept, read again in a worker only
after events changed, and the combo boxes take them when the read is done.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox

from db import queries
from db.engine import Library
from desktop.jobs import Job, start
from desktop.library import LibraryController


class CategoryNames(QObject):
    """The known names (possibly from before the last edit) and a fresh read when stale."""

    ready = Signal(list)  # the names, each time a read brought them

    def __init__(self, controller: LibraryController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.names: list[str] = []
        self._stale = True
        self._job: Job | None = None
        self._reading: Library | None = None
        controller.changed.connect(self._on_changed)
        controller.opened.connect(self._on_opened)

    def current(self) -> list[str]:
        """The names known now; starts a read if events changed since the last one."""
        if self._stale and self._job is None and self.controller.is_open:
            self._read()
        return self.names

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if "event" in kinds:
            self._stale = True

    def _on_opened(self, _lib: Library) -> None:
        self.names, self._stale = [], True

    def _read(self) -> None:
        self._stale = False
        lib = self._reading = self.controller.lib
        job = Job(lambda _progress: queries.event_categories(lib), "Reading categories")
        job.signals.finished.connect(self._done)
        job.signals.failed.connect(self._failed)
        self._job = start(job)

    def _done(self, names: list[str]) -> None:
        self._job = None
        if self.controller.is_open and self.controller.lib is self._reading:
            self.names = names
            self.ready.emit(names)
        if self._stale:  # events changed while it read
            self.current()

    def _failed(self, _message: str) -> None:
        # A busy or closed file: the suggestions stay as they were; the next look reads again.
        self._job, self._stale = None, True


def offer(combo: QComboBox, names: list[str]) -> None:
    """Make `names` the combo box's items, keeping the text it shows (nothing is saved)."""
    if [combo.itemText(i) for i in range(combo.count())] == names:
        return
    current = combo.currentText()
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(names)
    combo.setEditText(current)
    combo.blockSignals(False)
