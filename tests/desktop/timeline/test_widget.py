"""The timeline widget as a user drives it: zoom, pan, fit, pick, filter, lanes, drag."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QMenu
from timeline_support import reveal, settle, visible_marks

from db import store
from db.dates import parse_date
from db.queries import EventFilter, key_extent
from db.queries.timeline import linked_event_ids
from desktop.timeline.hits import hit_test, screen_x
from desktop.timeline.painter import render_timeline
from desktop.timeline.scale import axis_ticks

DAY = 86_400


def wheel(widget, point: QPoint, angle_y: int = 0, angle_x: int = 0, modifiers=None) -> None:
    global_point = widget.viewport().mapToGlobal(point)
    event = QWheelEvent(
        QPointF(point),
        QPointF(global_point),
        QPoint(0, 0),
        QPoint(angle_x, angle_y),
        Qt.MouseButton.NoButton,
        modifiers or Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget.viewport(), event)


def empty_point(widget) -> QPoint:
    """A point in the lanes area with nothing under it."""
    layout = widget.layout_rect()
    for x, y in itertools.product(range(40, 900, 37), range(20, 500, 23)):
        point = QPoint(int(layout.lanes.left()) + x, int(layout.lanes.top()) + y)
        if hit_test(widget.scene, layout, widget.view(), QPointF(point)).kind == "lane":
            return point
    raise AssertionError("no empty spot in view")


def drag(qtbot, widget, start: QPoint, end: QPoint) -> None:
    viewport = widget.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    steps = 6
    for i in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * i / steps)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_a_wheel_step_zooms_in_around_the_instant_under_the_cursor(timeline):
    widget = timeline.widget
    point = QPoint(int(widget.layout_rect().lanes.left()) + 300, 200)
    anchor = point.x() - widget.layout_rect().lanes.left()
    before = widget.scale
    wheel(widget, point, angle_y=120)
    after = widget.scale
    assert after.seconds_per_pixel < before.seconds_per_pixel * 0.85
    assert after.key_at(anchor) == pytest.approx(before.key_at(anchor), abs=after.seconds_per_pixel)
    wheel(widget, point, angle_y=-240)
    assert widget.scale.seconds_per_pixel > before.seconds_per_pixel
    assert widget.scale.key_at(anchor) == pytest.approx(
        before.key_at(anchor), abs=before.seconds_per_pixel
    )


def test_horizontal_scroll_and_shift_wheel_pan(timeline):
    widget = timeline.widget
    start = widget.visible_window()[0]
    wheel(widget, QPoint(600, 300), angle_x=-120)
    assert widget.visible_window()[0] > start
    start = widget.visible_window()[0]
    wheel(widget, QPoint(600, 300), angle_y=120, modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert widget.visible_window()[0] < start


def test_dragging_the_background_pans_by_the_dragged_distance(qtbot, timeline):
    widget = timeline.widget
    start = empty_point(widget)
    before = widget.scale
    drag(qtbot, widget, start, start + QPoint(-150, 0))
    assert widget.scale.seconds_per_pixel == before.seconds_per_pixel
    assert widget.scale.start_key == pytest.approx(
        before.start_key + 150 * before.seconds_per_pixel
    )


def test_fit_all_shows_every_event(qtbot, timeline):
    widget = timeline.widget
    widget.zoom_by(50)
    widget.fit_all()
    lo, hi = key_extent(timeline.lib)
    start, end = widget.visible_window()
    assert start <= lo < hi <= end
    assert (end - start) < (hi - lo) * 1.4  # margins, and room for the last labels
    settle(qtbot, widget)
    shown = {mark.event_id for mark in widget.scene.marks}
    counted = sum(cluster.count for cluster in widget.scene.clusters)
    assert shown  # and whatever did not fit a row is counted in a cluster
    assert counted > 0 or len(shown) == 57


def test_fit_all_leaves_room_for_the_last_labels(qtbot, timeline):
    """Fit All cut the labels of the latest events at the right edge ("Eight foreign m")."""
    widget = timeline.widget
    widget.fit_all()
    settle(qtbot, widget)
    layout, view = widget.layout_rect(), widget.view()
    right = layout.lanes.right()
    cut = [
        mark.row_data.title
        for mark in widget.scene.marks
        if mark.label_w > 0
        and screen_x(widget.scene, layout, view, mark.label_x + mark.label_w) > right + 1
    ]
    assert not cut


def test_lanes_by_actor_are_one_lane_per_actor_with_events(qtbot, timeline):
    widget = timeline.widget
    with timeline.lib.read() as conn:
        actors = {
            row[0] for row in conn.exec_driver_sql("SELECT DISTINCT actor_id FROM participation")
        }
        lone = conn.exec_driver_sql(
            "SELECT count(*) FROM event WHERE id NOT IN (SELECT event_id FROM participation)"
        ).scalar()
    keys = [lane.key for lane in widget.scene.lanes]
    assert len(keys) == len(set(keys))
    assert set(keys) - {None} == actors
    assert (None in keys) == bool(lone)
    widget.set_lane_by("category")
    settle(qtbot, widget)
    assert "diplomacy" in {lane.key for lane in widget.scene.lanes}
    widget.set_lane_by("none")
    settle(qtbot, widget)
    assert [lane.title for lane in widget.scene.lanes] == ["All events"]


def test_filtering_by_an_actor_hides_everyone_elses_events(qtbot, timeline):
    widget = timeline.widget
    japan = next(lane.key for lane in widget.scene.lanes if lane.title == "Japan")
    widget.set_filter(EventFilter(actor_ids=(japan,)))
    settle(qtbot, widget)
    widget.fit_all()
    settle(qtbot, widget)
    japans = linked_event_ids(timeline.lib, actor_ids=[japan])
    shown = {mark.event_id for mark in widget.scene.marks}
    assert shown and shown <= japans
    assert widget.summary.total == len(japans)


def test_clicking_an_event_selects_it_everywhere(qtbot, window):
    widget = window.timeline
    settle(qtbot, widget)
    mark, point = visible_marks(widget, lambda m: not m.is_span)[0]
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selection.ids("event") == {mark.event_id}
    assert window.selection.current == ("event", mark.event_id)
    assert window.lists["event"].selected_ids() == [mark.event_id]
    # And the other way: picking in the list marks the event in the timeline.
    other = next(m.event_id for m in widget.scene.marks if m.event_id != mark.event_id)
    window.selection.select("event", {other})
    assert widget.marking.selected == {other}


def test_ctrl_click_adds_and_clicking_empty_space_clears(qtbot, timeline):
    widget = timeline.widget
    marks = visible_marks(widget)
    first, p1 = marks[0]
    second, p2 = next(item for item in marks if item[0].event_id != first.event_id)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=p1)
    qtbot.mouseClick(
        widget.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, p2
    )
    assert timeline.selection.ids("event") == {first.event_id, second.event_id}
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=empty_point(widget))
    assert timeline.selection.ids("event") == frozenset()


def test_double_click_asks_to_open_the_event(qtbot, timeline):
    widget = timeline.widget
    mark, point = visible_marks(widget)[0]
    with qtbot.waitSignal(widget.event_activated) as signal:
        qtbot.mouseDClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [mark.event_id]


def test_selecting_an_actor_highlights_its_events_and_lane(qtbot, timeline):
    widget = timeline.widget
    japan = next(lane.key for lane in widget.scene.lanes if lane.title == "Japan")
    timeline.selection.select("actor", {japan})
    shown = {mark.event_id for mark in widget.scene.marks}
    assert widget.marking.highlighted == linked_event_ids(timeline.lib, actor_ids=[japan]) & shown
    assert widget.marking.highlighted
    assert widget.marking.highlighted_lanes == {japan}


def test_zoom_to_selection_and_go_to_a_date(qtbot, timeline):
    widget = timeline.widget
    event_id = store.create(timeline.lib, "event", title="A day", when="2019-03-14")
    timeline.controller.notify({"event"})
    timeline.selection.select("event", {event_id})
    assert widget.zoom_to_selection()
    start, end = widget.visible_window()
    day = parse_date("2019-03-14")
    assert start <= day.start_key < day.end_key <= end
    assert end - start < 3 * DAY
    widget.show_date(parse_date("Jul 2024"))
    start, end = widget.visible_window()
    july = parse_date("2024-07")
    assert start < july.start_key < july.end_key < end < july.end_key + 40 * DAY


def test_dense_zoom_shows_clusters_and_labels_never_overlap(qtbot, timeline, monkeypatch):
    from desktop.timeline import loader

    widget = timeline.widget
    for aggregate in (False, True):
        # Few events one by one, then (a lower detail limit) counts per lane and cell.
        monkeypatch.setattr(loader, "DETAIL_LIMIT", 20 if aggregate else 4000)
        widget.show_date(parse_date("2024-06/2024-12"))
        widget.reload()
        settle(qtbot, widget)
        if not aggregate:
            assert not widget.scene.clusters  # by default a lane grows to show every event
            for lane in widget.scene.lanes:
                widget.set_lane_compact(lane.key, True)  # "+N" boxes only where asked for
            settle(qtbot, widget)
        scene = widget.scene
        assert scene.detailed is not aggregate
        assert scene.clusters
        image = QImage(widget.viewport().size(), QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        labels = render_timeline(
            painter, image.rect().toRectF(), scene, legend=False, view=widget.view()
        )
        painter.end()
        assert labels
        for a, b in itertools.combinations(labels, 2):
            assert not a.intersects(b), (a, b)


def test_events_sharing_a_date_all_show_and_a_compact_lane_lists_them(qtbot, timeline):
    widget = timeline.widget
    ids = {
        store.create(timeline.lib, "event", title=f"Same day {i}", when="c. Nov 2024")
        for i in range(5)
    }
    timeline.controller.notify({"event"})
    widget.set_lane_by("none")
    widget.show_date(parse_date("2024-09/2025-01"))
    settle(qtbot, widget)
    assert ids <= {m.event_id for m in widget.scene.marks}  # every one drawn, no "+5"
    lane = widget.scene.lanes[0]
    widget.set_lane_compact(lane.key, True)
    settle(qtbot, widget)
    (cluster,) = [c for c in widget.scene.clusters if {e.id for e in c.events} & ids]
    layout, view = widget.layout_rect(), widget.view()
    x = (
        screen_x(widget.scene, layout, view, cluster.x0)
        + screen_x(widget.scene, layout, view, cluster.x1)
    ) / 2
    y = layout.lanes.top() + widget.scene.lanes[cluster.lane].row_top(cluster.row) + 10
    window = widget.visible_window()
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(int(x), int(y)))
    menu = widget.findChild(QMenu, "cluster_menu")
    assert menu is not None and menu.isVisible()  # zooming could never split them: a list
    assert widget.visible_window() == window
    titles = {a.text() for a in menu.actions()}
    assert {f"Same day {i}" for i in range(5)} & titles
    picked = menu.actions()[0]
    menu.setActiveAction(picked)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert widget.selection.current == ("event", picked.data())


def test_clicking_a_cluster_zooms_into_it(qtbot, timeline, monkeypatch):
    from desktop.timeline import loader

    monkeypatch.setattr(loader, "DETAIL_LIMIT", 20)
    widget = timeline.widget
    widget.reload()
    settle(qtbot, widget)
    layout, view = widget.layout_rect(), widget.view()
    for cluster in widget.scene.clusters:
        lane = widget.scene.lanes[cluster.lane]
        x0 = screen_x(widget.scene, layout, view, cluster.x0)
        x = (x0 + screen_x(widget.scene, layout, view, cluster.x1)) / 2
        y = layout.lanes.top() + lane.top + 3 + cluster.row * 20 + 10
        if layout.lanes.left() < x < layout.lanes.right() and y < layout.lanes.bottom():
            break
    before = widget.visible_window()
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(y)))
    start, end = widget.visible_window()
    assert end - start < (before[1] - before[0]) / 5
    assert start <= cluster.start_key and cluster.end_key <= end


def test_a_bc_to_ad_span_draws_across_year_one(qtbot, timeline):
    widget = timeline.widget
    event_id = store.create(timeline.lib, "event", title="Long ago", when="-0100/0100")
    timeline.controller.notify({"event"})
    span = parse_date("-0100/0100")
    widget.set_window(span.start_key - 20 * 365 * DAY, span.end_key + 20 * 365 * DAY)
    settle(qtbot, widget)
    mark = next(m for m in widget.scene.marks if m.event_id == event_id)
    reveal(widget, mark)  # in the "No actor" lane at the bottom
    scale = widget.scale
    assert (
        scale.x_of(span.start_key)
        < scale.x_of(parse_date("0001").start_key)
        < scale.x_of(span.end_key)
    )
    assert mark.x1 > mark.x0
    labels = [tick.label for tick in axis_ticks(scale, widget.time_width()).ticks]
    assert any(label.endswith(" BC") for label in labels)
    assert "AD 1" in labels
    assert not {"0", "AD 0", "0 BC"} & set(labels)
    xs = [tick.x for tick in axis_ticks(scale, widget.time_width()).ticks]
    assert xs == sorted(xs)


def test_dragging_an_event_moves_it_by_whole_months_and_undo_restores(qtbot, timeline):
    widget = timeline.widget
    widget.show_date(parse_date("2024-01/2024-12"))
    settle(qtbot, widget)
    month_points = visible_marks(
        widget, lambda m: m.row_data.when_edtf == "2024-06" and not m.is_span
    )
    mark, point = month_points[0]
    dx = round(61 * DAY / widget.scale.seconds_per_pixel)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=point)  # select first
    drag(qtbot, widget, point, point + QPoint(dx, 0))
    assert store.get(timeline.lib, "event", mark.event_id)["when"] == "2024-08"
    assert timeline.stack.count() == 1
    settle(qtbot, widget)
    assert widget.marking.moved == {}  # the preview gives way to the stored date
    moved = next(m for m in widget.scene.marks if m.event_id == mark.event_id)
    assert moved.row_data.start_key == parse_date("2024-08").start_key
    timeline.stack.undo()
    assert store.get(timeline.lib, "event", mark.event_id)["when"] == "2024-06"
    timeline.stack.redo()
    assert store.get(timeline.lib, "event", mark.event_id)["when"] == "2024-08"


def test_dragging_a_span_end_changes_only_that_end(qtbot, timeline):
    widget = timeline.widget
    event_id = store.create(
        timeline.lib, "event", title="Talks", when="2024-03/2024-05", kind="span"
    )
    timeline.controller.notify({"event"})
    widget.show_date(parse_date("2024-01/2024-09"))
    settle(qtbot, widget)
    mark = next(m for m in widget.scene.marks if m.event_id == event_id)
    layout, view = widget.layout_rect(), widget.view()
    y = reveal(widget, mark).y()
    end = QPoint(round(screen_x(widget.scene, layout, view, mark.x1)) - 1, y)
    dx = round(31 * DAY / widget.scale.seconds_per_pixel)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=end)
    drag(qtbot, widget, end, end + QPoint(dx, 0))
    assert store.get(timeline.lib, "event", event_id)["when"] == "2024-03/2024-06"


def test_a_drag_starting_on_an_unselected_event_pans_and_never_re_dates_it(qtbot, timeline):
    widget = timeline.widget
    mark, point = visible_marks(widget, lambda m: not m.is_span)[0]
    before = store.get(timeline.lib, "event", mark.event_id)["when"]
    start = widget.visible_window()[0]
    drag(qtbot, widget, point, point + QPoint(-300, 0))
    assert store.get(timeline.lib, "event", mark.event_id)["when"] == before
    assert timeline.stack.count() == 0
    assert widget.visible_window()[0] > start  # dragged left: later times came into view


def test_escape_cancels_a_drag_and_read_only_libraries_pan_instead(qtbot, timeline):
    widget = timeline.widget
    mark, point = visible_marks(widget, lambda m: not m.is_span)[0]
    before = store.get(timeline.lib, "event", mark.event_id)["when"]
    viewport = widget.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseMove(viewport, point + QPoint(200, 0))
    assert widget.marking.moved  # it is being dragged
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point + QPoint(200, 0))
    assert store.get(timeline.lib, "event", mark.event_id)["when"] == before
    assert timeline.stack.count() == 0


def test_keys_zoom_and_pan(qtbot, timeline):
    widget = timeline.widget
    spp, start = widget.scale.seconds_per_pixel, widget.visible_window()[0]
    qtbot.keyClick(widget, Qt.Key.Key_Plus)
    assert widget.scale.seconds_per_pixel < spp
    start = widget.visible_window()[0]
    qtbot.keyClick(widget, Qt.Key.Key_Right)
    assert widget.visible_window()[0] > start
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    lo, hi = key_extent(timeline.lib)
    assert widget.visible_window()[0] <= lo and widget.visible_window()[1] >= hi


def test_window_changed_reports_the_visible_window_beyond_32_bits(qtbot, timeline):
    widget = timeline.widget
    span = parse_date("-3000/-2000")
    with qtbot.waitSignal(widget.window_changed) as signal:
        widget.set_window(span.start_key, span.end_key)
    assert signal.args[0] == pytest.approx(span.start_key, abs=span.end_key - span.start_key)
    assert signal.args[0] < -(2**31)
    assert tuple(signal.args) == widget.visible_window()


def test_clicking_a_lane_header_collapses_the_lane(qtbot, timeline):
    widget = timeline.widget
    layout = widget.layout_rect()
    lane = widget.scene.lanes[0]
    point = QPoint(20, round(layout.lanes.top() + lane.top + 8))
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=point)
    settle(qtbot, widget)
    assert widget.scene.lanes[0].collapsed
    assert widget.scene.lanes[0].height < lane.height
    widget.set_all_collapsed(False)
    settle(qtbot, widget)
    assert not widget.scene.lanes[0].collapsed


def test_edits_elsewhere_refresh_the_timeline(qtbot, timeline):
    widget = timeline.widget
    event_id = store.create(timeline.lib, "event", title="Brand new", when="2023-05-01")
    timeline.controller.notify({"event"})
    settle(qtbot, widget)
    assert event_id in {m.event_id for m in widget.scene.marks} or any(
        c.start_key <= parse_date("2023-05-01").start_key < c.end_key for c in widget.scene.clusters
    )


def test_returning_to_a_zoom_level_reuses_its_scene(qtbot, timeline):
    widget = timeline.widget
    widget.fit_all()  # a level of the person's: a late resize refits only the opening one
    settle(qtbot, widget)
    first = widget.scene
    widget.zoom_by(2.0)
    settle(qtbot, widget)
    assert widget.scene is not first
    widget.zoom_by(0.5)
    settle(qtbot, widget)
    assert widget.scene is first


def test_a_trackpad_pinch_zooms_around_the_fingers(timeline):
    from PySide6.QtGui import QNativeGestureEvent, QPointingDevice

    widget = timeline.widget
    point = QPointF(widget.layout_rect().lanes.left() + 200, 300)
    anchor = point.x() - widget.layout_rect().lanes.left()
    before = widget.scale
    event = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        point,
        point,
        QPointF(widget.viewport().mapToGlobal(point.toPoint())),
        0.5,
        QPointF(0, 0),
        1,
    )
    QApplication.sendEvent(widget.viewport(), event)
    assert widget.scale.seconds_per_pixel == pytest.approx(before.seconds_per_pixel / 1.5)
    assert widget.scale.key_at(anchor) == pytest.approx(
        before.key_at(anchor), abs=before.seconds_per_pixel
    )


def test_hovering_an_event_shows_its_details_as_plain_text(qtbot, timeline):
    from PySide6.QtWidgets import QToolTip

    widget = timeline.widget
    event_id = store.create(timeline.lib, "event", title="<b>Not bold</b>", when="2019-05")
    timeline.controller.notify({"event"})
    widget.show_date(parse_date("2019"))
    settle(qtbot, widget)
    mark = next(m for m in widget.scene.marks if m.event_id == event_id)
    qtbot.mouseMove(widget.viewport(), reveal(widget, mark))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    text = QToolTip.text()
    assert "&lt;b&gt;Not bold&lt;/b&gt;" in text
    assert "May 2019" in text and "2019-05" in text and "No source cited" in text


def test_an_empty_library_and_a_filter_matching_nothing_say_so(qtbot, timeline):
    widget = timeline.widget
    widget.set_filter(EventFilter(text="zzzz nothing like this"))
    qtbot.waitUntil(lambda: widget.scene is None and not widget.is_loading)
    assert widget._empty_message() == "No events match the filter."
    widget.set_filter(EventFilter())
    settle(qtbot, widget)
    assert widget.scene.marks
    timeline.controller.open(timeline.lib.path.with_name("empty.chronicle"), create=True)
    qtbot.waitUntil(lambda: widget.summary is not None and not widget.is_loading)
    assert widget.scene is None and widget.scale is None
    assert widget._empty_message() == "This library has no events yet."
    widget.grab()  # paints the message without a scene


def test_zoom_to_selection_shows_a_selected_actors_events(timeline):
    widget = timeline.widget
    india = next(lane.key for lane in widget.scene.lanes if lane.title == "India")
    timeline.selection.select("actor", {india})
    assert widget.zoom_to_selection()
    lo, hi = key_extent(timeline.lib, EventFilter(actor_ids=(india,)))
    start, end = widget.visible_window()
    assert start <= lo and hi <= end and end - start < (hi - lo) * 1.5
    timeline.selection.clear()
    assert not widget.zoom_to_selection()
