"""View ▸ Evidence: show only contested events, events reported late, or events reported only
after later events, in the Events list; and the library's late-report threshold."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu

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

FLAG_ACTIONS = (
    ("&Contested Events Only", CONTESTED, "Ctrl+Alt+K"),
    ("Events &Reported Late", LATE, None),
    ("Events Reported After &Later Events", HINDSIGHT, None),
)


def install_evidence_flags(window: QMainWindow, submenu: QMenu) -> dict[str, QAction]:
    """Add the flag filters and the threshold to View ▸ Evidence; return the filters by flag."""
    submenu.addSeparator()
    group = QActionGroup(window)
    group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
    model = window.lists["event"].model
    actions = {}
    for text, flag, key in FLAG_ACTIONS:
        action = QAction(text, window)
        action.setCheckable(True)
        action.setData(flag)
        if key:
            action.setShortcut(key)
        group.addAction(action)
        submenu.addAction(action)
        action.toggled.connect(lambda _on: _apply_flag(model, group))
        actions[flag] = action
    # The filter bar sets the Events list's filter anew: the checked flag stays in force.
    window.timeline_panel.filter_changed.connect(lambda *_: _apply_flag(model, group))
    submenu.addSeparator()
    threshold = QAction("Late-Report &Threshold…", window)
    threshold.setStatusTip("How long after an event a first report counts as late")
    threshold.triggered.connect(lambda: choose_threshold(window))
    submenu.addAction(threshold)
    return actions


def _apply_flag(model, group: QActionGroup) -> None:
    checked = group.checkedAction()
    flag = checked.data() if checked is not None else None
    if model.filter.evidence_flag != flag:
        model.set_filter(replace(model.filter, evidence_flag=flag))


def choose_threshold(window: QMainWindow) -> None:
    """Ask for the number of days after which a first report counts as late (kept in the
    library, so reports and colleagues use the same)."""
    controller = window.controller
    if not controller.is_open:
        window.show_error("Late-Report Threshold", "Open a library first.")
        return
    with controller.lib.read() as conn:
        current = late_report_days(conn)
    low, high = LATE_DAYS_RANGE
    days, ok = QInputDialog.getInt(
        window,
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
        push(window.undo_stack, SettingCommand(controller, LATE_SETTING, str(days), text))
    except ChronicleError as err:
        window.show_error("Late-Report Threshold", err)
