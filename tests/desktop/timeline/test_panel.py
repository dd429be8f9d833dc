"""The timeline panel around the view: toolbar, overview strip, go-to-date, filter bar, tooltips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox
from timeline_support import settle

from db.dates import parse_date
from db.queries import EventFilter
from db.queries.timeline import linked_event_ids
from desktop.dialogs.go_to_date import GoToDateDialog
from desktop.timeline.scene import Cluster
from desktop.timeline.tooltip import cluster_tooltip, event_tooltip


def test_toolbar_zooms_fits_and_chooses_lanes(qtbot, window):
    panel, widget = window.timeline_panel, window.timeline
    settle(qtbot, widget)
    spp = widget.scale.seconds_per_pixel
    panel.toolbar_actions["zoom_in"].trigger()
    assert widget.scale.seconds_per_pixel < spp
    panel.toolbar_actions["zoom_out"].trigger()
    panel.toolbar_actions["zoom_out"].trigger()
    assert widget.scale.seconds_per_pixel > spp
    panel.toolbar_actions["fit_all"].trigger()
    assert widget.scale.seconds_per_pixel < spp * 1.2
    panel.set_lane_by("category")
    assert widget.lane_by == "category"
    panel.toolbar_actions["collapse_lanes"].trigger()
    settle(qtbot, widget)
    assert all(lane.collapsed for lane in widget.scene.lanes)


def test_overview_strip_follows_and_moves_the_window(qtbot, window):
    panel, widget = window.timeline_panel, window.timeline
    settle(qtbot, widget)
    widget.show_date(parse_date("2018"))
    overview = panel.overview
    before = widget.visible_window()
    assert overview._window == before
    scale = overview._scale()
    frame = overview._frame(scale)
    start = QPoint(round(frame.center().x()), overview.height() // 2)
    qtbot.mousePress(overview, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(overview, start + QPoint(120, 0))
    qtbot.mouseRelease(overview, Qt.MouseButton.LeftButton, pos=start + QPoint(120, 0))
    after = widget.visible_window()
    assert after[1] - after[0] == pytest.approx(before[1] - before[0], rel=0.01)
    assert after[0] - before[0] == pytest.approx(120 * scale.seconds_per_pixel, rel=0.05)
    assert overview._window == after


def test_filter_bar_filters_the_timeline_the_overview_and_the_events_list(qtbot, window):
    panel, widget = window.timeline_panel, window.timeline
    settle(qtbot, widget)
    bar = panel.filter_bar
    japan = bar.actor.findText("Japan")
    with qtbot.waitSignal(bar.filter_changed) as signal:
        bar.actor.setCurrentIndex(japan)
    filt = signal.args[0]
    assert isinstance(filt, EventFilter) and filt.actor_ids == (bar.actor.itemData(japan),)
    settle(qtbot, widget)
    expected = linked_event_ids(window.controller.lib, actor_ids=filt.actor_ids)
    assert widget.summary.total == len(expected)
    assert sum(widget.summary.overview) == len(expected)
    assert window.lists["event"].model.rowCount() == len(expected)
    bar.clear()
    qtbot.waitUntil(lambda: window.lists["event"].model.rowCount() == 57)


def test_filter_bar_dates_and_bad_dates(qtbot, window):
    bar = window.timeline_panel.filter_bar
    bar.date_from.setText("2024")
    bar.date_to.setText("not a date at all")
    filt = bar.current_filter()
    assert filt.start_key == parse_date("2024").start_key
    assert filt.end_key is None
    assert "Not used" in bar.date_to.toolTip()
    bar.date_to.setText("2024-06")
    assert bar.current_filter().end_key == parse_date("2024-06").end_key
    assert bar.date_to.toolTip() == ""


def test_go_to_date_dialog_reads_friendly_dates(qtbot):
    dialog = GoToDateDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.field.setText("28 July 2024")
    assert ok.isEnabled()
    assert dialog.date.edtf == "2024-07-28"
    dialog.field.setText("the thirty-second of Smarch")
    assert not ok.isEnabled() and dialog.date is None


def test_tooltips_show_user_text_as_plain_text():
    from db.queries import EventRow

    row = EventRow(
        1, "<b>Bold</b> & <script>", "2024-07~", 0, 1, "month", True, False,
        "point", "summit", None, 3, 0,
    )  # fmt: skip
    text = event_tooltip(row, ["<i>Japan</i>"])
    assert "<b>Bold" not in text and "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in text
    assert "&lt;i&gt;Japan&lt;/i&gt;" in text
    assert "c. Jul 2024" in text and "2024-07~" in text
    assert "No source cited" in text
    cluster = Cluster(
        0, 0, 0, 10, parse_date("2024").start_key, parse_date("2024").end_key, 1234, True
    )
    text = cluster_tooltip(cluster, "<Japan>")
    assert "about 1,234 events in &lt;Japan&gt;" in text
    assert "1 Jan 2024" in text and "31 Dec 2024" in text
