"""Record actions of the main window: new records, delete, find, save a copy, close.

They live here so `main_window.py` stays wiring: it adds these actions to its menus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLineEdit, QMenu

from db.errors import ChronicleError
from desktop.commands import NOUNS, DeleteCommand, push, quoted
from desktop.dialogs.confirm_delete import confirm_delete, record_label
from desktop.library import ALL_KINDS
from desktop.panels.inspector import InspectorPanel
from desktop.selection import KINDS
from desktop.window.line_edit_keys import ShortcutsOverLineEdits
from desktop.workspace import Menus, Workspace

NEW_SHORTCUTS = {"event": "Ctrl+E", "actor": "Ctrl+Shift+A", "source": "Ctrl+Shift+R"}
SUFFIX = ".chronicle"


class RecordActions(QObject):
    """The actions, and what they do; enabled only when they can do something."""

    def __init__(
        self,
        workspace: Workspace,
        menus: Menus,
        inspector: InspectorPanel,
        inspector_dock: QDockWidget,
        search_box: QLineEdit,
    ):
        super().__init__(workspace.parent)
        self.parent_widget, self.menus, self.report = workspace.parent, menus, workspace.report
        self.controller, self.selection = workspace.controller, workspace.selection
        self.undo_stack = workspace.undo_stack
        self.inspector, self.inspector_dock, self.search_box = inspector, inspector_dock, search_box
        self.save_copy = self._make("Save a Cop&y As…", self.save_a_copy, "Ctrl+Shift+S")
        self.close_library = self._make("&Close", self.close, "Ctrl+W")
        self.new = {
            kind: self._make(
                f"New &{kind.capitalize()}",
                self._new_record_of(kind),
                NEW_SHORTCUTS[kind],
            )
            for kind in KINDS
        }
        # Ctrl+E is "end of line" in a Linux text field; New Event must still win there.
        self.over_line_edits = ShortcutsOverLineEdits([self.new["event"]], self)
        self.delete = self._make("&Delete", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.find = self._make("&Find…", self.focus_search, QKeySequence.StandardKey.Find)
        # Bound methods, not lambdas: Qt drops these connections when this object goes.
        self.controller.opened.connect(self.update_enabled)
        self.controller.changed.connect(self.update_enabled)
        self.selection.changed.connect(self.update_enabled)
        self.update_enabled()

    def _make(
        self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey
    ) -> QAction:
        action = QAction(text, self.parent_widget)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.menus.add_shortcut(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _new_record_of(self, kind: str) -> Callable[[], None]:
        return lambda: self.new_record(kind)

    def add_file_actions(self, menu: QMenu) -> None:
        menu.addAction(self.save_copy)
        menu.addAction(self.close_library)

    def add_edit_actions(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addActions(list(self.new.values()))
        menu.addSeparator()
        menu.addAction(self.delete)
        menu.addSeparator()
        menu.addAction(self.find)

    def update_enabled(self, *_why: object) -> None:
        is_open = self.controller.is_open
        writable = is_open and not self.controller.read_only
        self.save_copy.setEnabled(is_open)
        self.close_library.setEnabled(is_open)
        for action in self.new.values():
            action.setEnabled(writable)
        self.delete.setEnabled(writable and self.selected()[1] != [])
        self.find.setEnabled(is_open)

    # -- records ----------------------------------------------------------------------------
    def selected(self) -> tuple[str, list[int]]:
        """The kind and ids Delete would remove: the kind of the current record first."""
        current = self.selection.current
        order = ([current[0]] if current else []) + [k for k in KINDS]
        for kind in order:
            ids = sorted(self.selection.ids(kind))
            if ids:
                return kind, ids
        return "event", []

    def new_record(self, kind: str) -> None:
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        self.inspector.new_record(kind)

    def delete_selected(self) -> None:
        kind, ids = self.selected()
        if not ids or not self.controller.is_open:
            return
        self.inspector.commit_pending()
        try:
            if not confirm_delete(self.parent_widget, self.controller, kind, ids):
                return
            label = record_label(self.controller, kind, ids[0]) if len(ids) == 1 else ""
            text = f"Delete {NOUNS[kind]} {quoted(label)}" if label else None
            push(self.undo_stack, DeleteCommand(self.controller, kind, ids, text))
        except ChronicleError as err:
            self.report.show_error("Cannot delete", err)
            return
        self.selection.forget(kind, ids)
        what = f"{NOUNS[kind]} {quoted(label)}" if label else f"{len(ids)} {NOUNS[kind]}s"
        self.report.show_status(f"Deleted {what}. Undo brings it back.", 8000)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- the file ---------------------------------------------------------------------------
    def save_a_copy(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.parent_widget, "Save a Copy As", "", "Chronicle libraries (*.chronicle)"
        )
        if path:
            self.write_copy(path)

    def write_copy(self, path: str) -> bool:
        """Copy the open library to `path` (adding .chronicle); the open file stays the same."""
        if not path.endswith(SUFFIX):
            path += SUFFIX
        self.inspector.commit_pending()
        try:
            written = self.controller.save_copy(path)
        except ChronicleError as err:
            self.report.show_error("Cannot save a copy", err)
            return False
        self.report.show_status(f"Saved a copy as {written}", 8000)
        return True

    def close(self) -> None:
        """Close the library (every edit is already saved); the window stays open."""
        self.inspector.commit_pending()
        self.controller.close()
        self.undo_stack.clear()
        self.selection.clear()
        self.controller.notify(ALL_KINDS)
        self.update_enabled()
