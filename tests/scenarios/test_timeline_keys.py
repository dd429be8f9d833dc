"""Opening a library shows all of it across the timeline's width, as Fit All does, also once
the window has grown (maximised, or laid out after the library was read); and the timeline's
keys (Fit All Ctrl+0, Zoom In Ctrl++ …) work while the timeline has the cursor.

The fit made on opening kept its scale when the window grew: in a real window a chronology from
650 BC to 2026 opened with its axis running to the year 11,000 and every event in the left
fifth of the view. Until the person zooms or pans, a resize fits again. The keys worked only
while the timeline's toolbar itself had the focus, so from the timeline nothing happened.
"""

from __future__ import annotations

from person import settle
from PySide6.QtCore import QPoint

from db import store
from db.engine import create_library


def _library(path) -> None:
    lib = create_library(path)
    for title, when in (
        ("Greek merchants reach the delta", "c. 650 BC"),
        ("Trajan's bridge at Drobeta", "AD 105"),
        ("Steamers reach the delta ports", "c. 1850"),
        ("A spreadsheet with a very long title that takes room at the end", "5 January 2026"),
    ):
        store.create(lib, "event", title=title, when=when)
    lib.close()


def _opened(open_window, tmp_path):
    """A person at the window on the river library, and its settled timeline."""
    path = tmp_path / "river.chronicle"
    _library(path)
    person = open_window(path)
    timeline = person.window.timeline
    settle(person.qtbot, timeline)
    return person, timeline


def test_the_first_view_is_what_fit_all_shows(open_window, tmp_path):
    person, timeline = _opened(open_window, tmp_path)
    person.window.resize(1900, 1000)  # the person maximises the window (a window manager's act)
    person.qtbot.wait(50)
    opened = timeline.visible_window()

    _click_fit_all(person)
    assert _close(opened, timeline.visible_window())


def test_the_timeline_keys_work_while_the_timeline_has_the_cursor(open_window, tmp_path):
    person, timeline = _opened(open_window, tmp_path)
    _click_fit_all(person)
    fitted = timeline.visible_window()
    person.click(timeline.viewport(), timeline.viewport().rect().bottomRight() - QPoint(30, 30))
    assert person.focused() is timeline
    person.keys("Ctrl++")  # Zoom In
    zoomed = timeline.visible_window()
    assert zoomed[1] - zoomed[0] < (fitted[1] - fitted[0]) * 0.8
    person.keys("Ctrl+0")  # Fit All
    assert _close(fitted, timeline.visible_window())


def _click_fit_all(person) -> None:
    panel = person.window.timeline_panel
    person.click(panel.toolbar.widgetForAction(panel.toolbar_actions["fit_all"]))


def _close(one: tuple[int, int], other: tuple[int, int]) -> bool:
    span = other[1] - other[0]
    return abs(one[0] - other[0]) < span / 100 and abs(one[1] - other[1]) < span / 100
