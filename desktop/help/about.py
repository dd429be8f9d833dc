"""The Help menu: About, with the application's name and version.

Kept apart from the main window so more help items can join it without touching the window.
"""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from desktop.app_icon import app_icon
from desktop.version import APP_NAME, app_version


def about_text() -> str:
    return (
        f"{APP_NAME} {app_version()}\n\n"
        "Source-linked chronologies on a zoomable timeline: dated events with their actors, "
        "sources and quoted evidence, in one local SQLite file.\n\n"
        f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}. "
        "MIT licence."
    )


def show_about(parent: QMainWindow) -> None:
    box = QMessageBox(parent)
    box.setObjectName("about_box")
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(about_text())
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.exec()


def install_help_menu(window: QMainWindow) -> QMenu:
    """Add the Help menu (last in the menu bar) with About; returns it for more items."""
    menu = window.menuBar().addMenu("&Help")
    menu.setObjectName("help_menu")
    about = menu.addAction(f"&About {APP_NAME}")
    about.setMenuRole(about.MenuRole.AboutRole)
    about.triggered.connect(lambda: show_about(window))
    return menu
