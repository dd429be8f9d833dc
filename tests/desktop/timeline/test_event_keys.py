"""The timeline's in-memory key columns stay equal to the library through every kind of change,
and a zoom never leaves the view blank while its new scene is made."""

from __future__ import annotations

import subprocess
import sys

from column_checks import assert_filtered_same_as_sql, assert_same_as_sql
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from test_widget import wheel
from timeline_support import settle

from db import queries
from db.exchange.csv_ import export_csv
from db.exchange.imports import import_csv
from db.queries import EventFilter
from db.queries.filtered_columns import FilteredColumns
from desktop.commands import (
    CreateCommand,
    DeleteCommand,
    EditCommand,
    SetTagsCommand,
    add_citation,
    add_participation,
    push,
)
from desktop.timeline import loader
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


def filtered_ready(qtbot, widget):
    """The columns seen through the view's filter once they match the library again."""
    keys = widget.keys
    # The summary brings the view's filter (era bands hide a tag); a filter keeping no
    # event leaves no scene to wait for.
    qtbot.waitUntil(lambda: not widget.is_loading, timeout=10_000)
    qtbot.waitUntil(lambda: keys.columns_for(keys.filter) is not None, timeout=10_000)
    view = keys.columns_for(keys.filter)
    assert isinstance(view, FilteredColumns) and view.filter == keys.filter
    return view


def test_the_filtered_view_follows_edits_undo_and_redo(qtbot, timeline):
    """A changed event may enter or leave the filter; a citation or a graded source may move
    events no edit names: after each, the filtered counts are SQL's again."""
    widget, stack, controller, lib = (
        timeline.widget, timeline.stack, timeline.controller, timeline.lib,
    )  # fmt: skip
    keys_ready(qtbot, widget)
    actor = controller.create("actor", name="Filtered on (test)")
    source = controller.create("source", title="A source (test)")
    widget.set_filter(EventFilter(actor_ids=(actor,), min_reliability="B"))
    view = filtered_ready(qtbot, widget)
    assert view.total == 0
    created = push(stack, CreateCommand(controller, "event", title="In", when="2031-04-05"))
    event_id = created.new_id
    steps = [
        lambda: add_participation(stack, controller, event_id, actor, "host"),
        lambda: add_citation(stack, controller, source, event_id=event_id),
        lambda: push(stack, EditCommand(controller, "source", source, reliability="A")),
        lambda: push(stack, EditCommand(controller, "event", event_id, when="1850/1870")),
        lambda: push(stack, SetTagsCommand(controller, "event", event_id, ["era"])),
        lambda: push(stack, SetTagsCommand(controller, "event", event_id, [])),
        lambda: push(stack, DeleteCommand(controller, "actor", [actor])),
    ]
    totals = []
    for step in steps:
        step()
        view = filtered_ready(qtbot, widget)
        assert_filtered_same_as_sql(view, lib, "actor", [])
        totals.append(view.total)
    assert totals == [0, 0, 1, 1, 0, 1, 0]  # in once linked, cited and graded; out as an era
    while stack.canUndo():
        stack.undo()
        assert_filtered_same_as_sql(filtered_ready(qtbot, widget), lib, "actor", [])
    while stack.canRedo():
        stack.redo()
        assert_filtered_same_as_sql(filtered_ready(qtbot, widget), lib, "actor", [])


def test_a_filtered_zoom_is_counted_from_memory_once_the_view_is_ready(
    qtbot, timeline, monkeypatch
):
    widget, lib = timeline.widget, timeline.lib
    keys_ready(qtbot, widget)
    busy = queries.list_events(lib, EventFilter())[0].title.split()[0]
    widget.set_filter(EventFilter(text=busy))
    filtered_ready(qtbot, widget)
    settle(qtbot, widget)
    asked: list[str] = []
    for name in ("lane_buckets", "lane_label_candidates", "window_events", "bucket_counts"):
        real = getattr(loader, name)
        monkeypatch.setattr(
            loader, name, lambda *a, _n=name, _f=real, **k: asked.append(_n) or _f(*a, **k)
        )
    monkeypatch.setattr(loader, "DETAIL_LIMIT", 2)  # the demo's windows counted, not listed
    monkeypatch.setattr(loader, "PREFETCH_LIMIT", 2)
    point = QPoint(int(widget.layout_rect().lanes.center().x()), 200)
    counted = 0
    for angle in (-120, -120, 120, 120, 120):
        wheel(widget, point, angle_y=angle)
        settle(qtbot, widget)
        counted += not widget.scene.detailed
    assert counted and asked == []


def test_a_filter_change_never_shows_a_blank_frame(qtbot, timeline):
    """From the filter set to the scene counted for it, every frame shows events: the old
    scene rescaled, then SQL's scene, then the filtered view's."""
    widget, lib = timeline.widget, timeline.lib
    keys_ready(qtbot, widget)
    settle(qtbot, widget)
    busiest = max(queries.list_actors(lib), key=lambda a: queries.count_events(
        lib, EventFilter(actor_ids=(a.id,))
    ))  # fmt: skip
    widget.set_filter(EventFilter(actor_ids=(busiest.id,)))
    frames = 0
    while True:
        assert widget.scene is not None
        assert _drawn_pixels(widget) > 50, "a frame without events after the filter changed"
        frames += 1
        if not widget.is_loading and widget.keys.columns_for(widget.keys.filter) is not None:
            break
        qtbot.wait(5)
    assert frames >= 2  # at least one frame painted from the scene before the filter
    assert {m.event_id for m in widget.scene.marks} <= {
        e.id for e in queries.list_events(lib, EventFilter(actor_ids=(busiest.id,)))
    }
