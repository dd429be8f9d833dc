"""Several selected events edited at once: one undo step for all of them."""

from __future__ import annotations

from editing_support import library_state, press_enter, type_into
from PySide6.QtCore import Qt

from db import queries


def _select_events(editor, n: int) -> list[int]:
    ids = [row.id for row in queries.list_events(editor.controller.lib, limit=n)]
    editor.selection.select("event", ids, current=ids[0])
    return ids


def test_selecting_several_events_shows_the_bulk_form(editor):
    _select_events(editor, 3)
    assert editor.panel.current_page() is editor.panel.bulk
    assert editor.panel.bulk.heading.text() == "3 events selected"
    assert editor.panel.bulk.apply_button.text() == "A&pply to 3 events"


def test_category_importance_and_tags_change_on_all_in_one_undo_step(editor, qtbot):
    lib = editor.controller.lib
    ids = _select_events(editor, 3)
    bulk = editor.panel.bulk
    before = library_state(lib)
    tag_before = {i: queries.tags_of(lib, "event", i) for i in ids}
    removed = tag_before[ids[0]][0]
    type_into(qtbot, bulk.category.lineEdit(), "reviewed")
    bulk.importance.setFocus()
    qtbot.keyClick(bulk.importance, Qt.Key.Key_End)  # importance 5
    type_into(qtbot, bulk.add_tags, "checked, 2025")
    type_into(qtbot, bulk.remove_tags, removed)
    press_enter(qtbot, bulk.remove_tags)

    for event_id in ids:
        stored = editor.controller.get("event", event_id)
        assert (stored["category"], stored["importance"]) == ("reviewed", 5)
        tags = queries.tags_of(lib, "event", event_id)
        assert {"checked", "2025"} <= set(tags) and removed not in tags
    assert editor.stack.count() == 1
    assert editor.stack.text(0) == "Edit 3 events"
    editor.stack.undo()
    assert library_state(lib) == before
    editor.stack.redo()
    assert editor.controller.get("event", ids[2])["category"] == "reviewed"


def test_apply_with_nothing_filled_in_says_so(editor, qtbot):
    _select_events(editor, 2)
    bulk = editor.panel.bulk
    qtbot.mouseClick(bulk.apply_button, Qt.MouseButton.LeftButton)
    assert bulk.problem.text() == "Fill in a category, an importance or tags to change."
    assert editor.stack.count() == 0


def test_undoing_the_creation_of_a_selected_event_leaves_the_bulk_form(editor, qtbot):
    lib = editor.controller.lib
    editor.panel.new_record("event")
    form = editor.panel.forms["event"]
    type_into(qtbot, form.bindings["title"].widget, "Fresh")
    type_into(qtbot, form.date.edit, "2021")
    press_enter(qtbot, form.date.edit)
    other = queries.list_events(lib, limit=1)[0].id
    editor.selection.select("event", [other, form.record_id], current=other)
    assert editor.panel.current_page() is editor.panel.bulk
    editor.stack.undo()
    qtbot.waitUntil(lambda: editor.panel.current_page() is not editor.panel.bulk)
    assert editor.panel.shown() == ("event", other)
