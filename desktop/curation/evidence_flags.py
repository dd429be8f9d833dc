"""View ▸ Evidence: show only contested events, events reported late, or events reported only
after later events, in the Events list; and the library's late-report threshold."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMenu

from db.errors import ChronicleError
from db.queries.evidence_flags import (
    CONTESTED,
    HINDSIGHT,
    LATE,
    LATE_SETTING,
    late_report_days,
)
from db.store.settings import LATE_DAYS_RANGE, check_late_report_days
from desktop.commands import SettingCommand, push
from desktop.workspace import Workspace

FLAG_ACTIONS = (
    ("&Contested Events Only", CONTESTED, "Ctrl+Alt+K"),
    ("Events &Reported Late", LATE, None),
    ("Events Reported After &Later Events", HINDSIGHT, None),
)


class EvidenceFlags(QObject):
    """The flag filters and the threshold in View ▸ Evidence; `changed` carries the flag to
    show (None: all events) for the window to apply to its Events list."""

    changed = Signal(object)

    def __init__(self, workspace: Workspace, submenu: QMenu, parent: QObject):
        super().__init__(parent)
        self.workspace = workspace
        submenu.addSeparator()
        self.group = QActionGroup(self)
        self.group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.actions: dict[str, QAction] = {}
        for text, flag, key in FLAG_ACTIONS:
            action = QAction(text, workspace.parent)
            action.setCheckable(True)
            action.setData(flag)
            if key:
                action.setShortcut(key)
            self.group.addAction(action)
            submenu.addAction(action)
            action.toggled.connect(lambda _on: self.changed.emit(self.flag()))
            self.actions[flag] = action
        submenu.addSeparator()
        threshold = QAction("Late-Report &Threshold…", self)
        threshold.setStatusTip("How long after an event a first report counts as late")
        threshold.triggered.connect(self.choose_threshold)
        submenu.addAction(threshold)

    def flag(self) -> str | None:
        checked = self.group.checkedAction()
        flag: str | None = checked.data() if checked is not None else None  # set in the menu
        return flag

    def choose_threshold(self) -> None:
        """Ask for the number of days after which a first report counts as late (kept in the
        library, so reports and colleagues use the same)."""
        controller, report = self.workspace.controller, self.workspace.report
        if not controller.is_open:
            report.show_error("Late-Report Threshold", "Open a library first.")
            return
        with controller.lib.read() as conn:
            current = late_report_days(conn)
        low, high = LATE_DAYS_RANGE
        days, ok = QInputDialog.getInt(
            self.workspace.parent,
            "Late-Report Threshold",
            "An event first reported more than this many days after it happened is flagged:",
            current,
            low,
            high,
        )
        if not ok or days == current:
            return
        try:
            check_late_report_days(days)
            text = f"Set the late-report threshold to {days} days"
            command = SettingCommand(controller, LATE_SETTING, str(days), text)
            push(self.workspace.undo_stack, command)
        except ChronicleError as err:
            report.show_error("Late-Report Threshold", err)
