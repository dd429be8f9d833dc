"""Source-linked curation in the main window: the reader dock, its menu, evidence filters, report.

`desktop.curation.install` builds it all with `install_curation`; the window only shows what the
evidence filter asks for (`EvidenceFilter.changed`) in its Events list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QFileDialog

from db.exchange.evidence_report import write_evidence_report
from desktop.curation.evidence_flags import EvidenceFlags
from desktop.curation.reader import SourceReaderPanel
from desktop.dialogs.job_progress import run_job
from desktop.jobs import Job
from desktop.workspace import Menus, Workspace

REPORT_FILTERS = "HTML page (*.html);;CSV table (*.csv)"


class EvidenceFilter(QObject):
    """View > Evidence: only unsourced, or only single-source, events in the Events list."""

    changed = Signal(object)  # the most sources an event may have to be listed, or None: all

    def __init__(self, menus: Menus, parent: QObject):
        super().__init__(parent)
        self.submenu = submenu = menus.view.addMenu("&Evidence")
        self.group = QActionGroup(self)
        self.group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.actions: list[QAction] = []
        for text, limit in (("&Unsourced Events Only", 0), ("Events with at Most &One Source", 1)):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setData(limit)
            self.group.addAction(action)
            submenu.addAction(action)
            self.actions.append(action)
            action.toggled.connect(lambda _on: self.changed.emit(self.max_sources()))

    def max_sources(self) -> int | None:
        checked = self.group.checkedAction()
        limit: int | None = checked.data() if checked is not None else None  # set in the menu
        return limit


@dataclass
class Curation:
    """What `install_curation` added to the window."""

    reader: SourceReaderPanel
    dock: QDockWidget
    evidence: EvidenceFilter
    flags: EvidenceFlags  # View ▸ Evidence: contested, reported late…
    report_action: QAction
    workspace: Workspace
    report_job: Job | None = None

    @property
    def flag_actions(self) -> dict[str, QAction]:
        return self.flags.actions

    @property
    def unsourced_action(self) -> QAction:
        return self.evidence.actions[0]

    @property
    def single_source_action(self) -> QAction:
        return self.evidence.actions[1]


def install_curation(workspace: Workspace, menus: Menus) -> Curation:
    """Add the Source Reader dock, the Curation menu and View > Evidence."""
    reader = SourceReaderPanel(workspace, workspace.parent)
    dock = menus.add_dock(reader, "Source Reader", Qt.DockWidgetArea.RightDockWidgetArea)
    menus.view.addAction(dock.toggleViewAction())
    menu = menus.menu("&Curation")
    for action in reader.actions_for_menu:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    menu.addSeparator()
    report_action = QAction("Evidence &Report…", reader)
    report_action.setStatusTip("Write every event with its evidence strength to CSV or HTML")
    menu.addAction(report_action)
    evidence = EvidenceFilter(menus, reader)
    flags = EvidenceFlags(workspace, evidence.submenu, reader)
    curation = Curation(reader, dock, evidence, flags, report_action, workspace)
    report_action.triggered.connect(lambda: choose_report_file(curation))
    return curation


def choose_report_file(curation: Curation) -> None:
    parent = curation.workspace.parent
    path, chosen = QFileDialog.getSaveFileName(parent, "Evidence Report", "", REPORT_FILTERS)
    if not path:
        return
    fmt = "csv" if chosen.startswith("CSV") or path.lower().endswith(".csv") else "html"
    if not path.lower().endswith(f".{fmt}"):
        path += f".{fmt}"
    write_report(curation, Path(path), fmt)


def write_report(curation: Curation, path: Path, fmt: str) -> Job:
    """Write the evidence report in a background job with a progress dialog."""
    workspace = curation.workspace
    parent, report = workspace.parent, workspace.report
    lib = workspace.controller.lib

    def written(done: Path) -> None:
        report.show_status(f"Evidence report written to {done}", 8000)

    curation.report_job = run_job(
        parent,
        lambda progress: write_evidence_report(lib, path, fmt, progress=progress),
        "Evidence Report",
        written,
        label=f"Writing the evidence report to {path.name}…",
    )
    return curation.report_job
