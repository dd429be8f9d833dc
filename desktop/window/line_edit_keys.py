"""Let chosen window shortcuts through text fields that would take their keys on X11.

On Linux (Qt's X11 keyboard scheme) a QLineEdit claims Ctrl+E as "end of line", a duplicate of
End. Nearly every field of the inspector and the search box is a QLineEdit, so Edit ▸ New Event
(Ctrl+E) silently did nothing whenever one had the cursor, which is most of the time. Qt asks the
focused widget first (a ShortcutOverride event); this filter answers "not mine" for those keys so
the window's action runs. The offscreen platform uses another scheme, which is why only a real
window showed it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit


class ShortcutsOverLineEdits(QObject):
    """Installed on the application: the shortcuts of `actions` win over a focused QLineEdit."""

    def __init__(self, actions: list[QAction], parent: QObject):
        super().__init__(parent)
        self.actions = actions
        app = QApplication.instance()
        assert app is not None  # a window exists, so the application does
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(watched, QLineEdit):
            return False
        assert isinstance(event, QKeyEvent)
        pressed = QKeySequence(event.keyCombination())
        for action in self.actions:
            if action.isEnabled() and pressed in action.shortcuts():
                event.ignore()  # not the field's: Qt goes on to the window's shortcut
                return True
        return False
