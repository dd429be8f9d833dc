"""Regression: PySide6 6.12.0 on Python 3.11 aborted ('none_dealloc') after a few thousand
QPainter calls, so pyproject pins < 6.12. These paint far more than that and check pixels."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from db.dates import parse_date
from db.queries import EventRow
from db.queries.timeline import LaneBucket, LaneRow
from desktop.timeline.painter import render_timeline
from desktop.timeline.scene import (
    SceneSpec,
    bucket_layout,
    build_aggregate_scene,
    build_detail_scene,
)

PRIMITIVES = 120_000


def _ink(image: QImage, background: QColor) -> int:
    """Number of sampled pixels that differ from the background."""
    return sum(
        image.pixelColor(x, y) != background
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )


def test_painter_survives_over_a_hundred_thousand_primitives(qapp):
    image = QImage(800, 600, QImage.Format.Format_ARGB32)
    white = QColor("white")
    image.fill(white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor("#223344"), 1.0)
    for i in range(PRIMITIVES // 4):
        x, y = (i * 37) % 790, (i * 53) % 590
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor((i * 7) % 256, (i * 13) % 256, 160))
        painter.drawRect(QRectF(x, y, 6, 4))
        painter.drawEllipse(QPointF(x + 3, y + 3), 2, 2)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, y), QPointF(x + 5, y + 5))
        painter.drawText(QPointF(x, y + 9), str(i % 10))
    painter.end()
    assert _ink(image, white) > 0.5 * (800 // 7) * (600 // 7)


def _dense_rows(count: int) -> list[EventRow]:
    rng = random.Random(7)
    rows = []
    for event_id in range(1, count + 1):
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        when = (
            f"2024-{month:02d}-{day:02d}"
            if event_id % 9
            else f"2024-{month:02d}/2025-0{month % 9 + 1}"
        )
        date = parse_date(when)
        rows.append(
            EventRow(
                event_id,
                f"Event number {event_id}",
                date.edtf,
                date.start_key,
                date.end_key,
                str(date.precision),
                False,
                event_id % 5 == 0,
                "span" if date.is_interval else "point",
                "",
                None,
                1 + event_id % 5,
                event_id % 3,
            )
        )
    return rows


def test_timeline_painter_draws_dense_scenes_repeatedly(qapp):
    lanes = tuple(LaneRow(k, f"Actor {k}", f"#{(k * 40) % 256:02x}7799", 0) for k in range(1, 13))
    lo, hi = parse_date("2024").start_key, parse_date("2025").end_key
    spec = SceneSpec(lo, hi, (hi - lo) / 1600, "actor", lanes, max_rows=5)
    rows = _dense_rows(3000)
    detail = build_detail_scene(spec, rows, {r.id: [1 + r.id % 12] for r in rows})
    _first, _width, count = bucket_layout(spec)
    buckets = [LaneBucket(k, b, (b * k) % 97) for k in range(1, 13) for b in range(count)]
    aggregate = build_aggregate_scene(spec, buckets, [(r, 1 + r.id % 12) for r in rows[:400]])
    assert detail.clusters and aggregate.clusters
    image = QImage(1800, 1000, QImage.Format.Format_ARGB32)
    white = QColor("white")
    for frame in range(12):
        image.fill(white)
        painter = QPainter(image)
        labels = render_timeline(
            painter, QRectF(0, 0, 1800, 1000), detail if frame % 2 else aggregate, title="Dense"
        )
        painter.end()
        assert labels
    assert _ink(image, white) > 0.2 * (1800 // 7) * (1000 // 7)


def _rendered(scene, view, *, cache: bool) -> QImage:
    image = QImage(1400, 700, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    render_timeline(painter, QRectF(0, 0, 1400, 700), scene, legend=False, view=view, cache=cache)
    painter.end()
    return image


def _differing(a: QImage, b: QImage) -> float:
    """Share of sampled pixels whose colours differ by more than a rounding step."""
    differ = total = 0
    for x in range(0, a.width(), 2):
        for y in range(0, a.height(), 2):
            ca, cb = a.pixelColor(x, y), b.pixelColor(x, y)
            total += 1
            differ += max(abs(ca.red() - cb.red()), abs(ca.green() - cb.green())) > 40
    return differ / total


def test_clusters_drawn_from_cached_images_look_as_drawn_one_by_one(qapp):
    from desktop.timeline.painter import View

    lanes = tuple(LaneRow(k, f"Actor {k}", f"#{(k * 40) % 256:02x}7799", 0) for k in range(1, 9))
    lo, hi = parse_date("2024").start_key, parse_date("2025").end_key
    spp = (hi - lo) / 1200
    spec = SceneSpec(lo - (hi - lo), hi + (hi - lo), spp, "actor", lanes, max_rows=5)
    _first, _width, count = bucket_layout(spec)
    buckets = [LaneBucket(k, b, (b * k) % 97 + 1) for k in range(1, 9) for b in range(count)]
    scene = build_aggregate_scene(spec, buckets, [])
    for view in (
        View(lo, spp),  # as built
        View(lo + 333.7 * spp, spp),  # panned by a fraction of a pixel too
        View(lo, spp * 1.25),  # zoomed out before the new scene arrives: stretched
    ):
        plain = _rendered(scene, view, cache=False)
        cached = _rendered(scene, view, cache=True)
        assert _ink(cached, QColor("white")) > 0.3 * (1400 // 7) * (700 // 7)
        assert all(lane.strip is not None for lane in scene.lanes if lane.clusters)
        assert _differing(plain, cached) < 0.03


def test_dots_copied_from_sprites_look_as_drawn_one_by_one(qapp):
    from desktop.timeline.painter import View

    lanes = tuple(LaneRow(k, f"Actor {k}", f"#{(k * 40) % 256:02x}7799", 0) for k in range(1, 5))
    lo, hi = parse_date("2024").start_key, parse_date("2025").end_key
    spp = (hi - lo) / 1200
    spec = SceneSpec(lo, hi, spp, "actor", lanes, max_rows=8)
    rows = _dense_rows(160)  # some fuzzy (uncertain) dots, some unsourced, a few spans
    scene = build_detail_scene(spec, rows, {r.id: [1 + r.id % 4] for r in rows})
    assert sum(not m.is_span for m in scene.marks) > 60
    view = View(lo, spp)
    plain = _rendered(scene, view, cache=False)
    cached = _rendered(scene, view, cache=True)
    assert _ink(cached, QColor("white")) > 0.05 * (1400 // 7) * (700 // 7)
    assert _differing(plain, cached) < 0.01
