"""Long work with a progress dialog and Cancel: `run_job(parent, work, title, on_done)`.

The work runs as a `desktop.jobs.Job` off the UI thread; the dialog follows its progress and
Cancel asks it to stop (db/ work rolls back). A failure is shown as plain text; after work
that changed the library, `controller.notify(kinds)` tells every view once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from desktop.jobs import Job, start
from desktop.library import ALL_KINDS, LibraryController
from desktop.plain_text import plain_label

SHOW_AFTER_MS = 300
_running: set[Job] = set()  # jobs (and their signals) kept alive until they report


def show_message(
    parent: QWidget | None, title: str, text: str, *, warning: bool = True
) -> QMessageBox:
    """A window-modal message box showing `text` literally (opened, not blocking)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("job_message")
    box.open()
    return box


def _progress_dialog(parent: QWidget | None, title: str, label: str) -> QProgressDialog:
    dialog = QProgressDialog(parent)
    dialog.setObjectName("job_progress")
    dialog.setWindowTitle(title)
    dialog.setLabel(plain_label(label))
    dialog.setCancelButtonText("Cancel")
    dialog.setRange(0, 0)  # busy until the work reports a total
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAccessibleName(title)
    return dialog


def run_job(
    parent: QWidget | None,
    work: Callable[[Callable[[int, int], None]], Any],
    title: str,
    on_done: Callable[[Any], None] | None = None,
    *,
    label: str = "",
    controller: LibraryController | None = None,
    kinds: frozenset[str] = ALL_KINDS,
    on_cancel: Callable[[], None] | None = None,
    on_failed: Callable[[str], None] | None = None,
) -> Job:
    """Run `work(progress)` with a progress dialog; `on_done(result)` when it succeeds.

    With a `controller`, `notify(kinds)` is called after success (imports change data).
    """
    job = Job(work, title)
    dialog = _progress_dialog(parent, title, label or f"{title}…")
    job.dialog = dialog

    def close() -> None:
        _running.discard(job)
        dialog.reset()
        dialog.close()
        dialog.deleteLater()

    def progressed(done: int, total: int) -> None:
        if total > 0:
            dialog.setRange(0, total)
            dialog.setValue(min(done, total))

    def finished(result: Any) -> None:
        close()
        if controller is not None:
            controller.notify(kinds)
        if on_done is not None:
            on_done(result)

    def failed(message: str) -> None:
        close()
        show_message(parent, f"{title} failed", message)
        if on_failed is not None:
            on_failed(message)

    def cancelled() -> None:
        close()
        if on_cancel is not None:
            on_cancel()

    dialog.canceled.connect(job.cancel)
    job.signals.progressed.connect(progressed)
    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    job.signals.cancelled.connect(cancelled)
    _running.add(job)
    return start(job)
