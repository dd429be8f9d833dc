"""The main window as a user drives it: shortcuts, list clicks, delete with confirmation, undo."""

from __future__ import annotations

import pytest
from editing_support import answer_next_dialog, library_state, press_enter, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QWidget,
)

from db import queries
from db.engine import open_library


def _activate(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def active(window, qtbot):
    """The window, active, so that its keyboard shortcuts fire."""
    _activate(window, qtbot)
    return window


def _click_row(qtbot, panel, name: str) -> int:
    """Click the list row whose first column reads `name`; return its id."""
    model, view = panel.model, panel.view
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == name)
    panel.parentWidget().raise_()
    view.scrollTo(model.index(row, 0))
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return model.id_at(row)


def test_ctrl_e_starts_a_new_event_and_the_list_selects_it(active, qtbot):
    qtbot.keyClick(active, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    form = active.inspector.forms["event"]
    assert active.inspector.current_form() is form and form.record_id is None
    title = form.bindings["title"].widget
    assert title.hasFocus()
    qtbot.keyClicks(title, "Aaa first by title")
    qtbot.keyClick(title, Qt.Key.Key_Tab)
    qtbot.keyClicks(form.date.edit, "28 July 2024")
    press_enter(qtbot, form.date.edit)
    assert active.controller.get("event", form.record_id)["when"] == "2024-07-28"
    events = active.lists["event"]
    assert events.selected_ids() == [form.record_id]
    assert active.undo_stack.undoText() == "Add event 'Aaa first by title'"


def test_clicking_a_row_shows_the_record_in_the_inspector(active, qtbot):
    actor_id = _click_row(qtbot, active.lists["actor"], "Japan")
    assert active.selection.current == ("actor", actor_id)
    assert active.inspector.shown() == ("actor", actor_id)
    assert active.inspector.forms["actor"].heading.text() == "Japan"


def test_delete_an_actor_with_events_confirm_and_undo_brings_every_link_back(active, qtbot):
    lib = active.controller.lib
    before = library_state(lib)
    actor_id = _click_row(qtbot, active.lists["actor"], "Japan")
    links = len(queries.participants(lib, actor_id=actor_id))
    relations = queries.relations(lib, "actor", actor_id)
    cited = sum(len(queries.citations(lib, relation_id=r.id)) for r in relations)
    tags = len(queries.tags_of(lib, "actor", actor_id))
    seen: list[str] = []
    answer_next_dialog("Delete", seen)
    qtbot.keyClick(active.lists["actor"].view, Qt.Key.Key_Delete)
    assert seen[0] == (
        f"Delete actor 'Japan'? {links} event links, {cited} citations, "
        f"{len(relations)} relations and {tags} tags go with it."
    )
    assert not [a for a in queries.list_actors(lib, "Japan") if a.name == "Japan"]
    assert queries.participants(lib, actor_id=actor_id) == []
    assert active.selection.current is None
    _activate(active, qtbot)  # the dialog had the focus
    qtbot.keyClick(active, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library_state(lib) == before


def test_cancel_keeps_the_actor(active, qtbot):
    lib = active.controller.lib
    before = library_state(lib)
    _click_row(qtbot, active.lists["actor"], "China")
    answer_next_dialog("Cancel", [])
    active.record_actions.delete.trigger()
    assert library_state(lib) == before and active.undo_stack.count() == 0


def test_several_selected_rows_are_deleted_as_one_step(active, qtbot):
    lib = active.controller.lib
    before = library_state(lib)
    events = active.lists["event"]
    events.view.setFocus()
    events.view.selectRow(0)
    for _ in range(3):
        qtbot.keyClick(events.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    ids = events.selected_ids()
    assert len(ids) == 4 and active.inspector.current_page() is active.inspector.bulk
    seen: list[str] = []
    answer_next_dialog("Delete", seen)
    qtbot.keyClick(events.view, Qt.Key.Key_Delete)
    assert seen[0].startswith("Delete 4 events?") and seen[0].endswith("go with them.")
    assert queries.count_events(lib) == 57 - 4
    assert active.undo_stack.count() == 1
    active.undo_stack.undo()
    assert library_state(lib) == before


def test_the_delete_key_in_a_text_field_deletes_text_not_the_record(active, qtbot):
    actor_id = _click_row(qtbot, active.lists["actor"], "Japan")
    name = active.inspector.forms["actor"].bindings["name"].widget
    name.setFocus()
    name.setCursorPosition(0)
    qtbot.keyClick(name, Qt.Key.Key_Delete)
    assert name.text() == "apan"
    assert active.controller.get("actor", actor_id)["name"] == "Japan"


def test_undo_three_times_and_redo_with_the_keyboard(active, qtbot):
    lib = active.controller.lib
    event_id = _click_row(qtbot, active.lists["event"], "Abe courts Trump")
    form = active.inspector.forms["event"]
    states = [library_state(lib)]
    for text in ("One", "Two", "Three"):
        type_into(qtbot, form.bindings["title"].widget, text)
        press_enter(qtbot, form.bindings["title"].widget)
        states.append(library_state(lib))
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    for expected in reversed(states[:-1]):
        qtbot.keyClick(active, Qt.Key.Key_Z, ctrl)
        assert library_state(lib) == expected
    qtbot.keyClick(active, Qt.Key.Key_Z, ctrl | shift)
    assert library_state(lib) == states[1]
    assert active.controller.get("event", event_id)["title"] == "One"
    qtbot.waitUntil(lambda: form.bindings["title"].widget.text() == "One")


def test_the_history_panel_lists_every_edit_and_goes_back_to_one(active, qtbot):
    view_action = active.history_dock.toggleViewAction()
    assert view_action in active.view_menu.actions() and not active.history_dock.isVisible()
    view_action.trigger()
    assert active.history_dock.isVisible()
    _click_row(qtbot, active.lists["actor"], "Japan")
    name = active.inspector.forms["actor"].bindings["name"].widget
    for text in ("Nippon", "Nihon"):
        type_into(qtbot, name, text)
        press_enter(qtbot, name)
    history = active.history
    assert history.model().rowCount() == 3  # "Library opened" and two edits
    history.setCurrentIndex(history.model().index(0, 0))  # back to the start
    assert active.undo_stack.index() == 0
    qtbot.waitUntil(lambda: name.text() == "Japan")


def test_find_focuses_the_search_box_and_search_filters_every_list(active, qtbot):
    qtbot.keyClick(active, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert active.search_box.hasFocus()
    qtbot.keyClicks(active.search_box, "Philippines")
    actors = active.lists["actor"].model
    qtbot.waitUntil(lambda: actors.rowCount() < 40)
    names = {actors.data(actors.index(row, 0)) for row in range(actors.rowCount())}
    assert "Philippines" in names and "China" not in names
    assert 0 < active.lists["event"].model.rowCount() < 57
    type_into(qtbot, active.search_box, "leadership")
    sources = active.lists["source"].model

    def titles():
        return sorted(sources.data(sources.index(r, 0))[:12] for r in range(sources.rowCount()))

    # One has the word in its title; the ECFR article, in the full text the demo ships.
    qtbot.waitUntil(lambda: titles() == ["When East me", "With U.S. le"])


def test_record_actions_are_enabled_only_when_they_can_act(active, qtbot):
    actions = active.record_actions
    assert not actions.delete.isEnabled()  # nothing selected
    _click_row(
        qtbot,
        active.lists["source"],
        active.lists["source"].model.data(active.lists["source"].model.index(0, 0)),
    )
    assert actions.delete.isEnabled()
    actions.close_library.trigger()
    for action in (actions.delete, actions.save_copy, actions.close_library, *actions.new.values()):
        assert not action.isEnabled(), action.text()


def test_save_a_copy_writes_the_same_library_and_keeps_this_one_open(active, tmp_path):
    assert active.record_actions.write_copy(str(tmp_path / "copy"))
    copy = open_library(tmp_path / "copy.chronicle")
    try:
        assert library_state(copy) == library_state(active.controller.lib)
    finally:
        copy.close()
    assert active.controller.path.name == "window.chronicle"


def test_every_control_of_the_inspector_has_an_accessible_name(active, qtbot):
    kinds = (QLineEdit, QComboBox, QSpinBox, QPlainTextEdit, QTableView, QAbstractButton)
    inspector = active.inspector
    unnamed = []
    for page in (*inspector.forms.values(), inspector.bulk):
        for widget in page.findChildren(QWidget):
            if not isinstance(widget, kinds) or isinstance(
                widget.parentWidget(), (QComboBox, QSpinBox, QLineEdit)
            ):
                continue  # parts of a box or a line edit (its icons) go by the box's name
            if widget.objectName().startswith("qt_"):
                continue  # Qt's own hidden parts, e.g. a table's corner button
            name = widget.accessibleName() or (
                isinstance(widget, QAbstractButton) and widget.text().replace("&", "")
            )
            if not name:
                unnamed.append(
                    f"{type(widget).__name__} {widget.objectName()!r} "
                    f"{type(widget.parentWidget()).__name__} in {page.objectName()}"
                )
    assert unnamed == [], "\n".join(unnamed)


def test_on_first_start_the_window_fits_the_screen(qtbot):
    """1400x900 overflowed a 1280x720 laptop screen: the first window is sized to the screen."""
    from desktop.library import LibraryController
    from desktop.window.app import make_settings
    from desktop.window.main_window import MainWindow

    window = MainWindow(LibraryController(), make_settings())
    qtbot.addWidget(window)
    window.show()
    room = window.screen().availableGeometry()
    assert window.height() <= room.height()
    assert window.width() <= max(room.width(), window.minimumSizeHint().width())
