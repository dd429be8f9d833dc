"""A person makes an event, links actors, cites a source, undoes by keyboard, quits, reopens.

Everything is typed and clicked; the library on disk is read to check what a user would see.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from db import queries
from desktop.panels.editors.citations import CitationsSection
from desktop.panels.editors.participants import ParticipantsSection


def _section(window, kind: type):
    return next(s for s in window.inspector.forms["event"].sections if isinstance(s, kind))


def _link(person, name: str, role: str) -> None:
    actors = _section(person.window, ParticipantsSection)
    person.click_into(actors.picker, name)
    person.click_into(actors.role, role)
    person.press(Qt.Key.Key_Return)


def test_link_cite_undo_quit_and_reopen(open_window, tmp_path):
    path = tmp_path / "summit.chronicle"
    person = open_window(path, create=True)
    window = person.window
    person.keys("Ctrl+Shift+A")
    person.type("Japan")
    person.press(Qt.Key.Key_Return)
    person.keys("Ctrl+E")
    person.type("Leaders meet in Tokyo")
    person.tab()
    person.type("c. 28 July 2024")
    person.press(Qt.Key.Key_Return)
    event_id = window.inspector.forms["event"].record_id
    # The date reads as written, not as the stored EDTF.
    assert window.inspector.forms["event"].date.text() == "c. 28 Jul 2024"
    _link(person, "Japan", "host")  # an existing actor
    _link(person, "Australia", "guest")  # a new one, made while linking
    cited = _section(window, CitationsSection)
    person.click_into(cited.picker, "Meeting readout")
    person.click_into(cited.locator, "para 2")
    person.click(cited.quote)
    person.type("The two leaders met in Tokyo on 28 July.")
    person.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    lib = window.controller.lib
    actors = {(p.actor_name, p.role) for p in queries.participants(lib, event_id=event_id)}
    assert actors == {("Japan", "host"), ("Australia", "guest")}
    assert queries.entity_counts(lib)["citation"] == 1
    assert queries.entity_counts(lib)["actor"] == 2  # no second Japan

    person.click(window.lists["event"].view)  # out of the text fields: Ctrl+Z is the app's
    person.keys("Ctrl+Z")
    assert queries.entity_counts(lib)["citation"] == 0
    person.keys("Ctrl+Y")
    assert queries.entity_counts(lib)["citation"] == 1

    person.keys("Ctrl+Q")
    assert not window.isVisible()
    again = open_window(path)
    events = again.window.lists["event"]
    view = events.view
    assert events.model.rowCount() == 1
    person = again
    person.click(view.viewport(), view.visualRect(events.model.index(0, 0)).center())
    form = again.window.inspector.forms["event"]
    assert form.record_id == event_id
    assert form.bindings["title"].widget.text() == "Leaders meet in Tokyo"
    assert form.date.text() == "c. 28 Jul 2024"
    found = queries.participants(again.window.controller.lib, event_id=event_id)
    assert {p.actor_name for p in found} == {"Japan", "Australia"}
