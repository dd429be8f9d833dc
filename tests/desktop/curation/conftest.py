"""Fixtures for the source reader: corpus articles as sources, and answering modal dialogs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialog

from db import store
from db.exchange.library_records import export_records

JAPAN_TIMES = "japantimes-trump-proofing-2024.txt"
ECFR = "ecfr-asia-partners-after-trump-2024.txt"
NPR = "npr-allies-unite-2025.txt"
PUBLISHED = {JAPAN_TIMES: "2024-06-25", ECFR: "2024-11", NPR: "2025"}
ACTORS = [
    ("Japan", "state", ["Tokyo"]),
    ("United States", "state", ["US", "U.S.", "America", "Washington"]),
    ("South Korea", "state", ["Seoul"]),
    ("Joe Biden", "person", ["Biden"]),
    ("Donald Trump", "person", ["Trump"]),
]


def library_state(lib) -> dict:
    """Everything a user could see in the library, for before/after comparisons."""
    return export_records(lib)


class Reader:
    """A reader panel over a library holding the corpus articles and a few actors."""

    def __init__(self, controller, corpus, qtbot):
        from desktop.curation.reader import SourceReaderPanel
        from desktop.selection import SelectionModel

        self.controller, self.lib = controller, controller.lib
        self.texts = {n: (corpus / n).read_text(encoding="utf-8") for n in PUBLISHED}
        self.actors = {
            name: store.create(self.lib, "actor", name=name, kind=kind, aliases=aliases)
            for name, kind, aliases in ACTORS
        }
        self.sources = {
            name: store.create(
                self.lib, "source", title=name, published=published, full_text=self.texts[name]
            )
            for name, published in PUBLISHED.items()
        }
        controller.notify({"actor", "source"})
        self.selection = SelectionModel()
        self.stack = QUndoStack()
        self.panel = SourceReaderPanel(controller, self.selection, self.stack)
        qtbot.addWidget(self.panel)
        self.panel.resize(900, 700)
        self.panel.show()

    def show(self, name: str) -> None:
        self.selection.select("source", [self.sources[name]])


@pytest.fixture
def state():
    """`state(lib)`: the library as records, to compare before, after, undo and redo."""
    return library_state


@pytest.fixture
def reader(controller, corpus, qtbot, tmp_path):
    controller.open(tmp_path / "reader.chronicle", create=True)
    return Reader(controller, corpus, qtbot)


@pytest.fixture
def answer_dialogs(qtbot):
    """Run `action()` and answer each modal dialog it opens with the next handler, in order.

    A handler gets the dialog and must close it; a failing handler rejects it so nothing hangs.
    """

    def run(action: Callable[[], object], *handlers: Callable[[QDialog], None]):
        pending, seen, errors = list(handlers), [], []

        def answer(dialog: QDialog, handler) -> None:
            try:
                handler(dialog)
            except Exception as err:
                errors.append(err)
                dialog.reject()

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog in seen:
                return
            seen.append(dialog)
            if not pending:
                errors.append(AssertionError(f"unexpected dialog {dialog.windowTitle()!r}"))
                dialog.reject()
                return
            # Answer from a timer of its own: Qt never re-enters this one while it runs, so a
            # dialog that the handler opens in turn would otherwise go unanswered.
            handler = pending.pop(0)
            QTimer.singleShot(0, lambda: answer(dialog, handler))

        timer = QTimer()
        timer.timeout.connect(poll)
        timer.start(10)
        try:
            result = action()
        finally:
            timer.stop()
        if errors:
            raise errors[0]
        assert not pending, f"{len(pending)} expected dialog(s) never opened"
        return result

    return run
