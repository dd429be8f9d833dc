"""What keeps a user's work safe in the window: backups, restore, checks, read-only, locks.

Installs File > Check Library… and File > Restore from Backup…, the read-only banner, the
automatic backups, a background quick check of big files after opening, and the answer to a
library that is already open elsewhere (read-only, open anyway, or cancel).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QWidget

from db.backups import BackupInfo, list_backups, new_backup_path, restore_backup
from db.engine import Library, quick_check
from db.errors import ChronicleError, ReadOnlyError
from db.locking import LibraryLockedError
from db.maintenance import CheckReport, check_library
from db.progress import Progress
from desktop.dialogs.check_library import CheckLibraryDialog
from desktop.dialogs.choice import ask_choice
from desktop.dialogs.restore_backup import RestoreBackupDialog, counts_text, made_text
from desktop.jobs import Job, start
from desktop.library import ALL_KINDS
from desktop.panels.readonly_banner import ReadOnlyBanner
from desktop.safety import error_report
from desktop.safety.backups import BackupScheduler
from desktop.workspace import Menus, Workspace

READ_ONLY, ANYWAY = "read-only", "anyway"
_REPEAT_SECONDS = 10.0  # the same error is shown at most once in this long


def ask_locked(parent: QWidget | None, err: LibraryLockedError) -> str | None:
    """Ask what to do with a library open elsewhere: READ_ONLY, ANYWAY or None (cancel)."""
    text = (
        f"{err}\n\nOpen it read-only, or open it anyway? If both windows change it, nothing "
        "is lost, but each shows the other's changes only after reopening the library."
    )
    answers = [
        ("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole, READ_ONLY),
        ("Open &Anyway", QMessageBox.ButtonRole.DestructiveRole, ANYWAY),
    ]
    return ask_choice(parent, "Library already open", text, answers)


def confirm_restore(parent: QWidget | None, info: BackupInfo, library_name: str) -> bool:
    text = (
        f"Replace {library_name} with the backup made {made_text(info)} "
        f"({counts_text(info)})?\n\nThe library as it is now is backed up first, so you can "
        "return to it with Restore from Backup."
    )
    box = QMessageBox(QMessageBox.Icon.Question, "Restore from Backup", text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText("Restore")
    return box.exec() == QMessageBox.StandardButton.Ok


class ReliabilityActions(QObject):
    """The safety features of a window; `open_file` opens a library, handling refusals."""

    def __init__(self, workspace: Workspace, menus: Menus):
        super().__init__(workspace.parent)
        self.parent_widget = workspace.parent
        self.report = report = workspace.report
        self.controller = workspace.controller
        self.failed_path: Path | None = None  # a library that would not open, to restore
        self.backups = BackupScheduler(self.controller, workspace.settings, workspace.paths, self)
        self.backups.made.connect(
            lambda _copy: report.show_status(
                f"Backup made at {datetime.now():%H:%M} (File > Restore from Backup… lists them)",
                8000,
            )
        )
        self.backups.failed.connect(lambda message: report.show_status(f"Backup failed: {message}"))
        self.banner = ReadOnlyBanner(self.controller, workspace.parent)
        menus.add_toolbar_row(self.banner)
        self.banner.hide()  # until a read-only library opens
        self.check_action = self._add(menus.file, "C&heck Library…", self.check_library)
        self.restore_action = self._add(menus.file, "Restore from &Backup…", self.restore)
        self.controller.opened.connect(self._on_opened)
        self._check_dialog: CheckLibraryDialog | None = None
        self._jobs: list[Job] = []

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # -- opening ------------------------------------------------------------------------
    def open_file(self, path: Path | str, *, create: bool = False) -> bool:
        """Open (or create) the library at `path`; a refusal is explained or asked about."""
        try:
            self.controller.open(path, create=create)
        except ChronicleError as err:
            return self.open_failed(path, err, create=create)
        return True

    def open_failed(self, path: Path | str, err: ChronicleError, *, create: bool = False) -> bool:
        """Handle a refused open: offer choices for a locked file, else explain. True if open."""
        if not isinstance(err, LibraryLockedError):
            self.failed_path = Path(path)
            self.report.show_error(
                "Cannot create library" if create else "Cannot open library", err
            )
            return False
        choice = ask_locked(self.parent_widget, err)
        if choice is None:
            return False
        try:
            self.controller.open(path, read_only=choice == READ_ONLY, ignore_lock=choice == ANYWAY)
        except ChronicleError as again:
            self.report.show_error("Cannot open library", again)
            return False
        return True

    def _on_opened(self, lib: Library) -> None:
        self.failed_path = None
        if not lib.checked:  # too big to check while opening: check now, in the background
            job = Job(lambda _progress: quick_check(lib.path), "Checking")
            job.signals.finished.connect(lambda problems: self._warn_if_damaged(lib, problems))
            self._keep(job)
            start(job)

    def _warn_if_damaged(self, lib: Library, problems: list[str]) -> None:
        if problems and self.controller.is_open and self.controller.lib is lib:
            self.report.show_error(
                "Library may be damaged",
                f"SQLite's quick check of {lib.path.name} found problems, starting with: "
                f"{problems[0]}\n\nUse File > Check Library… for details and repair, or "
                "File > Restore from Backup… to go back to a backup.",
            )

    def _keep(self, job: Job) -> None:
        self._jobs = [j for j in self._jobs if not j.done.is_set()] + [job]

    # -- restore ------------------------------------------------------------------------
    def restore(self) -> None:
        """File > Restore from Backup…: pick a backup of the current (or unopenable) library."""
        target = self.controller.path or self.failed_path
        if target is None:
            self.report.show_error("Restore from Backup", "Open a library first.")
            return
        folder = self.backups.folder(target)
        backups = list_backups(folder)
        dialog = RestoreBackupDialog(backups, self.backups.keep(), target.name, self.parent_widget)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.backups.set_keep(dialog.keep_box.value())
        info = dialog.chosen() if accepted else None
        if info is None or not confirm_restore(self.parent_widget, info, target.name):
            return
        # The restore queues behind any backup in progress (one backup thread), so the file is
        # never swapped under a copy being taken; the window does not wait for either.
        self.controller.close()
        job = Job(lambda _progress: restore_backup(info.path, target, folder), "Restoring")
        self.report.show_status(f"Restoring {target.name}…")
        self.backups.run(
            job,
            lambda _safety: self._restored(target, info),
            lambda message: self._restore_failed(target, message),
        )

    def _restored(self, target: Path, info: BackupInfo) -> None:
        if self.open_file(target):
            self.report.show_status(
                f"Restored the backup made {made_text(info)}; the previous state is a backup too.",
                15000,
            )

    def _restore_failed(self, target: Path, message: str) -> None:
        self.report.show_error("Restore failed", f"{message}\n\nThe library was not changed.")
        if target.exists():
            self.open_file(target)

    # -- check and repair ---------------------------------------------------------------
    def check_library(self) -> None:
        """File > Check Library…: the full integrity check in the background, then its report."""
        if not self.controller.is_open:
            self.report.show_error("Check Library", "Open a library first.")
            return
        lib = self.controller.lib
        dialog = CheckLibraryDialog(lib.path.name, self.parent_widget)
        dialog.repair_requested.connect(lambda: self._run_check(dialog, lib, repair=True))
        self._check_dialog = dialog
        dialog.show()
        self._run_check(dialog, lib, repair=False)

    def _run_check(self, dialog: CheckLibraryDialog, lib: Library, *, repair: bool) -> Job | None:
        safety = None
        if repair:  # the state before the repair goes with the backups, to be restorable
            try:
                safety = new_backup_path(self.backups.folder(lib.path), lib.path, "before-repair")
            except ChronicleError as err:
                dialog.show_failure(str(err))
                return None

        def work(_progress: Progress) -> CheckReport:
            return check_library(lib, full=True, repair=repair, safety_copy=safety)

        def done(report: CheckReport) -> None:
            dialog.show_report(report, can_repair=not lib.read_only)
            if repair and self.controller.is_open and self.controller.lib is lib:
                self.controller.notify(ALL_KINDS)

        job = Job(work, "Repairing" if repair else "Checking")
        return self.backups.run(job, done, dialog.show_failure)


def install_error_hook(workspace: Workspace) -> None:
    """Show a ChronicleError that escapes a slot (an edit refused by a read-only library, say)
    as a message box instead of a traceback on the console; any other exception is a bug: it is
    logged, shown with its details (`error_report`) and passed on to the previous hook."""
    previous = sys.excepthook
    recent: dict[str, float] = {}  # message -> when shown: a failing repaint must not flood

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        now = time.monotonic()
        repeated = now - recent.get(repr(exc), -_REPEAT_SECONDS) < _REPEAT_SECONDS
        if not isinstance(exc, ChronicleError):
            if repeated:
                error_report.write_log(exc_type, exc, tb)
            else:
                recent[repr(exc)] = now
                error_report.report(workspace.parent, exc_type, exc, tb)
            previous(exc_type, exc, tb)  # never swallowed: the console and tests see it
            return
        if repeated:
            return
        recent[repr(exc)] = now
        title = "Read-only library" if isinstance(exc, ReadOnlyError) else "Not possible"
        workspace.report.show_error(title, exc)
        recent[repr(exc)] = time.monotonic()  # the box was open until now

    sys.excepthook = hook
