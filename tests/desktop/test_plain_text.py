"""User text that looks like HTML is shown literally everywhere, never rendered."""

from __future__ import annotations

from editing_support import answer_next_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import queries, store

HTML_TITLE = "<b>x</b><img src=x>"
HTML_FILE = "<b>x<i>y.chronicle"  # '/' cannot be part of a file name


def test_html_in_titles_names_and_file_names_shows_literally(window, qtbot, tmp_path):
    assert window.open_file(tmp_path / HTML_FILE, create=True)
    lib = window.controller.lib
    event_id = store.create(lib, "event", title=HTML_TITLE, when="2024")
    actor_id = store.create(lib, "actor", name="<i>Actor</i>")
    store.add_participation(lib, event_id, actor_id, "<u>role</u>")
    window.controller.notify({"event", "actor", "link"})
    assert window.windowTitle() == f"{HTML_FILE} — Chronicle"

    events = window.lists["event"].model
    assert events.data(events.index(0, 0)) == HTML_TITLE
    assert "&lt;img src=x&gt;" in events.data(events.index(0, 0), Qt.ItemDataRole.ToolTipRole)

    window.selection.select("event", [event_id], current=event_id)
    form = window.inspector.forms["event"]
    assert form.heading.text() == HTML_TITLE
    assert form.heading.textFormat() == Qt.TextFormat.PlainText
    actors = form.sections[0].model
    assert actors.data(actors.index(0, 0)) == "<i>Actor</i>"
    assert actors.data(actors.index(0, 1)) == "<u>role</u>"
    assert "&lt;u&gt;" in actors.data(actors.index(0, 1), Qt.ItemDataRole.ToolTipRole)

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    seen: list[str] = []
    answer_next_dialog("Delete", seen)
    window.record_actions.delete.trigger()
    assert seen == [
        f"Delete event '{HTML_TITLE}'? 1 actor link goes with it.",
        str(Qt.TextFormat.PlainText),
    ]
    assert window.statusBar().currentMessage() == (
        f"Deleted event '{HTML_TITLE}'. Undo brings it back."
    )
    history = window.history.model()
    assert history.data(history.index(1, 0)) == f"Delete event '{HTML_TITLE}'"
    assert queries.count_events(lib) == 0


def test_problems_quoting_user_text_are_plain(editor, qtbot):
    editor.panel.new_record("event")
    form = editor.panel.forms["event"]
    form.date.setText("<b>soon</b>")
    assert form.date.feedback.textFormat() == Qt.TextFormat.PlainText
    assert form.date.feedback.text().startswith("Not understood: '<b>soon</b>'")
    form.bindings["title"].widget.setText("<b>t</b>")
    form.create_record()
    assert form.problem_text.textFormat() == Qt.TextFormat.PlainText
    assert "<b>soon</b>" in form.problem_text.text()
