"""A frame of a lane stacked far deeper than the view draws only the rows in view, and the
pixels it shows are those of the same rows painted with nothing left out."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from db.dates import parse_date
from db.queries import EventRow
from db.queries.timeline import LaneRow
from desktop.timeline.painter import TimelineLayout, View, render_timeline
from desktop.timeline.scene import ROW_HEIGHT, SceneSpec, build_detail_scene

WIDTH, HEIGHT = 1000, 500


def _burst_scene():
    """120 events on one day in one lane: 120 rows, 2,400 px deep."""
    day = parse_date("2024-07-28")
    rows = [
        EventRow(n, f"Meeting number {n}", "2024-07-28", day.start_key, day.end_key, "day",
                 False, False, "point", "", None, 3 if n % 5 else 4, n % 3)
        for n in range(1, 121)
    ]  # fmt: skip
    lo, hi = parse_date("2024-07-20").start_key, parse_date("2024-08-05").end_key
    spec = SceneSpec(lo, hi, (hi - lo) / 800, "actor", (LaneRow(1, "Japan", "#bc002d", 0),))
    scene = build_detail_scene(spec, rows, {n: [1] for n in range(1, 121)})
    assert scene.lanes[0].rows >= 100
    return scene


def _paint(scene, height: int, scroll_y: float) -> tuple[QImage, list[QRectF]]:
    image = QImage(WIDTH, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view = View(scene.key_at(0), scene.seconds_per_pixel, scroll_y)
    labels = render_timeline(painter, QRectF(0, 0, WIDTH, height), scene, legend=False, view=view)
    painter.end()
    return image, labels


def test_a_deep_lane_draws_only_its_rows_in_view_and_shows_the_same_pixels(qapp):
    scene = _burst_scene()
    scroll = 40 * ROW_HEIGHT  # rows 40 to ~60 in view
    shown, labels = _paint(scene, HEIGHT, scroll)
    lanes = TimelineLayout.of(QRectF(0, 0, WIDTH, HEIGHT), title=False, legend=False).lanes
    assert labels  # the rows in view are labelled ...
    # ... and nothing is drawn for the rows above or below it (a row's height of halo aside)
    margin = 2 * ROW_HEIGHT
    assert all(lanes.top() - margin <= r.top() <= lanes.bottom() + margin for r in labels)

    # Painted whole (no scroll, tall enough for every row), the same rows look the same.
    whole, _labels = _paint(scene, HEIGHT + scroll, 0)
    top, bottom = int(lanes.top()) + 2, int(lanes.bottom()) - 2
    differing = sum(
        shown.pixel(x, y) != whole.pixel(x, y + scroll)
        for x in range(int(lanes.left()), WIDTH, 3)
        for y in range(top, bottom, 3)
    )
    assert differing == 0
