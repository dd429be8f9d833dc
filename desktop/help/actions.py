"""Help ▸ Keyboard Shortcuts and Help ▸ Using Chronicle, and Edit ▸ Preferences (dates, theme).

`desktop.help.install` adds these to the Help menu that `desktop.help.about` makes (About). The
shortcuts list is read from the window's actions when it opens, so it can never disagree with
what the keys do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.theme import THEMES, apply_theme
from desktop.widgets.date_field import set_date_style
from desktop.workspace import Menus, Workspace
from resources import USER_GUIDE

DATE_CHOICES: tuple[tuple[str, str], ...] = (("As people write them: c. 2025, 44 BC", "readable"),)
DATE_CHOICES += (("EDTF, as stored: 2025~, -0043", "edtf"),)
THEME_CHOICES = (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark"))
DATES_KEY, THEME_KEY = "display/dates", "display/theme"


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    """(what, keys) of every action that has a key, sorted by what."""
    rows = set()
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        text = action.text().split("\n")[-1].replace("&&", "\0").replace("&", "")
        text = text.replace("\0", "&").rstrip("…").strip()
        if keys and text:
            rows.add((text, ", ".join(keys)))
    return sorted(rows, key=lambda row: row[0].casefold())


class ShortcutsDialog(QDialog):
    def __init__(self, actions: list[QAction], parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard Shortcuts")
        rows = shortcut_rows(actions)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))  # items show text as plain text
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(1)
        extra = QTextBrowser(self)
        extra.setPlainText(
            "On the timeline: + and − zoom, ← → pan, Home fits everything, Escape clears the "
            "selection or cancels a drag. A plain drag pans; drag a selected event by its "
            "handles to change its date. Double-click empty time to add an event there."
        )
        extra.setMaximumHeight(80)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(extra)
        layout.addWidget(buttons)
        self.resize(520, 600)


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle("Using Chronicle")
        self.text = QTextBrowser(self)
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(USER_GUIDE.read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 700)


class PreferencesDialog(QDialog):
    """Dates and theme; applied as soon as they are chosen and kept in the settings."""

    def __init__(self, help_: HelpActions):
        super().__init__(help_.parent_widget)
        self.setObjectName("preferences_dialog")
        self.setWindowTitle("Preferences")
        self.help = help_
        self.dates = self._combo("date_style", DATE_CHOICES, help_.setting(DATES_KEY))
        self.theme = self._combo("theme", THEME_CHOICES, help_.setting(THEME_KEY))
        self.dates.currentIndexChanged.connect(
            lambda _i: help_.choose(DATES_KEY, self.dates.currentData())
        )
        self.theme.currentIndexChanged.connect(
            lambda _i: help_.choose(THEME_KEY, self.theme.currentData())
        )
        form = QFormLayout()
        form.addRow("&Dates:", self.dates)
        form.addRow("&Theme:", self.theme)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _combo(self, name: str, choices: Iterable[tuple[str, str]], current: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for label, value in choices:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        return combo


class HelpActions(QObject):
    """Help ▸ Using Chronicle and Keyboard Shortcuts, Edit ▸ Preferences; `applied` fires after
    a preference took effect, for the views that show dates to show them anew."""

    applied = Signal()

    def __init__(self, workspace: Workspace, menus: Menus):
        super().__init__(workspace.parent)
        self.parent_widget, self.settings, self.menus = workspace.parent, workspace.settings, menus
        help_menu = menus.menu("&Help")
        self.guide = self._add(help_menu, "&Using Chronicle", self.show_guide, "F1")
        self.shortcuts = self._add(help_menu, "&Keyboard Shortcuts", self.show_shortcuts, "Ctrl+/")
        menus.edit.addSeparator()
        self.preferences = self._add(menus.edit, "Prefere&nces…", self.show_preferences, "Ctrl+,")
        self.apply()

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object], key: str) -> QAction:
        action = QAction(text, self.parent_widget)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def setting(self, key: str) -> str:
        default = "readable" if key == DATES_KEY else "system"
        return str(self.settings.value(key, default))

    def choose(self, key: str, value: str) -> None:
        self.settings.setValue(key, value)
        self.apply()

    def apply(self) -> None:
        """Put the saved preferences into effect (at start, and on each choice)."""
        set_date_style(self.setting(DATES_KEY))
        theme = self.setting(THEME_KEY)
        if theme in THEMES:
            app = QApplication.instance()
            assert isinstance(app, QApplication)  # this window's widgets need a QApplication
            apply_theme(app, theme)
        self.applied.emit()

    def show_guide(self) -> None:
        GuideDialog(self.parent_widget).open()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.menus.all_actions(), self.parent_widget).open()

    def show_preferences(self) -> None:
        PreferencesDialog(self).open()
