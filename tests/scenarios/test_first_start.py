"""The first start offers the demo chronology, and offers it again until the person answers.

Seen: the app created the default library, then asked; closed (or killed) while asking, the next
start found the library there and never asked again, leaving the person an empty window.
"""

from __future__ import annotations

import sys

from person import Person
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from db import queries
from db.engine import create_library, open_library
from desktop.library import LibraryController
from desktop.paths import default_library_path, make_settings
from desktop.safety.reliability import install_error_hook
from desktop.window.app import open_start_library
from desktop.window.main_window import MainWindow

QUESTION = "Your library is empty. Load the demo chronology"


def _start(qtbot, monkeypatch, answer: str | None) -> list[str]:
    """Start as `chronicle` does with no file named; click `answer` if asked; what was asked."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    window = MainWindow(LibraryController(), make_settings())
    qtbot.addWidget(window)
    install_error_hook(window.workspace)
    window.show()
    asked: list[str] = []
    if answer is not None:
        Person(qtbot, window).when_asked(answer, asked)
    else:  # nothing may ask: close whatever would, and say what it was
        QTimer.singleShot(300, lambda: _close_any_box(asked))
    open_start_library(window)
    qtbot.wait(400)
    window.close()
    return asked


def _close_any_box(asked: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        asked.append(box.text())
        box.reject()


def _events() -> int:
    lib = open_library(default_library_path())
    try:
        return queries.entity_counts(lib)["event"]
    finally:
        lib.close()


def test_a_first_start_cut_off_while_asking_asks_again_next_time(qtbot, monkeypatch):
    # What the cut-off first start left: the empty default library, and no answer.
    default_library_path().parent.mkdir(parents=True, exist_ok=True)
    create_library(default_library_path()).close()

    asked = _start(qtbot, monkeypatch, "Yes")
    assert asked and asked[0].startswith(QUESTION)
    loaded = _events()
    assert loaded > 10

    assert _start(qtbot, monkeypatch, None) == []  # answered: not asked again
    assert _events() == loaded


def test_no_is_remembered_and_the_empty_library_stays_empty(qtbot, monkeypatch):
    asked = _start(qtbot, monkeypatch, "No")
    assert asked and asked[0].startswith(QUESTION)
    assert default_library_path().is_file() and _events() == 0

    assert _start(qtbot, monkeypatch, None) == []
    assert _events() == 0
