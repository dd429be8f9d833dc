"""Hover text for timeline items, escaped so user text is always shown as plain text."""

from __future__ import annotations

import html

from db.dates import Precision, format_date, format_key
from db.errors import DateError
from db.queries import EventRow
from db.queries.layers import EventLink
from desktop.timeline.scene import Cluster, Lane


def _readable(edtf: str) -> str:
    try:
        return format_date(edtf)
    except DateError:  # a display must never fail on one odd stored value
        return edtf


def _as_html(lines: list[str]) -> str:
    # <qt> makes Qt read the text as rich text, so the escaped entities show as characters.
    return "<qt>" + "<br>".join(html.escape(line) for line in lines) + "</qt>"


def event_tooltip(row: EventRow, actor_names: list[str]) -> str:
    """Title, date as written (readable and EDTF), actors and number of sources."""
    lines = [row.title, f"{_readable(row.when_edtf)}   (EDTF {row.when_edtf})"]
    if actor_names:
        lines.append("Actors: " + ", ".join(actor_names))
    if row.source_count:
        lines.append(f"{row.source_count} source{'s' if row.source_count != 1 else ''}")
    else:
        lines.append("No source cited")
    if row.category:
        lines.append(f"Category: {row.category}")
    return _as_html(lines)


def cluster_tooltip(cluster: Cluster, lane_title: str) -> str:
    """'1,234 events (estimated) · lane · from – to', and how to see them."""
    count = f"{'about ' if cluster.approximate else ''}{cluster.count:,}"
    noun = "event" if cluster.count == 1 else "events"
    first, last = _moment(cluster.start_key), _moment(max(cluster.start_key, cluster.end_key - 1))
    lines = [f"{count} {noun} in {lane_title}", f"{first} – {last}", "Click to zoom in"]
    return _as_html(lines)


def _moment(key: int) -> str:
    """'28 Jul 2024 14:05' (the time only when it is not midnight)."""
    day = format_key(key, Precision.DAY)
    return day if key % 86_400 == 0 else f"{day} {format_key(key, Precision.MINUTE)}"


def lane_tooltip(lane: Lane) -> str:
    """The lane's full name (headers elide long ones), its size, and what a click does."""
    lines = [lane.title]
    if lane.count is not None:
        lines.append(f"{lane.count:,} event{'s' if lane.count != 1 else ''}")
    lines.append("Click to expand" if lane.collapsed else "Click to collapse")
    return _as_html(lines)


def relation_tooltip(link: EventLink, titles: dict[int, str]) -> str:
    """The relation's type, and which event it runs from and to."""
    source = titles.get(link.from_event_id, f"event {link.from_event_id}")
    target = titles.get(link.to_event_id, f"event {link.to_event_id}")
    return _as_html([link.type.replace("_", " "), f"{source} → {target}"])
