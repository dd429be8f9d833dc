"""A person opens a big dataset with the Relationship panel showing (issue 16, item 4). The
panel read, built and laid out every event: at 1,000,000 events that froze the window while it
read them and then took minutes of CPU and 4.6 GB to lay them out. It now shows the most
important events (GRAPH_EVENTS) and says so; here the cap is lowered to fit the demo."""

from __future__ import annotations

import desktop.graph.panel as graph_panel
from db import queries

CAP = 10


def test_the_graph_of_a_big_library_shows_its_most_important_events(
    open_window, tmp_path, monkeypatch
):
    monkeypatch.setattr(graph_panel, "GRAPH_EVENTS", CAP)
    person = open_window(tmp_path / "demo.chronicle", create=True, demo=True)
    graph = person.window.graph
    person.qtbot.waitUntil(
        lambda: "most important" in graph.status.text() and graph.scene() is not None,
        timeout=10_000,
    )
    assert graph.status.text().endswith(
        f"the {CAP} most important of 57 events: filter by tags to see others"
    )
    events = [k for k in graph.scene().model.nodes if k[0] == "event"]
    assert len(events) == CAP
    every = queries.graph_rows(person.window.controller.lib).events
    shown = {k[1] for k in events}
    least_shown = min(e.importance for e in every if e.id in shown)
    assert all(e.importance <= least_shown for e in every if e.id not in shown)
