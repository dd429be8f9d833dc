"""Fixtures for the relationship graph: the demo's model, and a panel over the demo library."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_model(demo_lib):
    """(GraphModel of the whole demo, actor id by name, event id by title)."""
    from db.queries.graph import graph_rows
    from desktop.graph.model import build_model

    rows = graph_rows(demo_lib)
    actors = {a.name: a.id for a in rows.actors}
    events = {e.title: e.id for e in rows.events}
    return build_model(rows), actors, events


@pytest.fixture
def graph_panel(qtbot, tmp_path):
    """A shown GraphPanel over a new library holding the demo, laid out and ready."""
    from PySide6.QtGui import QUndoStack

    from db.exchange.imports import import_json
    from desktop.graph.panel import GraphPanel
    from desktop.library import LibraryController
    from desktop.selection import SelectionModel
    from resources import DEMO_CHRONOLOGY

    controller = LibraryController()
    controller.open(tmp_path / "graph.chronicle", create=True)
    import_json(controller.lib, DEMO_CHRONOLOGY)
    selection, stack = SelectionModel(), QUndoStack()
    panel = GraphPanel(controller, selection, stack)
    qtbot.addWidget(panel)
    panel.resize(1100, 760)
    panel.show()
    controller.notify({"event", "actor", "source", "link", "tag"})
    # The layout job takes ~1 s of CPU; on a machine shared by many test runs, far longer.
    qtbot.waitUntil(lambda: not panel.layout_running and panel.scene() is not None, timeout=20000)
    yield panel
    panel.cancel_layout()
    controller.close()
