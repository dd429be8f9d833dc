"""Nothing is lost: every edit is in the file at once, and two windows on one file agree."""

from __future__ import annotations

import sqlite3

from editing_support import library_state, press_enter, type_into
from PySide6.QtGui import QUndoStack

from db import queries
from db.engine import quick_check
from desktop.commands import CreateCommand, DeleteCommand, EditCommand, add_participation, push
from desktop.library import LibraryController


def _japan(lib) -> int:
    return next(a.id for a in queries.list_actors(lib, "Japan") if a.name == "Japan")


def test_close_and_reopen_from_the_recent_menu_shows_the_same_data(window, qtbot):
    lib = window.controller.lib
    path = window.controller.path
    japan = _japan(lib)
    window.selection.select("actor", [japan], current=japan)
    name = window.inspector.forms["actor"].bindings["name"].widget
    type_into(qtbot, name, "Nippon")
    press_enter(qtbot, name)
    before = library_state(lib)

    window.record_actions.close_library.trigger()
    assert not window.controller.is_open
    assert window.windowTitle() == "No library — Chronicle"
    assert window.lists["event"].model.rowCount() == 0
    assert window.undo_stack.count() == 0

    window.recent_menu.aboutToShow.emit()
    reopen = next(a for a in window.recent_menu.actions() if a.text() == str(path))
    reopen.trigger()
    assert library_state(window.controller.lib) == before
    assert window.lists["event"].model.rowCount() == 57
    assert window.controller.get("actor", japan)["name"] == "Nippon"


def test_closing_the_window_while_typing_keeps_the_typed_text(window, qtbot):
    lib = window.controller.lib
    path = window.controller.path
    japan = _japan(lib)
    window.selection.select("actor", [japan], current=japan)
    description = window.inspector.forms["actor"].bindings["description"].widget
    description.setFocus()
    description.setPlainText("Typed just before closing")  # never left, never Ctrl+Enter
    window.close()
    reopened = LibraryController()
    try:
        reopened.open(path)
        assert reopened.get("actor", japan)["description"] == "Typed just before closing"
    finally:
        reopened.close()


def test_two_windows_on_one_file_edit_alternately_without_damage(demo_lib):
    path = demo_lib.path
    demo_lib.close()
    first, second = LibraryController(), LibraryController()
    first.open(path)
    second.open(path, ignore_lock=True)  # the user's "open anyway" in a second window
    stacks = {first: QUndoStack(), second: QUndoStack()}
    refused: list[tuple[str, str]] = []
    first.failed.connect(lambda title, detail: refused.append((title, detail)))
    try:
        made = push(stacks[first], CreateCommand(first, "event", title="Shared", when="2024"))
        event_id = made.new_id
        push(stacks[second], EditCommand(second, "event", event_id, title="Shared, renamed"))
        add_participation(stacks[first], first, event_id, _japan(first.lib), "host")
        push(stacks[second], DeleteCommand(second, "actor", [_japan(second.lib)]))
        stacks[first].undo()  # the link the other window's delete already removed: refused
        assert [title for title, _detail in refused] == ["Cannot undo “Link actor to event”"]
        assert stacks[first].count() == 1  # the refused step left the stack; the create stays
        stacks[second].undo()  # Japan and its links come back
        push(stacks[first], EditCommand(first, "event", event_id, summary="from the first"))
        assert library_state(first.lib) == library_state(second.lib)
        assert first.get("event", event_id)["title"] == "Shared, renamed"
        assert first.get("event", event_id)["summary"] == "from the first"
    finally:
        first.close()
        second.close()
    assert quick_check(path) == []
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
