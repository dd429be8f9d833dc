"""Source-linked curation in the main window: the reader dock, its menu, evidence filters, report.

`install_curation(window)` is the one hook MainWindow calls; everything else lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QProgressDialog

from db.exchange.evidence_report import write_evidence_report
from desktop.curation.evidence_flags import install_evidence_flags
from desktop.curation.flows import error_box
from desktop.curation.reader import SourceReaderPanel
from desktop.jobs import Job, start
from desktop.plain_text import plain_label

REPORT_FILTERS = "HTML page (*.html);;CSV table (*.csv)"


@dataclass
class Curation:
    """What `install_curation` added to the window."""

    reader: SourceReaderPanel
    dock: QDockWidget
    unsourced_action: QAction
    single_source_action: QAction
    report_action: QAction
    flag_actions: dict[str, QAction]  # View ▸ Evidence: contested, reported late...
    report_job: Job | None = None


def install_curation(window: QMainWindow) -> Curation:
    """Add the Source Reader dock, the Curation menu and View > Evidence to `window`."""
    reader = SourceReaderPanel(window.controller, window.selection, window.undo_stack, window)
    dock = window._add_dock(reader, "Source Reader", Qt.DockWidgetArea.RightDockWidgetArea)
    window.view_menu.addAction(dock.toggleViewAction())
    menu = window.menuBar().addMenu("&Curation")
    for action in reader.actions_for_menu:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    menu.addSeparator()
    report_action = QAction("Evidence &Report…", window)
    report_action.setStatusTip("Write every event with its evidence strength to CSV or HTML")
    menu.addAction(report_action)
    unsourced, single, flags = _evidence_filters(window)
    curation = Curation(reader, dock, unsourced, single, report_action, flags)
    report_action.triggered.connect(lambda: choose_report_file(window, curation))
    return curation


def _evidence_filters(window: QMainWindow) -> tuple[QAction, QAction, dict[str, QAction]]:
    """View > Evidence: show only unsourced, or only single-source, events in the Events list."""
    submenu = window.view_menu.addMenu("&Evidence")
    group = QActionGroup(window)
    group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
    model = window.lists["event"].model
    actions = []
    for text, limit in (("&Unsourced Events Only", 0), ("Events with at Most &One Source", 1)):
        action = QAction(text, window)
        action.setCheckable(True)
        action.setData(limit)
        group.addAction(action)
        submenu.addAction(action)
        actions.append(action)
        action.toggled.connect(lambda _on, m=model: _apply_source_limit(m, group))
    # The filter bar sets the Events list's filter anew: the checked choice stays in force.
    window.timeline_panel.filter_changed.connect(lambda *_: _apply_source_limit(model, group))
    return actions[0], actions[1], install_evidence_flags(window, submenu)


def _apply_source_limit(model, group: QActionGroup) -> None:
    checked = group.checkedAction()
    limit = checked.data() if checked is not None else None
    if model.filter.max_sources != limit:
        model.set_filter(replace(model.filter, max_sources=limit))


def choose_report_file(window: QMainWindow, curation: Curation) -> None:
    path, chosen = QFileDialog.getSaveFileName(window, "Evidence Report", "", REPORT_FILTERS)
    if not path:
        return
    fmt = "csv" if chosen.startswith("CSV") or path.lower().endswith(".csv") else "html"
    if not path.lower().endswith(f".{fmt}"):
        path += f".{fmt}"
    write_report(window, curation, Path(path), fmt)


def write_report(window: QMainWindow, curation: Curation, path: Path, fmt: str) -> Job:
    """Write the evidence report in a background job with a progress dialog."""
    lib = window.controller.lib
    job = Job(lambda progress: write_evidence_report(lib, path, fmt, progress=progress))
    progress = QProgressDialog(window)
    progress.setLabel(plain_label(f"Writing the evidence report to {path.name}…"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.canceled.connect(job.cancel)

    def progressed(done: int, total: int) -> None:
        progress.setRange(0, max(total, 1))
        progress.setValue(done)

    def finished(written: Path) -> None:
        progress.reset()
        window.statusBar().showMessage(f"Evidence report written to {written}", 8000)

    def failed(message: str) -> None:
        progress.reset()
        error_box(window, "Evidence report not written", message)

    job.signals.progressed.connect(progressed)
    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    job.signals.cancelled.connect(progress.reset)
    curation.report_job = job
    return start(job)
