"""Ctrl+E starts a new event even while a text field has the cursor, as on a Linux desktop.

Under X11, Qt's text fields take Ctrl+E as "end of line" (a duplicate of End), so in a real
window New Event did nothing from the search box or any inspector field; the offscreen platform
used by the tests has another keyboard scheme. The fields here are made to claim the key as they
do under X11, then the person types as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from db import queries
from desktop.panels.editors.participants import ParticipantsSection


class X11LineEditKeys(QObject):
    """What a QLineEdit does under Qt's X11 keyboard scheme: Ctrl+E is its own (end of line)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if (
                event.key() == Qt.Key.Key_E
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            ):
                event.accept()
        return False


def _x11_fields(window) -> X11LineEditKeys:
    scheme = X11LineEditKeys(window)
    for field in window.findChildren(QLineEdit):
        field.installEventFilter(scheme)
    return scheme


def test_new_event_from_the_search_box_and_from_a_linked_actor(open_window, tmp_path):
    person = open_window(tmp_path / "keys.chronicle", create=True)
    window = person.window
    scheme = _x11_fields(window)

    person.click(window.search_box)
    person.keys("Ctrl+E")
    form = window.inspector.forms["event"]
    assert person.focused() is form.bindings["title"].widget  # a new event's title has the cursor
    person.type("Ferry strike in Izmail")
    person.tab()
    person.type("June 2023")
    person.press(Qt.Key.Key_Return)
    actors = next(s for s in form.sections if isinstance(s, ParticipantsSection))
    person.click_into(actors.picker, "Port union")
    person.press(Qt.Key.Key_Return)
    for field in window.findChildren(QLineEdit):  # fields made since (the actor row's editors)
        field.installEventFilter(scheme)
    assert isinstance(person.focused(), QLineEdit)

    person.keys("Ctrl+E")  # straight on to the next event, the cursor still in the actor field
    assert person.focused() is form.bindings["title"].widget
    person.type("Strike ends")
    person.tab()
    person.type("July 2023")
    person.press(Qt.Key.Key_Return)
    titles = [
        row.title for row in queries.list_events(window.controller.lib, queries.EventFilter())
    ]
    assert sorted(titles) == ["Ferry strike in Izmail", "Strike ends"]
    assert QApplication.activeModalWidget() is None
