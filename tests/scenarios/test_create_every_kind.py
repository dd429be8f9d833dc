"""A person makes events, actors and sources with every Kind, by keyboard and the Create button.

Found by hand (issue 14): changing Kind made Create do nothing (a TypeError in the slot); an actor
left at the shown "Person" was stored as "other"; after Create the cursor stayed in the form, so
the next keys edited the record just made.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from db import store
from db.models import ACTOR_KINDS, SOURCE_KINDS
from desktop.panels.editors.event_form import EVENT_KINDS

NEW_KEYS = {"event": "Ctrl+E", "actor": "Ctrl+Shift+A", "source": "Ctrl+Shift+R"}


def _new_record(person, kind: str, name: str, when: str | None, choice: int) -> int:
    """Start a new `kind`, type its name (and date), Tab to Kind, pick item `choice`, Create."""
    window = person.window
    person.keys(NEW_KEYS[kind])
    form = window.inspector.forms[kind]
    assert person.focused() is form.bindings[form.label_field].widget  # the cursor is ready
    person.type(name)
    person.tab()
    if when is not None:
        person.type(when)
    combo = person.tab_to("kind_combo")
    assert isinstance(combo, QComboBox)
    person.press(Qt.Key.Key_Home)
    person.press(Qt.Key.Key_Down, times=choice)
    person.click(form.create_button)
    assert form.record_id is not None, form.problem_text.text()
    return form.record_id


@pytest.mark.parametrize(
    ("kind", "values", "when"),
    [
        ("actor", ACTOR_KINDS, None),
        ("event", [value for _label, value in EVENT_KINDS], "28 July 2024"),
        ("source", SOURCE_KINDS, None),
    ],
)
def test_create_each_kind_value_and_the_cursor_leaves_the_form(
    open_window, tmp_path, kind, values, when
):
    person = open_window(tmp_path / "kinds.chronicle", create=True)
    window = person.window
    lib = window.controller.lib
    for index, value in enumerate(values):
        record_id = _new_record(person, kind, f"{kind} {value}", when, index)
        stored = store.get(lib, kind, record_id)
        assert stored["kind"] == value
        # Focus is on the list of that kind, with the new record current there.
        assert person.focused() is window.lists[kind].view
        person.type("zz")
        label = "name" if kind == "actor" else "title"
        assert store.get(lib, kind, record_id)[label] == f"{kind} {value}"
    assert window.undo_stack.count() == len(values)


def test_an_actor_left_at_the_shown_kind_is_stored_as_shown(open_window, tmp_path):
    person = open_window(tmp_path / "person.chronicle", create=True)
    person.keys("Ctrl+Shift+A")
    person.type("Shigeru Ishiba")
    person.press(Qt.Key.Key_Return)  # Enter in the name field creates it
    form = person.window.inspector.forms["actor"]
    shown = form.bindings["kind"].widget.currentText()
    assert shown == "Person"
    assert store.get(person.window.controller.lib, "actor", form.record_id)["kind"] == "person"
