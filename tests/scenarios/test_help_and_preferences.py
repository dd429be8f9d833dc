"""Help ▸ Keyboard Shortcuts and Using Chronicle, and Edit ▸ Preferences, used by a person."""

from __future__ import annotations

from person import settle
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QListView

from desktop.help.actions import GuideDialog, PreferencesDialog, ShortcutsDialog


def _pick(person, combo, index: int) -> None:
    person.click(combo)
    popup = QApplication.focusWidget()
    assert isinstance(popup, QListView)
    person.qtbot.wait(QApplication.doubleClickInterval() + 50)
    person.click(popup.viewport(), popup.visualRect(popup.model().index(index, 0)).center())


def test_shortcuts_list_and_guide(open_window, tmp_path):
    person = open_window(tmp_path / "help.chronicle", create=True)
    window = person.window
    person.keys("Ctrl+/")
    dialog = window.findChild(ShortcutsDialog)
    person.qtbot.waitUntil(dialog.isVisible, timeout=2000)
    rows = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
    }
    assert rows["New Event"] == "Ctrl+E"
    assert rows["Redo"] == "Ctrl+Shift+Z, Ctrl+Y"
    assert rows["Zoom to Selection"] == "Ctrl+2"
    person.click(dialog.table)
    person.press(Qt.Key.Key_Escape)
    person.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    person.click(window.timeline.viewport(), window.timeline.viewport().rect().center())
    person.keys("F1")
    guide = window.findChild(GuideDialog)
    person.qtbot.waitUntil(guide.isVisible, timeout=2000)
    assert "A plain drag always pans" in guide.text.toPlainText()


def test_preferences_change_how_dates_show(open_window, tmp_path):
    person = open_window(tmp_path / "prefs.chronicle", create=True, demo=True)
    window = person.window
    settle(person.qtbot, window.timeline)
    person.keys("Ctrl+E")
    person.type("Talks")
    person.tab()
    person.type("c. 44 BC")
    person.press(Qt.Key.Key_Return)
    form = window.inspector.forms["event"]
    assert form.date.text() == "c. 44 BC"
    person.keys("Ctrl+,")
    prefs = window.findChild(PreferencesDialog)
    person.qtbot.waitUntil(prefs.isVisible, timeout=2000)
    _pick(person, prefs.dates, 1)
    assert form.date.text() == "-0043~"
    assert window.settings.value("display/dates") == "edtf"
    _pick(person, prefs.theme, 2)
    assert window.settings.value("display/theme") == "dark"
    lightness = lambda: window.palette().color(QPalette.ColorRole.Window).lightness()  # noqa: E731
    person.qtbot.waitUntil(lambda: lightness() < 80, timeout=2000)
    # The graph follows (issue 14: it stayed white): read the pixels it drew.
    graph = window.graph.widget
    corner = lambda: graph.grab().toImage().pixelColor(4, 4).lightness()  # noqa: E731
    person.qtbot.waitUntil(lambda: corner() < 80, timeout=3000)
    _pick(person, prefs.theme, 0)
    person.qtbot.waitUntil(lambda: lightness() > 150, timeout=2000)
    person.qtbot.waitUntil(lambda: corner() > 150, timeout=3000)
    _pick(person, prefs.dates, 0)
    assert form.date.text() == "c. 44 BC"
