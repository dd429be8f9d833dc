"""A person picks events one after another and gives one a new category (issue 16, item 4).
The category field's suggestions were read from the whole event table each time an event was
shown (2.2 s a click at 1,000,000 events); they are now read in the background after events
change, and the field offers them once read, a new category included."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db import queries

NEW = "Maritime incident"


def _click_row(person, view, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    person.click(view.viewport(), view.visualRect(index).center())


def _offered(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_category_field_offers_the_librarys_categories_and_a_new_one(open_window, tmp_path):
    person = open_window(tmp_path / "demo.chronicle", create=True, demo=True)
    window = person.window
    events = window.lists["event"].view
    person.qtbot.waitUntil(events.isVisible, timeout=3000)
    _click_row(person, events, 0)
    form = window.inspector.forms["event"]
    combo = form.category
    known = queries.event_categories(window.controller.lib)
    assert len(known) >= 2 and NEW not in known
    person.qtbot.waitUntil(lambda: _offered(combo) == known, timeout=5000)
    shown = combo.currentText()
    assert shown in ("", *known)  # the event's own category stays shown
    person.click_into(combo.lineEdit(), NEW)
    person.press(Qt.Key.Key_Return)
    first = form.record_id
    person.qtbot.waitUntil(
        lambda: (
            window.controller.lib
            and queries.event_categories(window.controller.lib) == sorted({*known, NEW})
        ),
        timeout=3000,
    )
    _click_row(person, events, 1)
    person.qtbot.waitUntil(lambda: form.record_id != first, timeout=3000)
    person.qtbot.waitUntil(lambda: NEW in _offered(combo), timeout=5000)
    assert combo.currentText() != NEW  # offered, not put on the other event
    assert _offered(combo) == sorted({*known, NEW})
