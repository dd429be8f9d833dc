"""Every key does one thing, and undo/redo work from the keyboard (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y).

Found by hand (issue 14): Ctrl+E was both New Event and Zoom to Selection, Redo carried
Ctrl+Shift+Z twice; Qt calls such keys ambiguous and fires neither.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from db import queries


def _bindings(window) -> dict[str, list[str]]:
    """Key -> the actions and shortcuts of the window (menus, docks, panels) bound to it."""
    bound: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                bound[key.toString(QKeySequence.SequenceFormat.PortableText)].append(
                    action.text().replace("&", "") or action.objectName()
                )
    for shortcut in window.findChildren(QShortcut):
        for key in shortcut.keys():  # noqa: SIM118 (a QShortcut, not a dict)
            bound[key.toString(QKeySequence.SequenceFormat.PortableText)].append(
                f"shortcut {shortcut.objectName()}"
            )
    return bound


def test_no_key_is_bound_twice(open_window, tmp_path):
    person = open_window(tmp_path / "keys.chronicle", create=True, demo=True)
    bound = _bindings(person.window)
    twice = {key: names for key, names in bound.items() if len(names) > 1}
    assert twice == {}
    for key in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", "Ctrl+E", "Ctrl+Shift+A", "Ctrl+Shift+R"):
        assert key in bound, f"{key} does nothing"


def _event_titles(window) -> list[str]:
    return [e.title for e in queries.list_events(window.controller.lib, queries.EventFilter())]


def test_undo_and_redo_by_keyboard(open_window, tmp_path):
    person = open_window(tmp_path / "undo.chronicle", create=True)
    window = person.window
    person.keys("Ctrl+E")
    person.type("Leaders meet in Tokyo")
    person.tab()
    person.type("28 July 2024")
    person.press(Qt.Key.Key_Return)  # Enter creates the draft; the cursor leaves the form
    assert _event_titles(window) == ["Leaders meet in Tokyo"]
    person.keys("Ctrl+Z")
    assert _event_titles(window) == []
    person.keys("Ctrl+Shift+Z")
    assert _event_titles(window) == ["Leaders meet in Tokyo"]
    person.keys("Ctrl+Z")
    assert _event_titles(window) == []
    person.keys("Ctrl+Y")
    assert _event_titles(window) == ["Leaders meet in Tokyo"]
    assert window.windowTitle().startswith("undo.chronicle")


def test_ctrl_e_on_the_timeline_starts_a_new_event(open_window, tmp_path):
    person = open_window(tmp_path / "timeline.chronicle", create=True, demo=True)
    window = person.window
    timeline = window.timeline
    person.click(timeline.viewport(), timeline.viewport().rect().bottomRight() - _inset())
    assert person.focused() is timeline
    before = timeline.visible_window()
    person.keys("Ctrl+E")
    form = window.inspector.forms["event"]
    assert window.inspector.current_form() is form and form.record_id is None
    assert person.focused() is form.bindings["title"].widget
    assert timeline.visible_window() == before  # not Zoom to Selection
    person.click(timeline.viewport(), timeline.viewport().rect().bottomRight() - _inset())
    person.keys("Ctrl+2")  # Zoom to Selection has a key of its own


def _inset():
    from PySide6.QtCore import QPoint

    return QPoint(30, 30)


def test_a_laptop_screen_gives_the_timeline_most_of_the_width(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from desktop.library import LibraryController
    from desktop.window.app import make_settings
    from desktop.window.main_window import MainWindow

    window = MainWindow(LibraryController(), make_settings())
    qtbot.addWidget(window)
    assert window.open_file(tmp_path / "laptop.chronicle", create=True)
    window.resize(1280, 720)
    window.show()
    qtbot.waitUntil(lambda: window.timeline_panel.width() >= 0.6 * 1280, timeout=3000)
    QApplication.processEvents()
    assert window.timeline_panel.width() >= 0.6 * 1280
    window.controller.close()


def test_closing_leaves_nothing_of_the_library_shown(open_window, tmp_path):
    person = open_window(tmp_path / "close.chronicle", create=True, demo=True)
    window = person.window
    graph = window.graph
    person.qtbot.waitUntil(lambda: graph.time_slice.from_edit.text() != "", timeout=5000)
    person.click(graph.time_slice.check)
    assert graph.time_slice.enabled
    person.click(window.timeline.viewport(), window.timeline.viewport().rect().center())
    person.keys("Ctrl+W")  # File ▸ Close
    assert not window.controller.is_open
    assert not graph.time_slice.enabled
    assert graph.time_slice.from_edit.text() == graph.time_slice.to_edit.text() == ""
    assert graph.status.text() == ""
    assert window._status.text() == ""
