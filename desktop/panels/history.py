"""The undo history: every edit of this session, newest last; clicking a step goes back to it."""

from __future__ import annotations

from PySide6.QtWidgets import QUndoView, QWidget

from desktop.workspace import Workspace


class HistoryPanel(QUndoView):
    """QUndoView over the window's undo stack (its texts are plain: QUndoView never reads HTML)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace.undo_stack, parent)
        self.setObjectName("history")
        self.setAccessibleName("Undo history")
        self.setEmptyLabel("Library opened")
