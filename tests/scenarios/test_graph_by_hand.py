"""The relationship graph used as a person uses it: Find path on a laptop screen, the graph in
its own window, right-click on nodes and edges, a small graph drawn readably (issue 14)."""

from __future__ import annotations

import sys

import pytest
from person import Person
from PySide6.QtWidgets import QApplication


@pytest.fixture
def laptop(qtbot, tmp_path, monkeypatch):
    """laptop(width, height, demo=True) -> Person at a MainWindow first shown at that size."""
    from db.exchange.json_ import import_json
    from desktop.app import make_settings
    from desktop.library import LibraryController
    from desktop.main_window import MainWindow
    from desktop.reliability_actions import install_error_hook
    from resources import DEMO_CHRONOLOGY

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    windows = []

    def open_(width: int, height: int, *, demo: bool = True) -> Person:
        window = MainWindow(LibraryController(), make_settings())
        qtbot.addWidget(window)
        install_error_hook(window)
        assert window.open_file(tmp_path / f"graph{len(windows)}.chronicle", create=True)
        if demo:
            import_json(window.controller.lib, DEMO_CHRONOLOGY)
            window.controller.notify({"event", "actor", "source", "link", "tag"})
        window.resize(width, height)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.waitUntil(lambda: window.graph.scene() is not None, timeout=5000)
        qtbot.waitUntil(lambda: not window.graph.layout_running, timeout=5000)
        windows.append(window)
        return Person(qtbot, window)

    yield open_
    for window in windows:
        window.controller.close()


def _timeline_share(window) -> float:
    QApplication.processEvents()
    return window.timeline_panel.width() / window.width()


def test_find_path_leaves_the_timeline_most_of_a_laptop_screen(laptop, qtbot):
    person = laptop(1280, 720)
    window = person.window
    qtbot.waitUntil(lambda: _timeline_share(window) >= 0.6, timeout=3000)
    finder = window.graph.path_finder
    person.click(window.timeline)
    person.keys("Ctrl+Shift+P")  # View ▸ Find Path…
    qtbot.waitUntil(finder.isVisible, timeout=2000)
    assert window.graph.path_action.isChecked()
    # Every control of the bar is on screen in the narrow dock, none cut off at the right.
    for widget in (finder.from_box, finder.to_box, finder.find_button, finder.clear_button):
        assert widget.isVisible()
        right = widget.mapTo(window.graph, widget.rect().topRight()).x()
        assert right <= window.graph.width()
    assert _timeline_share(window) >= 0.6
    person.keys("Ctrl+Shift+P")
    qtbot.waitUntil(lambda: not finder.isVisible(), timeout=2000)
    assert _timeline_share(window) >= 0.6
