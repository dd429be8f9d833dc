"""Light or dark as the system says: widgets use palette roles, never fixed colours.

Qt 6.5+ gives the system's scheme (`QStyleHints.colorScheme`) and switches the palette when it
changes. Only Windows' classic native style cannot draw a dark palette; Fusion can.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

_STYLES_WITHOUT_DARK = {"windowsvista"}


def follow_color_scheme(app: QApplication) -> None:
    """Use a style that can show the system's scheme, now and after the user switches it."""

    def choose_style(scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark and app.style().name().lower() in _STYLES_WITHOUT_DARK:
            app.setStyle("Fusion")

    choose_style(app.styleHints().colorScheme())
    app.styleHints().colorSchemeChanged.connect(choose_style)
