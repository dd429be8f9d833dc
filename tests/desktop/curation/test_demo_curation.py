"""The curation tools on the demo a user gets: its sources ship their text, so each tool works."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desktop.curation.dated_statements import DATE, FOUND, DatedStatementsDialog

JAPAN_TIMES = 2  # the demo's source ids
NPR = 3


def test_find_dated_statements_on_a_demo_source(window, answer_dialogs):
    window.selection.select("source", [JAPAN_TIMES], origin=window.lists["source"])
    reader = window.curation.reader
    found = []

    def look(dialog):
        assert isinstance(dialog, DatedStatementsDialog)
        model = dialog.model
        found.extend(
            (model.data(model.index(r, FOUND)), model.data(model.index(r, DATE)))
            for r in range(model.rowCount())
        )
        dialog.reject()

    answer_dialogs(reader.find_statements_action.trigger, look)
    # Resolved against the publication date the demo gives (25 June 2024).
    assert ("Before the end of 2024", "2024-06-25/2024-12-31~") in found
    assert ("before the year-end", "2024-06-25/2024-12-31~") in found


def test_check_for_copies_on_a_demo_source(window, answer_dialogs):
    window.selection.select("source", [NPR], origin=window.lists["source"])
    reader = window.curation.reader
    assert reader.check_copies_action.isEnabled()
    told = []

    def read(box):
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    answer_dialogs(reader.check_copies_action.trigger, read)
    # Three different articles: the check ran over their texts and found no copy among them.
    assert told == ["No other source's text is a near-copy of this one."]
