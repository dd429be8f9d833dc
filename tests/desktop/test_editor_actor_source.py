"""The actor and source forms: every field, new records, and the source's 'copy of'."""

from __future__ import annotations

from editing_support import library_state, press_enter, type_into
from PySide6.QtCore import Qt

from db import queries


def _select(editor, kind: str, record_id: int):
    editor.selection.select(kind, [record_id], current=record_id)
    return editor.panel.forms[kind]


def _japan(editor) -> int:
    actors = queries.list_actors(editor.controller.lib, "Japan")
    return next(a.id for a in actors if a.name == "Japan")


def test_actor_fields_are_saved_and_undone(editor, qtbot):
    lib = editor.controller.lib
    actor_id = _japan(editor)
    form = _select(editor, "actor", actor_id)
    before = library_state(lib)
    aliases = form.bindings["aliases"].widget
    type_into(qtbot, aliases, "Nippon; Nihon ;  ; Nippon")
    press_enter(qtbot, aliases)
    kind = form.bindings["kind"].widget
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Up)  # state -> person
    description = form.bindings["description"].widget
    description.setFocus()
    qtbot.keyClick(description, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(description, " An island state.")
    qtbot.keyClick(description, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stored = editor.controller.get("actor", actor_id)
    assert stored["aliases"] == ["Nippon", "Nihon"]
    assert stored["kind"] == "person"
    assert stored["description"].endswith("An island state.")
    assert editor.stack.count() == 3
    for _ in range(3):
        editor.stack.undo()
    assert library_state(lib) == before


def test_new_actor_from_a_draft(editor, qtbot):
    editor.panel.new_record("actor")
    form = editor.panel.forms["actor"]
    assert form.focusWidget() is form.bindings["name"].widget
    qtbot.keyClicks(form.bindings["name"].widget, "Ruritania")
    press_enter(qtbot, form.bindings["name"].widget)
    stored = editor.controller.get("actor", form.record_id)
    assert (stored["name"], stored["kind"]) == ("Ruritania", "person")  # as the form showed


def test_escape_on_an_untouched_draft_field_cancels_nothing_typed(editor, qtbot):
    editor.panel.new_record("source")
    form = editor.panel.forms["source"]
    title = form.bindings["title"].widget
    qtbot.keyClicks(title, "Half-typed")
    qtbot.keyClick(title, Qt.Key.Key_Escape)  # Escape reverts the field
    assert title.text() == ""
    qtbot.mouseClick(form.cancel_button, Qt.MouseButton.LeftButton)
    assert editor.panel.current_page() is editor.panel.empty
    assert editor.stack.count() == 0


def test_source_fields_grade_date_authors_and_copy_of(editor, qtbot):
    lib = editor.controller.lib
    # QTest types ASCII only: the copy is of the source with a plain-ASCII title.
    first, _, second = (row.id for row in queries.list_sources(lib, limit=3))
    form = _select(editor, "source", first)
    authors = form.bindings["authors"].widget
    type_into(qtbot, authors, "Bland, Ben; Smith, Jane")
    press_enter(qtbot, authors)
    published = form.bindings["published"].field
    type_into(qtbot, published.edit, "Jun 2024")
    assert published.feedback.text() == "Jun 2024 — month precision · EDTF 2024-06"
    press_enter(qtbot, published.edit)
    grade = form.bindings["reliability"].widget
    grade.setFocus()
    grade.setCurrentIndex(0)
    qtbot.keyClick(grade, Qt.Key.Key_Down)  # '— not graded' -> 'A Completely reliable'
    second_title = editor.controller.get("source", second)["title"]
    copy_of = form.bindings["copy_of"].widget
    type_into(qtbot, copy_of, second_title)
    press_enter(qtbot, copy_of)
    stored = editor.controller.get("source", first)
    assert stored["authors"] == ["Bland, Ben", "Smith, Jane"]
    assert stored["published"] == "2024-06"
    assert stored["reliability"] == "A"
    assert stored["copy_of"] == second
    type_into(qtbot, copy_of, "")
    press_enter(qtbot, copy_of)
    assert editor.controller.get("source", first)["copy_of"] is None


def test_an_unknown_copy_of_is_refused(editor, qtbot):
    lib = editor.controller.lib
    source_id = queries.list_sources(lib, limit=1)[0].id
    form = _select(editor, "source", source_id)
    copy_of = form.bindings["copy_of"].widget
    type_into(qtbot, copy_of, "A source nobody has")
    press_enter(qtbot, copy_of)
    assert form.problem_text.text() == "There is no source called 'A source nobody has'."
    assert editor.controller.get("source", source_id)["copy_of"] is None


def test_source_form_lists_what_it_is_cited_for(editor):
    lib = editor.controller.lib
    source = queries.list_sources(lib, limit=1)[0]
    form = _select(editor, "source", source.id)
    cited = form.sections[0]
    assert cited.model.rowCount() == source.citation_count > 0
    assert cited.model.headerData(0, Qt.Orientation.Horizontal) == "Event or relation"
