"""Typing a word's first letters in the search box shows, in the Events list, every event
holding a word that begins with them, in date order; found the way a 10,000,000-event library
finds them (issue 16): the word spelled out as the index's terms, and the list's date order
walked with a lookup in the search index per event."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db import store
from db.queries import search

EVENTS = 250


def _shown(model) -> list[tuple[int, str]]:
    rows = range(model.rowCount())
    user, shown = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.DisplayRole
    return [(model.index(r, 0).data(user), model.index(r, 0).data(shown)) for r in rows]


def test_a_typed_prefix_lists_its_events_in_date_order(open_window, tmp_path, monkeypatch):
    # At this size gathering every match is the cheaper test; say a lookup costs as little,
    # as it does at 10M events, so that the list takes the path a big library takes.
    monkeypatch.setattr(search, "ROW_TEST_COST", 0)
    person = open_window(tmp_path / "long.chronicle", create=True)
    window = person.window
    lib = window.controller.lib
    made = []
    for n in range(EVENTS):
        year = 1700 + (n * 37) % EVENTS  # every year once, not in the order made
        title = ["Harbour works", "Harbourmaster named", "Market day", "Warehouse fire"][n % 4]
        event = store.create(lib, "event", title=f"{title} {n}", when=f"{year}-06")
        made.append((year, event, f"{title} {n}"))
    window.controller.notify({"event"})
    events = window.lists["event"].model
    person.qtbot.waitUntil(lambda: events.rowCount() == EVENTS, timeout=5000)

    person.keys("Ctrl+F")
    assert person.focused() is window.search_box
    person.type("harb")
    expected = [(event, title) for _year, event, title in sorted(made) if "Harbour" in title]
    person.qtbot.waitUntil(lambda: events.rowCount() == len(expected), timeout=5000)
    assert _shown(events) == expected

    # What FTS5 would read as syntax is only text: no error, and nothing holds "or…".
    person.keys("Ctrl+A")
    person.type('harb" OR (')
    person.qtbot.waitUntil(lambda: events.rowCount() == 0, timeout=5000)
    person.keys("Ctrl+A")
    person.type("WAREHOUSE")
    expected = [(event, title) for _year, event, title in sorted(made) if "Warehouse" in title]
    person.qtbot.waitUntil(lambda: events.rowCount() == len(expected), timeout=5000)
    assert _shown(events) == expected
