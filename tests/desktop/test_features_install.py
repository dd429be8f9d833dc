"""Each feature package installs into any window from a Workspace and Menus alone: it needs
nothing of the main window (no private parts, no panels)."""

from __future__ import annotations

import inspect
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QMainWindow
from workspaces import standalone_workspace

from desktop import curation, exchange, help, safety
from desktop.workspace import Menus

FEATURES = {
    "curation": (curation, "&Curation", ["Evidence &Report…"]),
    "exchange": (exchange, "&File", ["&Import", "E&xport"]),
    "safety": (safety, "&File", ["C&heck Library…", "Restore from &Backup…"]),
    "help": (help, "&Help", ["&About Chronicle", "&Using Chronicle", "&Keyboard Shortcuts"]),
}


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_a_feature_installs_from_a_workspace_and_menus(name, qtbot, controller, tmp_path):
    package, menu_title, entries = FEATURES[name]
    signature = inspect.signature(package.install)
    assert list(signature.parameters) == ["workspace", "menus"]
    window = QMainWindow()  # a bare window: no lists, no timeline, no inspector
    qtbot.addWidget(window)
    controller.open(tmp_path / f"{name}.chronicle", create=True)
    workspace = replace(standalone_workspace(controller), parent=window)
    menus = Menus(window)
    installed = package.install(workspace, menus)
    assert installed is not None
    texts = [action.text() for action in menus.menu(menu_title).actions()]
    for entry in entries:
        assert entry in texts, (entry, texts)


def test_menus_find_a_menu_by_its_title_with_or_without_the_mnemonic(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    menus = Menus(window)
    assert menus.menu("File") is menus.file
    assert menus.menu("&Curation") is menus.menu("Curation")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Curation"]
