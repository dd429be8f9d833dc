"""Dragging on the timeline pans; only a selected event, dragged by a person, changes its date.

Found by hand (issue 14): a pan that started on an event moved it from 2022 to 2024, unseen.
Also: double-click on empty time starts a new event on that date.
"""

from __future__ import annotations

from person import drawn_marks, settle
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolTip

from db import store
from db.dates import parse_date
from desktop.timeline.hits import hit_test


def _point_event(person):
    timeline = person.window.timeline
    timeline.show_date(parse_date("2024-01/2024-12"))
    settle(person.qtbot, timeline)
    marks = [(m, p) for m, p in drawn_marks(timeline) if not m.is_span]
    marks = [(m, p) for m, p in marks if m.row_data.precision == "month"]
    assert marks, "no month-precise event in view"
    return max(marks, key=lambda item: item[1].x())  # room to its left for a pan


def test_a_drag_pans_and_only_a_selected_event_moves(open_window, tmp_path):
    person = open_window(tmp_path / "drag.chronicle", create=True, demo=True)
    window, timeline = person.window, person.window.timeline
    viewport = timeline.viewport()
    mark, point = _point_event(person)
    when = store.get(window.controller.lib, "event", mark.event_id)["when"]
    start = timeline.visible_window()[0]
    person.drag(viewport, point, point + QPoint(-150, 0))
    assert store.get(window.controller.lib, "event", mark.event_id)["when"] == when
    assert timeline.visible_window()[0] > start  # the view moved, the event did not
    assert window.undo_stack.count() == 0

    settle(person.qtbot, timeline)
    mark, point = next((m, p) for m, p in drawn_marks(timeline) if m.event_id == mark.event_id)
    person.click(viewport, point)  # select it: now it shows drag handles and can move
    assert window.selection.current == ("event", mark.event_id)
    person.qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)
    month = round(31 * 86_400 / timeline.scale.seconds_per_pixel)
    for step in range(1, 4):
        person.qtbot.mouseMove(viewport, point + QPoint(month * 2 * step // 3, 0))
    assert QToolTip.isVisible() and QToolTip.text().startswith("Move to ")  # the new date shows
    person.qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point + QPoint(month * 2, 0))
    moved = store.get(window.controller.lib, "event", mark.event_id)["when"]
    assert moved != when and parse_date(moved).start_key > parse_date(when).start_key
    person.keys("Ctrl+Z")
    assert store.get(window.controller.lib, "event", mark.event_id)["when"] == when


def test_double_click_on_empty_time_starts_an_event_there(open_window, tmp_path):
    person = open_window(tmp_path / "new.chronicle", create=True, demo=True)
    window, timeline = person.window, person.window.timeline
    timeline.show_date(parse_date("2024-01/2024-12"))
    settle(person.qtbot, timeline)
    layout = timeline.layout_rect()
    spot = None
    for x in range(60, int(layout.lanes.width()) - 60, 41):
        for y in range(10, int(layout.lanes.height()) - 10, 17):
            candidate = QPoint(int(layout.lanes.left()) + x, int(layout.lanes.top()) + y)
            hit = hit_test(timeline.scene, layout, timeline.view(), candidate.toPointF())
            if hit.kind == "lane":
                spot = candidate
                break
        if spot:
            break
    assert spot is not None
    person.double_click(timeline.viewport(), spot)
    form = window.inspector.forms["event"]
    assert window.inspector.current_form() is form and form.record_id is None
    typed = form.date.text()
    assert parse_date(typed).start_key <= timeline.scale.key_at(spot.x() - layout.lanes.left())
    assert QApplication.focusWidget() is form.bindings["title"].widget
    person.type("Talks begin")
    person.press(Qt.Key.Key_Return)
    assert store.get(window.controller.lib, "event", form.record_id)["title"] == "Talks begin"


def test_right_click_menus_on_the_lists_and_the_timeline(open_window, tmp_path):
    from PySide6.QtWidgets import QMenu

    person = open_window(tmp_path / "menus.chronicle", create=True, demo=True)
    window, timeline = person.window, person.window.timeline
    events = window.lists["event"]
    view = events.view
    row = view.visualRect(events.model.index(2, 0)).center()
    person.right_click(view.viewport(), row)
    menu = view.findChild(QMenu, "list_menu")
    assert menu is not None and menu.isVisible()
    picked = window.selection.current
    assert picked is not None and picked[0] == "event"
    zoom = next(a for a in menu.actions() if a.text() == "&Zoom Timeline to It")
    person.click(menu, menu.actionGeometry(zoom).center())
    settle(person.qtbot, timeline)
    row_data = store.get(window.controller.lib, "event", picked[1])
    start, end = timeline.visible_window()
    when = parse_date(row_data["when"])
    assert start <= when.start_key and when.end_key <= end

    mark, point = next((m, p) for m, p in drawn_marks(timeline) if m.event_id == picked[1])
    person.right_click(timeline.viewport(), point)
    menu = timeline.findChild(QMenu, "timeline_menu")
    assert menu is not None and [a.text() for a in menu.actions()] == [
        "&Edit Event",
        "&Zoom to Event",
    ]
    edit = menu.actions()[0]
    person.click(menu, menu.actionGeometry(edit).center())
    assert window.inspector.shown() == ("event", mark.event_id)
