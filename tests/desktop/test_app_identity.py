"""Chronicle as a desktop app: its icon on windows and the taskbar, and Help ▸ About."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.version import app_version
from desktop.window.app import create_application
from resources import ICON_PNG, ICON_SVG


def test_the_icon_files_are_real_pictures():
    png = QImage(str(ICON_PNG))
    assert (png.width(), png.height()) == (256, 256)
    assert png.pixelColor(128, 128).alpha() == 255 and png.pixelColor(0, 0).alpha() == 0
    assert ICON_SVG.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_windows_and_the_taskbar_get_the_icon(window):
    app = create_application()  # what `chronicle` runs; it finds the test's application
    icon = app.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).toImage().pixelColor(32, 32).alpha() == 255
    assert not window.windowIcon().isNull()
    assert window.windowIcon().cacheKey() == icon.cacheKey()
    assert app.desktopFileName() == "chronicle"  # Wayland taskbars match chronicle.desktop


def test_help_about_shows_the_name_and_version(window, qtbot):
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles[-1] == "&Help"
    seen = []

    def read_about():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_about)
            return
        seen.append((box.windowTitle(), box.text(), box.textFormat()))
        box.accept()

    QTimer.singleShot(20, read_about)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.help_menu.isVisible())
    qtbot.keyClick(window.help_menu, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: bool(seen))
    ((title, text, text_format),) = seen
    assert title == "About Chronicle"
    assert text.startswith(f"Chronicle {app_version()}\n")
    assert text_format == Qt.TextFormat.PlainText
