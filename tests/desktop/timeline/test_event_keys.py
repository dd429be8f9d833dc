"""The timeline's in-memory key columns stay equal to the library through every kind of change,
and a zoom never leaves the view blank while its new scene is made."""

from __future__ import annotations

import subprocess
import sys

from column_checks import assert_same_as_sql
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from test_widget import wheel
from timeline_support import settle

from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv
from desktop.commands import (
    CreateCommand,
    DeleteCommand,
    EditCommand,
    SetTagsCommand,
    add_participation,
    push,
)
from desktop.timeline.theme import TimelineTheme


def keys_ready(qtbot, widget):
    """The columns once they match the library again."""
    qtbot.waitUntil(lambda: widget.keys.current is not None, timeout=10_000)
    return widget.keys.current


def test_columns_follow_edits_undo_and_redo(qtbot, timeline):
    widget, stack, controller = timeline.widget, timeline.stack, timeline.controller
    lib = timeline.lib
    assert_same_as_sql(keys_ready(qtbot, widget), lib)
    japan = controller.create("actor", name="Japan (test)")
    created = push(stack, CreateCommand(controller, "event", title="New", when="2031-04-05"))
    event_id = created.new_id
    steps = [
        lambda: add_participation(stack, controller, event_id, japan, "host"),
        lambda: push(stack, EditCommand(controller, "event", event_id, when="1850/1870")),
        lambda: push(stack, EditCommand(controller, "event", event_id, importance=5)),
        lambda: push(stack, SetTagsCommand(controller, "event", event_id, ["fresh", "two"])),
        lambda: push(stack, EditCommand(controller, "event", event_id, category="novel")),
        lambda: push(stack, DeleteCommand(controller, "actor", [japan])),
    ]
    for step in steps:
        step()
        assert_same_as_sql(keys_ready(qtbot, widget), lib)
    first = widget.keys.current
    while stack.canUndo():
        stack.undo()
        assert_same_as_sql(keys_ready(qtbot, widget), lib)
    while stack.canRedo():
        stack.redo()
        assert_same_as_sql(keys_ready(qtbot, widget), lib)
    assert widget.keys.current is not first  # rebuilt from the touched rows, not reused
    push(stack, DeleteCommand(controller, "event", [event_id]))
    assert_same_as_sql(keys_ready(qtbot, widget), lib)


def test_columns_follow_an_import_and_another_process(qtbot, timeline, tmp_path):
    widget, controller, lib = timeline.widget, timeline.controller, timeline.lib
    keys_ready(qtbot, widget)
    export_csv(lib, tmp_path / "events.csv")
    import_csv(lib, tmp_path / "events.csv")  # every event a second time
    controller.notify({"event", "actor", "link", "tag"})
    assert_same_as_sql(keys_ready(qtbot, widget), lib)
    controller._watch_timer.setInterval(50)
    code = (
        "import sys; from db import store; from db.engine import open_library\n"
        "lib = open_library(sys.argv[1], lock=False)\n"
        "store.create(lib, 'event', title='Written elsewhere', when='2125-10-01', importance=5)\n"
        "lib.close()\n"
    )
    before = widget.keys.current
    subprocess.run([sys.executable, "-c", code, str(controller.path)], check=True, timeout=60)
    qtbot.waitUntil(lambda: widget.keys.current is not before, timeout=10_000)
    columns = keys_ready(qtbot, widget)
    assert columns.extent()[1] > before.extent()[1]
    assert_same_as_sql(columns, lib)


def _drawn_pixels(widget) -> int:
    """Pixels in the lanes area that differ from the background: marks, clusters, labels."""
    image = widget.viewport().grab().toImage()
    lanes = widget.layout_rect().lanes
    theme = TimelineTheme.from_palette(widget.palette())
    empty = {QColor(c).rgb() for c in (theme.background, theme.lane_alt, theme.grid)}
    empty.add(QColor(theme.grid_major).rgb())
    drawn = 0
    for x in range(int(lanes.left()) + 2, int(lanes.right()) - 2, 3):
        for y in range(int(lanes.top()) + 2, int(lanes.bottom()) - 2, 3):
            if image.pixel(x, y) not in empty:
                drawn += 1
    return drawn


def test_a_zoom_never_shows_a_blank_frame(qtbot, timeline):
    widget = timeline.widget
    keys_ready(qtbot, widget)
    settle(qtbot, widget)
    point = QPoint(int(widget.layout_rect().lanes.center().x()), 200)
    for angle in (120, 120, -120, -240, 120):
        old_scene = widget.scene
        wheel(widget, point, angle_y=angle)
        frames = 0
        while True:  # every frame until (and including) the one with the new scene
            assert widget.scene is not None
            assert _drawn_pixels(widget) > 50, "a frame without events while zooming"
            frames += 1
            if not widget.is_loading:
                break
            qtbot.wait(5)
        assert frames >= 2  # at least one frame painted from the old scene, rescaled
        assert widget.scene is not old_scene


def test_a_zoom_after_an_edit_shows_the_edited_event_as_it_is_now(qtbot, timeline):
    """Scenes keep the rows they read between zoom steps; an edit must not leave them stale."""
    widget, stack, controller = timeline.widget, timeline.stack, timeline.controller
    keys_ready(qtbot, widget)
    point = QPoint(int(widget.layout_rect().lanes.center().x()), 200)
    wheel(widget, point, angle_y=120)  # a scene from the columns, its rows kept
    settle(qtbot, widget)
    assert widget.scene.detailed
    mark = max(widget.scene.marks, key=lambda m: m.importance)
    push(stack, EditCommand(controller, "event", mark.event_id, title="Renamed by the test"))
    keys_ready(qtbot, widget)
    wheel(widget, point, angle_y=-120)
    settle(qtbot, widget)
    wheel(widget, point, angle_y=120)
    settle(qtbot, widget)
    titles = {m.title for m in widget.scene.marks if m.event_id == mark.event_id}
    assert titles == {"Renamed by the test"}


def test_columns_count_the_lanes_shown_once_switched(qtbot, timeline):
    """The columns count one lane mode's lanes: after a switch SQL answers until the new
    mode's index is made, and from then on it follows edits like the first one."""
    widget, stack, controller, lib = (
        timeline.widget, timeline.stack, timeline.controller, timeline.lib,
    )  # fmt: skip
    keys_ready(qtbot, widget)
    widget.set_lane_by("category")
    assert widget.keys.current is None  # the category lanes are not counted yet
    columns = keys_ready(qtbot, widget)
    assert columns.has_lanes("category") and not columns.has_lanes("actor")
    created = push(stack, CreateCommand(controller, "event", title="Fresh", when="1999"))
    push(stack, EditCommand(controller, "event", created.new_id, category="brand new"))
    columns = keys_ready(qtbot, widget)
    assert "brand new" in columns.categories
    assert_same_as_sql(columns, lib)
    settle(qtbot, widget)
    assert not widget.scene.approximate
