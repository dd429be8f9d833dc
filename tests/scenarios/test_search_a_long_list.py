"""Typing a word's first letters in the search box shows, in the Events list, every event
holding a word that begins with them, in date order; found the way a 10,000,000-event library
finds them (issue 16): the word spelled out as the index's terms, and the list's date order
walked with a lookup in the search index per event."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from db import queries, store
from db.engine import create_library
from db.exchange.loader import load_records
from db.queries import EventFilter, lists, search
from desktop.models.event_order import EventOrder

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


WORDS = ["War of the Straits", "Harbour works", "Warfare at sea", "Market day", "Ward election"]
LONG = 1_500  # "war" begins words in three titles of five: 900 rows, four and a half pages


def _long_library(path) -> None:
    """Titles whose order by title is not their order by date nor by id."""
    events = [
        {"title": f"{WORDS[n % 5]} {(n * 7919) % LONG:04d}", "when": f"{1000 + (n * 37) % 613}"}
        for n in range(LONG)
    ]
    lib = create_library(path)
    try:
        load_records(lib, {"events": events}, origin="test")
    finally:
        lib.close()


def _visible(table) -> list[tuple[int, str]]:
    model = table.model()
    top, bottom = table.rowAt(0), table.rowAt(table.viewport().height() - 2)
    user, shown = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.DisplayRole
    rows = range(top, (bottom if bottom >= 0 else model.rowCount() - 1) + 1)
    return [(model.index(r, 0).data(user), model.index(r, 0).data(shown)) for r in rows]


def test_a_common_word_sorted_by_title_pages_as_the_plain_query(open_window, tmp_path, monkeypatch):
    """A common word's list by title (at 10M events each page gathered and sorted 1.25M
    matches: 1.4 s) comes from the list's order in memory (tests/desktop/test_event_order.py
    checks the "Sorting…" meanwhile); every row, wherever the keys take the person, is the
    plain query's."""
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 100)  # this list counts as a long one
    monkeypatch.setattr(lists, "GATHER_LIMIT", 50)  # and "war" as a common word
    monkeypatch.setattr(lists, "WALK_ROWS", 100)
    path = tmp_path / "long.chronicle"
    _long_library(path)
    person = open_window(path)
    window = person.window
    events = window.lists["event"].model
    table = window.lists["event"].view
    person.qtbot.waitUntil(lambda: events.order.current is not None, timeout=30_000)

    person.keys("Ctrl+F")
    person.type("war")
    lib = window.controller.lib
    expected_count = queries.count_events(lib, EventFilter(text="war"))
    assert expected_count == LONG * 3 // 5
    person.qtbot.waitUntil(lambda: events.rowCount() == expected_count, timeout=30_000)
    person.qtbot.waitUntil(lambda: events.order.current is not None, timeout=30_000)

    header = table.horizontalHeader()
    left, width = header.sectionViewportPosition(0), header.sectionSize(0)
    person.click(header.viewport(), QPoint(left + width // 2, header.height() // 2))
    assert header.sortIndicatorSection() == 0 and events.sort_key == "title"
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    person.qtbot.waitUntil(lambda: events.order.current is not None, timeout=30_000)
    ranks = events.order.current
    assert ranks.filt == EventFilter(text="war") and ranks.sort == "title"

    plain = queries.list_events(
        lib, EventFilter(text="war"), sort="title", descending=descending, limit=LONG
    )
    expected = [(r.id, r.title) for r in plain]
    assert len(expected) == expected_count
    person.click(table.viewport(), table.visualRect(events.index(0, 0)).center())
    seen = {}
    for key, modifiers in [
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_PageUp, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier),
    ]:
        person.press(key, modifiers)
        row = table.currentIndex().row()
        seen[row] = _visible(table)
        top = table.rowAt(0)
        assert seen[row] == expected[top : top + len(seen[row])], (key, row)
    assert max(seen) == expected_count - 1 and min(seen) == 0
    assert _shown(events) == expected
