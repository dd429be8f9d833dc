"""The application's icon and the name the desktop knows it by (window and taskbar icon)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QIcon

from desktop.version import APP_ID
from resources import ICON_PNG, ICON_SVG


def app_icon() -> QIcon:
    """The icon at every size: drawn from the SVG, with the PNG where SVG cannot be drawn."""
    icon = QIcon(str(ICON_SVG))
    icon.addFile(str(ICON_PNG))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Window icon for every window, and the .desktop name that Wayland taskbars match on
    (`./run.sh --install-desktop-entry` writes chronicle.desktop)."""
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)
