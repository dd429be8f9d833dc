"""The search box at the top filters the lists and the timeline alike (issue 14: only the lists)."""

from __future__ import annotations

from person import settle
from PySide6.QtCore import Qt

from db import queries


def _timeline_total(timeline) -> int | None:
    summary = timeline.summary
    return None if summary is None else summary.total


def test_search_filters_the_timeline_and_the_list_and_clearing_brings_all_back(
    open_window, tmp_path
):
    person = open_window(tmp_path / "search.chronicle", create=True, demo=True)
    window, timeline = person.window, person.window.timeline
    lib = window.controller.lib
    settle(person.qtbot, timeline)
    everything = queries.count_events(lib)
    assert _timeline_total(timeline) == everything
    person.keys("Ctrl+F")
    assert person.focused() is window.search_box
    person.type("Tokyo")
    wanted = {e.id for e in queries.list_events(lib, queries.EventFilter(text="Tokyo"))}
    assert 0 < len(wanted) < everything
    person.qtbot.waitUntil(lambda: _timeline_total(timeline) == len(wanted), timeout=5000)
    settle(person.qtbot, timeline)
    assert {m.event_id for m in timeline.scene.marks} <= wanted
    events = window.lists["event"].model
    person.qtbot.waitUntil(lambda: events.rowCount() == len(wanted), timeout=5000)

    person.keys("Ctrl+A")
    person.press(Qt.Key.Key_Backspace)
    person.qtbot.waitUntil(lambda: _timeline_total(timeline) == everything, timeout=5000)
    person.qtbot.waitUntil(lambda: events.rowCount() == everything, timeout=5000)
