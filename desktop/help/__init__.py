"""The Help menu (guide, shortcuts, About) and Edit ▸ Preferences."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMenu

from desktop.help.about import install_help_menu
from desktop.help.actions import HelpActions
from desktop.workspace import Menus, Workspace


@dataclass(frozen=True)
class Help:
    menu: QMenu  # Help, last in the menu bar
    actions: HelpActions


def install(workspace: Workspace, menus: Menus) -> Help:
    """Help ▸ About, Using Chronicle, Keyboard Shortcuts; Edit ▸ Preferences (applied at once)."""
    menu = install_help_menu(workspace, menus)
    return Help(menu, HelpActions(workspace, menus))
