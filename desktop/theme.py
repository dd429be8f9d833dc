"""Light or dark as the system says: widgets use palette roles, never fixed colours.

Qt 6.5+ gives the system's scheme (`QStyleHints.colorScheme`) and switches the palette when it
changes. Only Windows' classic native style cannot draw a dark palette; Fusion can.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_STYLES_WITHOUT_DARK = {"windowsvista"}


def follow_color_scheme(app: QApplication) -> None:
    """Use a style that can show the system's scheme, now and after the user switches it."""

    def choose_style(scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark and app.style().name().lower() in _STYLES_WITHOUT_DARK:
            app.setStyle("Fusion")

    choose_style(app.styleHints().colorScheme())
    app.styleHints().colorSchemeChanged.connect(choose_style)


THEMES = {"system": Qt.ColorScheme.Unknown, "light": Qt.ColorScheme.Light}
THEMES["dark"] = Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str) -> None:
    """Light, dark, or (system) whatever the system says; Preferences ▸ Theme.

    Qt asks the platform for the scheme; where the platform cannot switch (X11 without a
    desktop portal, offscreen), Fusion's palette for that scheme is set instead."""
    scheme = THEMES.get(theme, Qt.ColorScheme.Unknown)
    if scheme == Qt.ColorScheme.Dark and app.style().name().lower() in _STYLES_WITHOUT_DARK:
        app.setStyle("Fusion")
    app.styleHints().setColorScheme(scheme)
    if scheme == Qt.ColorScheme.Unknown:
        app.setPalette(app.style().standardPalette())
        return
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if scheme == Qt.ColorScheme.Dark else _light_palette(app))


def _light_palette(app: QApplication) -> QPalette:
    palette = app.style().standardPalette()
    return palette if palette.color(QPalette.ColorRole.Window).lightness() > 128 else QPalette()


def _dark_palette() -> QPalette:
    """Fusion's usual dark colours (as Qt's own dark palette on Windows and macOS)."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e",
        role.AlternateBase: "#262626", role.ToolTipBase: "#3a3a3a", role.ToolTipText: "#f0f0f0",
        role.Text: "#e6e6e6", role.Button: "#353535", role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b", role.Highlight: "#3d7bd9", role.HighlightedText: "#ffffff",
        role.Link: "#7fb2ff", role.PlaceholderText: "#9a9a9a", role.Mid: "#444444",
        role.Dark: "#1a1a1a", role.Light: "#505050", role.Midlight: "#404040",
        role.Shadow: "#000000",
    }  # fmt: skip
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    for which in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(group.Disabled, which, QColor("#7a7a7a"))
    return palette
