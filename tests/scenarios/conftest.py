"""Scenario fixtures: the real MainWindow, opened as the app opens it, and a person to use it."""

from __future__ import annotations

import sys

import pytest
from person import Person
from PySide6.QtWidgets import QApplication


@pytest.fixture
def open_window(qtbot, monkeypatch):
    """open_window(path, create=False, demo=False) -> Person at a shown, active MainWindow.

    The app's error hook is installed as `run_app` does; it passes every exception on to
    pytest-qt's, so an exception in any slot fails the test (and shows its dialog).
    """
    from db.exchange.imports import import_json
    from desktop.library import LibraryController
    from desktop.safety.reliability import install_error_hook
    from desktop.window.app import make_settings
    from desktop.window.main_window import MainWindow
    from resources import DEMO_CHRONOLOGY

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    windows = []

    def open_(path, *, create: bool = False, demo: bool = False) -> Person:
        window = MainWindow(LibraryController(), make_settings())
        qtbot.addWidget(window)
        install_error_hook(window)
        assert window.open_file(path, create=create)
        if demo:
            import_json(window.controller.lib, DEMO_CHRONOLOGY)
            window.controller.notify({"event", "actor", "source", "link", "tag"})
        window.resize(1400, 900)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        windows.append(window)
        return Person(qtbot, window)

    yield open_
    for window in windows:
        window.controller.close()
