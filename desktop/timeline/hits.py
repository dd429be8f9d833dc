"""What is under the pointer on a painted timeline: a mark (and which part), a cluster, a lane."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF

from desktop.timeline.painter import TimelineLayout, View
from desktop.timeline.scene import (
    LANE_PADDING,
    POINT_RADIUS,
    ROW_HEIGHT,
    Cluster,
    Lane,
    Mark,
    TimelineScene,
    label_left,
)

_END_GRAB = 5.0  # pixels from a span's end that grab the end instead of the body


@dataclass(frozen=True)
class Hit:
    """kind: 'mark', 'cluster', 'header', 'lane', 'axis' or 'none'; part: body, start or end."""

    kind: str
    lane: Lane | None = None
    mark: Mark | None = None
    cluster: Cluster | None = None
    part: str = "body"


def screen_x(scene: TimelineScene, layout: TimelineLayout, view: View, scene_x: float) -> float:
    """Device x of a scene x under `view`."""
    key = scene.origin_key + scene_x * scene.seconds_per_pixel
    return layout.lanes.left() + (key - view.start_key) / view.seconds_per_pixel


def hit_test(scene: TimelineScene | None, layout: TimelineLayout, view: View, pos: QPointF) -> Hit:
    if layout.axis.contains(pos):
        return Hit("axis")
    if scene is None or pos.y() < layout.lanes.top():
        return Hit("none")
    lane = scene.lane_at(pos.y() - layout.lanes.top() + view.scroll_y)
    if lane is None:
        return Hit("none")
    if pos.x() < layout.lanes.left():
        return Hit("header", lane)
    top = layout.lanes.top() + lane.top - view.scroll_y
    if not lane.collapsed:
        row = int((pos.y() - top - LANE_PADDING / 2) // ROW_HEIGHT)
        for mark in reversed(lane.marks):
            if mark.row == row:
                part = _mark_part(scene, layout, view, mark, pos.x())
                if part is not None:
                    return Hit("mark", lane, mark=mark, part=part)
        for cluster in lane.clusters:
            x0 = screen_x(scene, layout, view, cluster.x0)
            x1 = screen_x(scene, layout, view, cluster.x1)
            if cluster.row == row and x0 <= pos.x() <= x1:
                return Hit("cluster", lane, cluster=cluster)
    else:
        for cluster in lane.clusters:
            x0 = screen_x(scene, layout, view, cluster.x0)
            if x0 <= pos.x() <= screen_x(scene, layout, view, cluster.x1):
                return Hit("cluster", lane, cluster=cluster)
    return Hit("lane", lane)


def _mark_part(
    scene: TimelineScene, layout: TimelineLayout, view: View, mark: Mark, x: float
) -> str | None:
    """'start', 'end' or 'body' if `x` falls on the mark or its label, else None."""
    x0 = screen_x(scene, layout, view, mark.x0)
    x1 = screen_x(scene, layout, view, mark.x1) if mark.is_span else x0
    if mark.is_span:
        if abs(x - x0) <= _END_GRAB and not mark.open_start:
            return "start"
        if abs(x - x1) <= _END_GRAB and not mark.open_end:
            return "end"
        if x0 <= x <= x1:
            return "body"
    elif abs(x - x0) <= POINT_RADIUS + 3:
        return "body"
    if mark.label_w:
        left = label_left(mark.is_span, x0, x1, mark.label_w)
        if left <= x <= left + mark.label_w:
            return "body"
    return None
