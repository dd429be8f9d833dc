"""A person searches a busy library and zooms: the timeline draws the search's counts, and once
the filtered view is made, the wheel steps are counted from memory (issue 19 item 8, 16 item 1)."""

from __future__ import annotations

from person import settle
from PySide6.QtCore import QPoint

from benchmarks.timeline_library import generate
from db import queries
from db.queries import EventFilter
from db.queries.timeline import lane_buckets
from desktop.timeline import loader

SQL_COUNTS = ("lane_buckets", "lane_label_candidates", "window_events", "bucket_counts")


def _cluster_counts_are_the_filters(lib, timeline, filt) -> int:
    """Drawn clusters' counts (of a scene of counts; every seventh, at most 40) are SQL's for
    their lane and cells under `filt`; returns how many were checked."""
    scene = timeline.scene
    clusters = scene.clusters[::7][:40]
    for cluster in clusters:
        lane = scene.lanes[cluster.lane].key
        found = lane_buckets(lib, scene.lane_by, cluster.start_key, cluster.end_key, 1, filt)
        assert cluster.count == sum(b.count for b in found if b.lane == lane), cluster
    return len(clusters)


def test_a_search_then_zoom_draws_the_searchs_counts_without_asking_sql(
    open_window, tmp_path, monkeypatch
):
    path = tmp_path / "busy.chronicle"
    generate(path, 60_000)  # "War event N": one title in eight, too many to draw one by one
    person = open_window(path)
    window, timeline = person.window, person.window.timeline
    lib = window.controller.lib
    settle(person.qtbot, timeline)
    keys = timeline.keys
    person.qtbot.waitUntil(lambda: keys.current is not None, timeout=20_000)

    person.keys("Ctrl+F")
    person.type("war")
    filt = EventFilter(text="war")
    wanted = queries.count_events(lib, filt)
    assert loader.DETAIL_LIMIT < wanted < 60_000 / 6
    person.qtbot.waitUntil(lambda: timeline.summary.total == wanted, timeout=10_000)
    settle(person.qtbot, timeline)
    assert not timeline.scene.detailed
    assert _cluster_counts_are_the_filters(lib, timeline, filt) > 0  # (SQL's scene or mine)
    person.qtbot.waitUntil(lambda: keys.columns_for(filt) is not None, timeout=20_000)

    asked: list[str] = []
    for name in SQL_COUNTS:
        real = getattr(loader, name)
        monkeypatch.setattr(
            loader, name, lambda *a, _n=name, _f=real, **k: asked.append(_n) or _f(*a, **k)
        )
    viewport = timeline.viewport()
    point = QPoint(int(timeline.layout_rect().lanes.center().x()), 200)
    checked = 0
    for notches in (-1, 2, 1, 1):  # out past the whole span, then in, a step at a time
        asked.clear()
        person.wheel(viewport, point, notches)
        settle(person.qtbot, timeline)
        assert not timeline.scene.approximate
        if not timeline.scene.detailed:
            checked += _cluster_counts_are_the_filters(lib, timeline, filt)
            assert asked == []  # counted from the columns seen through the search
        else:  # few enough to draw one by one: their rows come from SQLite, not their counts
            assert set(asked) <= {"window_events"}
    assert checked > 0
