"""A `Workspace` for a panel tested on its own, without the main window."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from db.queries import EventFilter
from desktop.library import LibraryController
from desktop.paths import Paths, make_settings
from desktop.selection import SelectionModel
from desktop.workspace import Workspace


class RecordedReports:
    """Errors and status messages kept for the test to read (a window would show them)."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.statuses: list[str] = []

    def show_error(self, title: str, err: Exception | str) -> None:
        self.errors.append((title, str(err)))

    def show_status(self, text: str, msecs: int = 0) -> None:
        self.statuses.append(text)


class NoTimeline:
    """No timeline on screen: nothing visible, actor lanes, no filter."""

    def visible_window(self) -> tuple[int, int]:
        return (0, 0)

    def lane_by(self) -> str:
        return "actor"

    def timeline_filter(self) -> EventFilter:
        return EventFilter()

    def timeline_layers(self) -> tuple[bool, bool]:
        return (True, False)  # as a new timeline draws them


def standalone_workspace(
    controller: LibraryController,
    selection: SelectionModel | None = None,
    undo_stack: QUndoStack | None = None,
    settings: QSettings | None = None,
) -> Workspace:
    return Workspace(
        controller=controller,
        selection=selection if selection is not None else SelectionModel(),
        undo_stack=undo_stack if undo_stack is not None else QUndoStack(),
        settings=settings if settings is not None else make_settings(),
        paths=Paths(),
        report=RecordedReports(),
        timeline=NoTimeline(),
        parent=None,
    )
