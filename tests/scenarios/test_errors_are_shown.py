"""Errors a person meets: a refused date is kept and asked about; a bug is shown, logged, and
still fails the test (issue 14 and issue 17 item 10: the hook showed only ChronicleError).
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from db import store
from desktop.safety import error_report


def test_a_refused_date_is_kept_and_asked_about_before_leaving(open_window, tmp_path):
    person = open_window(tmp_path / "dates.chronicle", create=True, demo=True)
    window = person.window
    events = window.lists["event"]
    view = events.view
    person.click(view.viewport(), view.visualRect(events.model.index(0, 0)).center())
    form = window.inspector.forms["event"]
    first = form.record_id
    stored = store.get(window.controller.lib, "event", first)["when"]
    person.click_into(form.date.edit, "2024-13")
    seen: list[str] = []
    person.when_asked("Keep Editing", seen)
    person.click(view.viewport(), view.visualRect(events.model.index(1, 0)).center())
    person.qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "month 13 does not exist" in seen[0]
    person.qtbot.waitUntil(lambda: window.selection.current == ("event", first), timeout=3000)
    assert form.record_id == first and form.date.text() == "2024-13"
    assert window.focusWidget() is form.date.edit  # back in the field to fix it
    person.click_into(form.date.edit, "2024-12")
    person.press(Qt.Key.Key_Return)
    assert store.get(window.controller.lib, "event", first)["when"] == "2024-12" != stored


def _passed_on(monkeypatch) -> list:
    """Record what the app's hook passes on to the hook before it (pytest-qt's, in a test)."""
    passed: list = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: passed.append((t, e, tb)))
    return passed


def test_an_unexpected_error_is_shown_logged_and_passed_on(open_window, tmp_path, monkeypatch):
    passed = _passed_on(monkeypatch)  # in place of pytest-qt's hook, which would fail the test
    person = open_window(tmp_path / "bug.chronicle", create=True, demo=True)
    window = person.window

    def broken() -> None:
        raise RuntimeError("a bug in a slot")

    # What Edit > New Event (Ctrl+E) calls, looked up when the key is pressed.
    monkeypatch.setattr(window.record_actions, "new_record", lambda _kind: broken())
    person.click(window.timeline.viewport(), window.timeline.viewport().rect().center())
    person.keys("Ctrl+E")
    # Passed on (so a test with such a slot fails): the hook never swallows it.
    assert [str(exc) for _type, exc, _tb in passed] == ["a bug in a slot"]
    box = window.findChild(QMessageBox, "unexpected_error")
    assert box is not None and box.isVisible()
    log = error_report.log_path()
    assert str(log) in box.text() and "RuntimeError: a bug in a slot" in box.text()
    assert "a bug in a slot" in box.detailedText() and "Traceback" in box.detailedText()
    assert "RuntimeError: a bug in a slot" in log.read_text(encoding="utf-8")
    assert os.environ["CHRONICLE_DATA_DIR"] in str(log)  # the test's own folder, not the user's
    person.click(box.button(QMessageBox.StandardButton.Ok))
    # The app keeps working: the next action does what it should.
    person.click(window.timeline.viewport(), window.timeline.viewport().rect().center())
    person.keys("Ctrl+F")
    assert window.focusWidget() is window.search_box
