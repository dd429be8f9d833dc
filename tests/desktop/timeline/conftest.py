"""Timeline fixtures: the widget alone over the demo library."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from timeline_support import settle


@pytest.fixture
def timeline(qtbot, controller, tmp_path):
    """A TimelineWidget on a new library holding the demo chronology, shown and settled."""
    from PySide6.QtGui import QUndoStack

    from db.exchange.imports import import_json
    from desktop.selection import SelectionModel
    from desktop.timeline.input import TimelineInput
    from desktop.timeline.widget import TimelineWidget
    from resources import DEMO_CHRONOLOGY

    controller.open(tmp_path / "timeline.chronicle", create=True)
    import_json(controller.lib, DEMO_CHRONOLOGY)
    selection, stack = SelectionModel(), QUndoStack()
    widget = TimelineWidget(controller, selection, stack, make_input=TimelineInput)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    settle(qtbot, widget)
    return SimpleNamespace(
        widget=widget, controller=controller, selection=selection, stack=stack, lib=controller.lib
    )
