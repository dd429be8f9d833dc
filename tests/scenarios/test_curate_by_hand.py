"""A researcher builds a small chronology by hand, undoes and redoes, closes, and finds it all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from db import queries
from desktop.library import LibraryController
from desktop.panels.editors.citations import CitationsSection
from desktop.panels.editors.participants import ParticipantsSection
from desktop.panels.editors.relations import RelationsSection
from desktop.window.app import make_settings
from desktop.window.main_window import MainWindow


def _window(qtbot, path, *, create: bool) -> MainWindow:
    window = MainWindow(LibraryController(), make_settings())
    qtbot.addWidget(window)
    assert window.open_file(path, create=create)
    window.resize(1400, 900)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _type(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def _section(window, kind: type):
    return next(s for s in window.inspector.forms["event"].sections if isinstance(s, kind))


def _link_actor(qtbot, window, name: str, role: str) -> None:
    actors = _section(window, ParticipantsSection)
    _type(qtbot, actors.picker, name)
    _type(qtbot, actors.role, role)
    qtbot.keyClick(actors.role, Qt.Key.Key_Return)


@pytest.fixture
def library_path(tmp_path):
    return tmp_path / "tokyo.chronicle"


def test_curate_by_hand_undo_redo_close_and_find_everything(qtbot, library_path):
    window = _window(qtbot, library_path, create=True)
    ctrl = Qt.KeyboardModifier.ControlModifier

    qtbot.keyClick(window, Qt.Key.Key_E, ctrl)  # Edit > New Event
    form = window.inspector.forms["event"]
    qtbot.keyClicks(form.bindings["title"].widget, "Leaders meet in Tokyo")
    qtbot.keyClick(form.bindings["title"].widget, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.date.edit, "28 July 2024")
    qtbot.keyClick(form.date.edit, Qt.Key.Key_Return)
    event_id = form.record_id
    _link_actor(qtbot, window, "Japan", "host")  # new actors, made while linking
    _link_actor(qtbot, window, "Australia", "guest")

    cited = _section(window, CitationsSection)
    _type(qtbot, cited.picker, "Meeting readout")
    _type(qtbot, cited.locator, "para 2")
    _type(qtbot, cited.quote, "The two leaders met in Tokyo on 28 July.")
    qtbot.keyClick(cited.quote, Qt.Key.Key_Return, ctrl)

    relations = _section(window, RelationsSection)
    relations.type.setCurrentText("part of")
    relations.other_kind.setCurrentIndex(1)
    _type(qtbot, relations.picker, "Leaders meet in Tokyo")  # refused: not itself
    qtbot.keyClick(relations.picker, Qt.Key.Key_Return)
    assert relations.problem.text() == "An entity cannot be related to itself."

    _type(qtbot, form.tags, "summit, asia")
    qtbot.keyClick(form.tags, Qt.Key.Key_Return)

    lib = window.controller.lib
    roles = {p.actor_name: p.role for p in queries.participants(lib, event_id=event_id)}
    assert roles == {"Japan": "host", "Australia": "guest"}
    assert window.undo_stack.count() == 5

    for _ in range(3):  # tags, citation, Australia
        qtbot.keyClick(window, Qt.Key.Key_Z, ctrl)
    assert queries.tags_of(lib, "event", event_id) == []
    assert queries.citations(lib, event_id=event_id) == []
    assert [p.actor_name for p in queries.participants(lib, event_id=event_id)] == ["Japan"]
    assert queries.count_actors(lib) == 1
    for _ in range(3):
        qtbot.keyClick(window, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert queries.count_actors(lib) == 2
    assert queries.tags_of(lib, "event", event_id) == ["asia", "summit"]

    window.close()
    again = _window(qtbot, library_path, create=False)
    lib = again.controller.lib
    assert again.lists["event"].model.rowCount() == 1
    again.selection.select("event", [event_id], current=event_id)
    form = again.inspector.forms["event"]
    assert form.heading.text() == "Leaders meet in Tokyo"
    assert form.date.text() == "28 Jul 2024"  # as a person reads it; EDTF in the tooltip
    assert form.tags.text() == "asia, summit"
    quotes = [c.quote for c in queries.citations(lib, event_id=event_id)]
    assert quotes == ["The two leaders met in Tokyo on 28 July."]
    assert [c.source_title for c in queries.citations(lib, event_id=event_id)] == [
        "Meeting readout"
    ]
    assert _section(again, ParticipantsSection).model.rowCount() == 2
    assert again.undo_stack.count() == 0  # a new session starts a new history
