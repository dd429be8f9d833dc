"""Two analysts on one library: another analyst (a second process, as another OS user) changes
the event I am editing. My edit is not applied but shown as a conflict, which I settle by mouse
and by keyboard; my undo is refused once they have changed the record since (issue 19, item 2).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from db import store
from desktop.dialogs.edit_conflict import EditConflictDialog

REPO = Path(__file__).resolve().parents[2]
EDITOR = REPO / "tests" / "db" / "concurrent_editor.py"


def bob_sets(path, event_id: int, field: str, value: str) -> None:
    """Bob, in a process of his own, changes one field of the event in the same file."""
    env = dict(os.environ, LOGNAME="bob", USER="bob")
    args = [sys.executable, str(EDITOR), "set", str(path), "event", str(event_id), field, value]
    subprocess.run(args, cwd=REPO, env=env, check=True, capture_output=True, timeout=120)


def answer_conflict(person, seen: list, *, click: str | None = None, key=None) -> None:
    """When the conflict dialog opens, read it, then click a button or press a key in it."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        ready = isinstance(dialog, EditConflictDialog) and dialog.isVisible()
        if not ready or QApplication.activeWindow() is not dialog:  # keys go to the active one
            QTimer.singleShot(20, answer)
            return
        seen.append({label.objectName(): label.text() for label in dialog.findChildren(QLabel)})
        if click is not None:
            person.qtbot.mouseClick(dialog.findChild(object, click), Qt.MouseButton.LeftButton)
        else:
            person.qtbot.keyClick(dialog.focusWidget() or dialog, *key)

    QTimer.singleShot(0, answer)


def _select_first_event(person):
    window = person.window
    events = window.lists["event"]
    view = events.view
    person.click(view.viewport(), view.visualRect(events.model.index(0, 0)).center())
    return window.inspector.forms["event"]


def test_an_edit_that_lost_a_race_is_shown_as_a_conflict_and_nothing_is_overwritten(
    open_window, tmp_path
):
    path = tmp_path / "shared.chronicle"
    person = open_window(path, create=True, demo=True)
    lib = person.window.controller.lib
    form = _select_first_event(person)
    event = form.record_id
    title = form.bindings["title"].widget

    # I start retyping the title; meanwhile Bob renames the event.
    person.click_into(title, "Mine: talks in Oslo")
    bob_sets(path, event, "title", "Bob: talks in Rome")
    seen: list[dict] = []
    answer_conflict(person, seen, click="keep_theirs")
    person.press(Qt.Key.Key_Return)
    assert seen, "no conflict dialog was shown"
    assert seen[0]["theirs_title"] == "Bob: talks in Rome"
    assert seen[0]["mine_title"] == "Mine: talks in Oslo"
    assert store.get(lib, "event", event)["title"] == "Bob: talks in Rome"  # nothing overwritten
    assert title.text() == "Bob: talks in Rome"  # theirs kept: my text dropped

    # Again, and this time I apply mine, by keyboard (Alt+M): it becomes one undo step.
    person.click_into(title, "Mine: talks in Oslo")
    bob_sets(path, event, "title", "Bob: talks in Geneva")
    seen.clear()
    answer_conflict(person, seen, key=(Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier))
    person.press(Qt.Key.Key_Return)
    assert seen and seen[0]["theirs_title"] == "Bob: talks in Geneva"
    assert store.get(lib, "event", event)["title"] == "Mine: talks in Oslo"
    # Bob's change of another field merges without a dialog.
    person.click_into(title, "Mine: talks in Bergen")
    bob_sets(path, event, "summary", "Bob's summary.")
    person.press(Qt.Key.Key_Return)
    row = store.get(lib, "event", event)
    assert (row["title"], row["summary"]) == ("Mine: talks in Bergen", "Bob's summary.")


def test_undo_is_refused_after_another_analyst_changed_the_record(open_window, tmp_path):
    path = tmp_path / "shared.chronicle"
    person = open_window(path, create=True, demo=True)
    window = person.window
    lib = window.controller.lib
    form = _select_first_event(person)
    event = form.record_id
    person.click_into(form.bindings["title"].widget, "My title")
    person.press(Qt.Key.Key_Return)
    assert store.get(lib, "event", event)["title"] == "My title"
    bob_sets(path, event, "summary", "Bob was here.")

    view = window.lists["event"].view
    person.click(view.viewport(), view.visualRect(window.lists["event"].model.index(0, 0)).center())
    seen: list[str] = []
    person.when_asked("OK", seen)
    person.keys("Ctrl+Z")
    person.qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "bob changed this event" in seen[0] and "nothing was changed" in seen[0]
    row = store.get(lib, "event", event)
    assert (row["title"], row["summary"]) == ("My title", "Bob was here.")
    assert not window.findChildren(QMessageBox, options=Qt.FindChildOption.FindDirectChildrenOnly)
