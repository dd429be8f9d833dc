"""The Change History panel (View > Change History): two analysts' edits of one event, newest
first, for the selected record and the whole library, filtered by person and since a day,
exported as CSV with formula cells neutralised (issue 19, item 3). Bob is a second process
writing the same library file as another OS user."""

from __future__ import annotations

import csv

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from test_edit_conflicts import _select_first_event, bob_sets

from db.team import os_user


def _rows(panel) -> list[tuple[str, str, str]]:
    model = panel.model
    return [tuple(model.index(r, c).data() for c in (1, 3, 4)) for r in range(model.rowCount())]


def _choose(person, combo, text: str) -> None:
    """Pick `text` in a combo box by keyboard: focus it, Home, then Down until it shows."""
    person.click(combo)
    person.press(Qt.Key.Key_Escape)  # close the popup the click opened; the combo keeps focus
    person.press(Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        person.press(Qt.Key.Key_Down)
    assert combo.currentText() == text, f"{text!r} not in {combo.objectName()}"


def test_change_history_shows_two_analysts_edits_in_order_filters_and_exports(
    open_window, tmp_path, monkeypatch
):
    path = tmp_path / "shared.chronicle"
    person = open_window(path, create=True, demo=True)
    window = person.window
    form = _select_first_event(person)
    event = form.record_id
    person.click_into(form.bindings["title"].widget, "Mine")
    person.press(Qt.Key.Key_Return)
    bob_sets(path, event, "title", '=HYPERLINK("http://x")')  # a formula, for the CSV
    bob_sets(path, event, "summary", "Bob's summary.")

    person.menu("View", "Change History")
    panel = window.change_history
    person.qtbot.waitUntil(panel.isVisible, timeout=3000)
    me = os_user()
    rows = _rows(panel)  # the selected event's history, newest first
    assert [(who, action) for who, action, _ in rows] == [
        ("bob", "changed"), ("bob", "changed"), (me, "changed"), (me, "added")]  # fmt: skip
    assert rows[0][2].startswith("summary: ") and rows[0][2].endswith(" → Bob's summary.")
    assert rows[1][2].startswith("title: Mine → =HYPERLINK")
    assert rows[2][2].startswith("title: ") and rows[2][2].endswith("→ Mine")
    assert panel.status.text() == "4 changes"

    _choose(person, panel.scope, "Whole library")
    everything = panel.model.rowCount()
    assert everything > 4  # the demo's records were added too
    _choose(person, panel.person, "bob")
    assert [who for who, _a, _c in _rows(panel)] == ["bob", "bob"]
    _choose(person, panel.since, "Yesterday")  # all of it happened today
    assert panel.model.rowCount() == 2

    out = tmp_path / "bob.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    person.click(panel.export_button)
    person.qtbot.waitUntil(lambda: "written to" in panel.status.text(), timeout=10000)
    with out.open(encoding="utf-8", newline="") as fh:
        exported = list(csv.DictReader(fh))
    assert [(r["who"], r["field"]) for r in exported] == [("bob", "summary"), ("bob", "title")]
    assert exported[1]["new"].startswith("'=HYPERLINK")  # neutralised: not a formula

    _choose(person, panel.person, "Everyone")
    _choose(person, panel.since, "Any time")
    assert panel.model.rowCount() == everything
