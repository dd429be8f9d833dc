"""A person pastes a new article, reads it in the Source Reader, marks a passage and makes it a
cited event, as a user new to the app does.

Found in a real window: after Curation ▸ New Source from Text… the reader stayed a tab behind
the Relationships panel, so the pasted text seemed to go nowhere; a passage naming a span by two
whole dates ("from 30 May 1992 to 1 October 1996") became a one-day event; the reader said
"1 cited passages highlighted".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from db import queries

ARTICLE = (
    "Trade along the river is older than any state that taxes it.\n\n"
    "In the early 1990s traffic fell by half. The UN embargo ran from 30 May 1992 to "
    "1 October 1996 and closed the middle river to most shipping."
)
PASSAGE = "The UN embargo ran from 30 May 1992 to 1 October 1996 and closed the middle river"


def _when_open(person, name: str, act) -> None:
    """When the dialog called `name` opens, let `act(dialog)` fill and close it."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or dialog.objectName() != name:
            QTimer.singleShot(20, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def _ok(person, dialog) -> None:
    person.click(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))


def test_paste_read_mark_and_cite(open_window, tmp_path):
    person = open_window(tmp_path / "river.chronicle", create=True)
    window = person.window
    reader = window.curation.reader

    def fill(dialog) -> None:
        person.click_into(dialog.title_edit, "The long memory of the river ports")
        person.click_into(dialog.published_field.edit, "14 March 2026")
        person.click(dialog.text_edit)
        for line in ARTICLE.split("\n"):
            person.type(line)
            person.press(Qt.Key.Key_Return)
        _ok(person, dialog)

    _when_open(person, "source_text", fill)
    person.menu("Curation", "New Source from Text…")
    # The reader comes forward with the new text, ready to be marked.
    person.qtbot.waitUntil(lambda: not reader.view.visibleRegion().isEmpty(), timeout=2000)
    assert reader.title_label.text() == "The long memory of the river ports"
    assert "0 cited passages highlighted." in reader.info_label.text()

    view = reader.view
    text = view.toPlainText()
    cursor = view.textCursor()
    cursor.setPosition(text.index(PASSAGE))
    view.setTextCursor(cursor)  # scrolled to it, as a person scrolls to what they read
    view.ensureCursorVisible()
    start = view.cursorRect(cursor).center()
    cursor.setPosition(text.index(PASSAGE) + len(PASSAGE), QTextCursor.MoveMode.MoveAnchor)
    end = view.cursorRect(cursor).center()
    person.drag(view.viewport(), start, end)
    offered: list[str] = []

    def create(dialog) -> None:
        offered.extend(dialog.date_choice.itemText(i) for i in range(dialog.date_choice.count()))
        _ok(person, dialog)

    _when_open(person, "event_from_passage", create)
    person.keys("Ctrl+Shift+E")
    person.qtbot.waitUntil(lambda: queries.count_events(window.controller.lib) == 1, timeout=3000)
    assert offered[0] == "“30 May 1992 to 1 October 1996” → 30 May 1992 – 1 Oct 1996"
    (event,) = queries.list_events(window.controller.lib, queries.EventFilter())
    assert event.when_edtf == "1992-05-30/1996-10-01"
    assert "1 cited passage highlighted." in reader.info_label.text()
