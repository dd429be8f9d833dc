"""GUI fixtures: a controller and a main window over real library files."""

from __future__ import annotations

import pytest


@pytest.fixture
def controller(qapp, tmp_path):
    from desktop.library import LibraryController

    ctl = LibraryController()
    yield ctl
    ctl.close()


@pytest.fixture
def window(qtbot, tmp_path):
    """The main window on a fresh library holding the demo chronology."""
    from db.exchange.imports import import_json
    from desktop.library import LibraryController
    from desktop.window.app import make_settings
    from desktop.window.main_window import MainWindow
    from resources import DEMO_CHRONOLOGY

    controller = LibraryController()
    win = MainWindow(controller, make_settings())
    qtbot.addWidget(win)
    path = tmp_path / "window.chronicle"
    assert win.open_file(path, create=True)
    import_json(controller.lib, DEMO_CHRONOLOGY)
    controller.notify({"event", "actor", "source", "link", "tag"})
    win.resize(1400, 900)
    win.show()
    yield win
    controller.close()


@pytest.fixture
def editor(qtbot, controller, tmp_path):
    """The inspector alone (no timeline or graph) on a new library holding the demo chronology."""
    from types import SimpleNamespace

    from PySide6.QtGui import QUndoStack

    from db.exchange.imports import import_json
    from desktop.panels.inspector import InspectorPanel
    from desktop.selection import SelectionModel
    from resources import DEMO_CHRONOLOGY

    controller.open(tmp_path / "editor.chronicle", create=True)
    import_json(controller.lib, DEMO_CHRONOLOGY)
    controller.notify({"event", "actor", "source", "link", "tag"})
    selection, stack = SelectionModel(), QUndoStack()
    panel = InspectorPanel(controller, selection, stack)
    qtbot.addWidget(panel)
    panel.resize(480, 1000)
    panel.show()
    return SimpleNamespace(panel=panel, controller=controller, selection=selection, stack=stack)
