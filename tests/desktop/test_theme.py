"""Light and dark: the editors take their colours from the palette, so both schemes read well."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop.theme import follow_color_scheme


def test_a_dark_palette_reaches_every_inspector_control(editor, qtbot):
    app = QApplication.instance()
    light = app.palette()
    dark = QPalette(light)
    for role, color in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.Base, "#181818"),
        (QPalette.ColorRole.Text, "#eeeeee"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.PlaceholderText, "#909090"),
    ):
        dark.setColor(role, QColor(color))
    editor.panel.new_record("event")
    date = editor.panel.forms["event"].date
    feedback = date.feedback
    try:
        app.setPalette(dark)
        qtbot.wait(1)
        date.setText("2024")  # a reading is muted...
        assert feedback.palette().color(feedback.foregroundRole()) == QColor("#909090")
        date.setText("2024-13")  # ...a refusal reads as plainly as any text
        assert feedback.palette().color(feedback.foregroundRole()) == QColor("#eeeeee")
        styled = [w for w in editor.panel.findChildren(QWidget) if w.styleSheet()]
        assert styled == []  # no fixed colours anywhere in the inspector
    finally:
        app.setPalette(light)


def test_the_classic_windows_style_gives_way_to_fusion_in_dark_mode():
    chosen = []
    hints = SimpleNamespace(
        colorScheme=lambda: Qt.ColorScheme.Dark,
        colorSchemeChanged=SimpleNamespace(connect=lambda slot: chosen.append(slot)),
    )
    app = SimpleNamespace(
        styleHints=lambda: hints,
        style=lambda: SimpleNamespace(name=lambda: "windowsvista"),
        setStyle=lambda name: chosen.append(name),
    )
    follow_color_scheme(app)
    assert chosen[0] == "Fusion"
    assert callable(chosen[1])  # and again whenever the user switches scheme
