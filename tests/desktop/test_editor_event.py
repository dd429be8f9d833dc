"""The event form, used as a user would: typing, Enter, Tab, Escape."""

from __future__ import annotations

import pytest
from editing_support import answer_next_dialog, library_state, press_enter, type_into
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QLineEdit

from db import queries


def _first_event(editor, words: str = "TPP") -> int:
    lib = editor.controller.lib
    event_id = queries.list_events(lib, queries.EventFilter(text=words), limit=1)[0].id
    editor.selection.select("event", [event_id], current=event_id)
    return event_id


def _field(form, name: str) -> QLineEdit:
    return form.bindings[name].widget


def test_new_event_with_a_typed_date_is_stored_as_edtf(editor, qtbot):
    editor.panel.new_record("event")
    form = editor.panel.forms["event"]
    assert form.heading.text() == "New event"
    assert form.create_button.isVisible() and not form.sections[0].isVisible()
    type_into(qtbot, _field(form, "title"), "Leaders meet in Tokyo")
    qtbot.keyClick(_field(form, "title"), Qt.Key.Key_Tab)
    assert form.focusWidget() is form.date.edit  # Tab goes from title to date
    qtbot.keyClicks(form.date.edit, "28 July 2024")
    assert form.date.feedback.text() == "28 Jul 2024 — day precision · EDTF 2024-07-28"
    press_enter(qtbot, form.date.edit)

    assert form.record_id is not None
    stored = editor.controller.get("event", form.record_id)
    assert (stored["title"], stored["when"], stored["kind"]) == (
        "Leaders meet in Tokyo",
        "2024-07-28",
        "point",
    )
    assert editor.selection.current == ("event", form.record_id)
    assert editor.stack.count() == 1
    assert form.sections[0].isVisibleTo(form)  # links can be added now


def test_a_draft_needs_a_title_and_a_date(editor, qtbot):
    editor.panel.new_record("event")
    form = editor.panel.forms["event"]
    type_into(qtbot, _field(form, "title"), "No date yet")
    qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
    assert form.problem.isVisible()
    assert form.problem_text.text() == "Give the new event a date."
    assert form.record_id is None and editor.stack.count() == 0


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("Jul 2024", "Jul 2024 — month precision · EDTF 2024-07"),
        ("44 BC", "44 BC — year precision · EDTF -0043"),
        ("c. 1990", "c. 1990 — year precision, approximate · EDTF 1990~"),
        ("2024-07-28 to 2024-07-30", "28–30 Jul 2024 — span, day precision"),
        ("2024-13", "Not understood: '2024-13': month 13 does not exist"),
    ],
)
def test_the_date_field_says_how_it_understood_the_date(editor, qtbot, typed, reading):
    _first_event(editor)
    field = editor.panel.forms["event"].date
    type_into(qtbot, field.edit, typed)
    assert field.feedback.text().startswith(reading)
    assert field.is_valid() == (not reading.startswith("Not understood"))


def test_a_refused_date_is_not_saved_and_escape_brings_back_the_stored_one(editor, qtbot):
    event_id = _first_event(editor)
    form = editor.panel.forms["event"]
    before = library_state(editor.controller.lib)
    stored = form.date.text()
    type_into(qtbot, form.date.edit, "the day after the summit")
    press_enter(qtbot, form.date.edit)
    assert form.problem.isVisible() and "not a date" in form.problem_text.text()
    assert library_state(editor.controller.lib) == before and editor.stack.count() == 0
    qtbot.keyClick(form.date.edit, Qt.Key.Key_Escape)
    assert form.date.text() == stored
    assert editor.controller.get("event", event_id)["when"] == stored


def test_every_field_is_saved_as_its_own_undo_step(editor, qtbot, monkeypatch):
    event_id = _first_event(editor)
    form = editor.panel.forms["event"]
    lib = editor.controller.lib
    before = library_state(lib)

    type_into(qtbot, _field(form, "title"), "Renamed event")
    press_enter(qtbot, _field(form, "title"))
    importance = form.bindings["importance"].widget
    type_into(qtbot, importance.lineEdit(), "5")
    press_enter(qtbot, importance.lineEdit())
    type_into(qtbot, form.category.lineEdit(), "diplomacy")
    press_enter(qtbot, form.category.lineEdit())
    kind = form.bindings["kind"].widget
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)  # point -> span
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args: QColor("#AA3377"))
    qtbot.mouseClick(form.bindings["color"].widget.button, Qt.MouseButton.LeftButton)
    type_into(qtbot, form.tags, "trade, asia")
    press_enter(qtbot, form.tags)
    summary = form.bindings["summary"].widget
    summary.setFocus()
    summary.selectAll()
    qtbot.keyClicks(summary, "A new summary.")
    _field(form, "title").setFocus()  # leaving the summary saves it

    stored = editor.controller.get("event", event_id)
    assert stored["title"] == "Renamed event"
    assert (stored["importance"], stored["category"], stored["kind"]) == (5, "diplomacy", "span")
    assert (stored["color"], stored["summary"]) == ("#aa3377", "A new summary.")
    assert queries.tags_of(lib, "event", event_id) == ["asia", "trade"]
    assert editor.stack.count() == 7
    assert editor.stack.text(0).startswith("Change title of event '")
    assert editor.stack.text(6) == "Change summary of event 'Renamed event'"
    while editor.stack.canUndo():
        editor.stack.undo()
    assert library_state(lib) == before
    qtbot.waitUntil(lambda: _field(form, "title").text() != "Renamed event")


def test_an_empty_title_is_refused_with_the_reason(editor, qtbot):
    event_id = _first_event(editor)
    form = editor.panel.forms["event"]
    title = editor.controller.get("event", event_id)["title"]
    type_into(qtbot, _field(form, "title"), "")
    press_enter(qtbot, _field(form, "title"))
    assert form.problem_text.text() == "Title cannot be empty."
    assert editor.controller.get("event", event_id)["title"] == title


def test_switching_to_another_record_saves_what_was_typed(editor, qtbot):
    event_id = _first_event(editor)
    form = editor.panel.forms["event"]
    type_into(qtbot, _field(form, "title"), "Typed but not entered")
    other = _first_event(editor, "Abe")
    assert other != event_id and form.record_id == other
    assert editor.controller.get("event", event_id)["title"] == "Typed but not entered"


def test_undo_while_the_form_shows_the_record_updates_the_form(editor, qtbot):
    _first_event(editor)
    form = editor.panel.forms["event"]
    original = _field(form, "title").text()
    type_into(qtbot, _field(form, "title"), "Changed")
    press_enter(qtbot, _field(form, "title"))
    editor.stack.undo()
    qtbot.waitUntil(lambda: _field(form, "title").text() == original)
    assert form.heading.text() == original


def test_undoing_a_create_empties_the_inspector(editor, qtbot):
    editor.panel.new_record("event")
    form = editor.panel.forms["event"]
    type_into(qtbot, _field(form, "title"), "Short-lived")
    type_into(qtbot, form.date.edit, "2020")
    press_enter(qtbot, form.date.edit)
    assert editor.panel.shown() == ("event", form.record_id)
    editor.stack.undo()
    qtbot.waitUntil(lambda: editor.panel.current_page() is editor.panel.empty)
    assert editor.selection.current is None


def test_moving_on_from_a_refused_edit_asks_and_discards_only_when_told(editor, qtbot):
    event_id = _first_event(editor)
    form = editor.panel.forms["event"]
    stored = editor.controller.get("event", event_id)["when"]
    type_into(qtbot, form.date.edit, "2024-13")
    asked: list[str] = []
    answer_next_dialog("Keep Editing", asked)
    _first_event(editor, "Abe")
    qtbot.waitUntil(lambda: editor.selection.current == ("event", event_id))
    assert asked[0].startswith("A change to event '")
    assert asked[0].endswith("'2024-13': month 13 does not exist; months are 01–12 (seasons 21–24)")
    assert form.record_id == event_id and form.date.text() == "2024-13"  # kept, still refused
    assert form.problem.isVisible()
    answer_next_dialog("Discard", asked)
    with qtbot.waitSignal(editor.panel.notice) as notice:
        other = _first_event(editor, "Abe")
    assert form.record_id == other
    assert notice.args[0].startswith("A change to event '")
    assert "it was discarded" in notice.args[0]
    assert editor.controller.get("event", event_id)["when"] == stored


def test_a_draft_with_content_is_created_when_the_selection_moves_on(editor, qtbot):
    editor.panel.new_record("event")
    form = editor.panel.forms["event"]
    type_into(qtbot, _field(form, "title"), "Made on the way out")
    type_into(qtbot, form.date.edit, "1999")
    other = _first_event(editor)
    assert editor.panel.shown() == ("event", other)
    found = queries.list_events(editor.controller.lib, queries.EventFilter(text="way out"))
    assert [e.title for e in found] == ["Made on the way out"]
    editor.panel.new_record("event")
    type_into(qtbot, _field(form, "title"), "No date")
    answer_next_dialog("Discard", [])
    with qtbot.waitSignal(editor.panel.notice) as notice:
        _first_event(editor, "Abe")
    assert notice.args[0] == (
        "The new event cannot be created; it was discarded: Give the new event a date."
    )
