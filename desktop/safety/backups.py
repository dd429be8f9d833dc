"""Automatic backups: one when a library opens, then one every 30 minutes while it changes.

Copies run as `desktop.jobs.Job`s on a pool of one thread, so they never block the window and
never overlap each other or a restore. A copy is only made when the file changed since the
newest backup, so reopening a library does not push older backups out of the rotation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, SupportsInt

from PySide6.QtCore import QObject, QSettings, QThreadPool, QTimer, Signal

from db.backups import (
    DEFAULT_KEEP,
    backup_folder,
    changed_since_backup,
    library_state,
    make_backup,
    rotate,
)
from db.engine import Library
from db.errors import ChronicleError
from db.progress import Progress
from db.team import TEAM_BACKUPS
from desktop.jobs import Job, start
from desktop.library import LibraryController
from desktop.paths import Paths

KEEP_KEY = "backups/keep"
INTERVAL_KEY = "backups/interval_minutes"
DEFAULT_INTERVAL_MINUTES = 30
MAX_KEEP = 500


def _whole_number(value: object) -> int:
    """A number setting as QSettings gives it (an int, or a string from an INI file)."""
    if isinstance(value, (str, SupportsInt)):
        return int(value)
    raise TypeError(f"not a number: {value!r}")


class BackupScheduler(QObject):
    """Makes and rotates the backups of whatever library the controller has open."""

    made = Signal(object)  # Path of the new backup
    failed = Signal(str)  # message fit to show

    def __init__(
        self,
        controller: LibraryController,
        settings: QSettings,
        paths: Paths,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.controller = controller
        self.settings = settings
        self.paths = paths
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # backups and restores run one after another
        self._jobs: set[Job] = set()
        # Library path -> library_state when its last backup began (read on the backup thread).
        self._state_at_backup: dict[Path, tuple[int, ...]] = {}
        self._timer = QTimer(self)
        minutes = _whole_number(settings.value(INTERVAL_KEY, DEFAULT_INTERVAL_MINUTES))
        self._timer.setInterval(max(minutes, 1) * 60_000)
        self._timer.timeout.connect(self.backup_if_changed)
        controller.opened.connect(self._on_opened)
        controller.closing.connect(self._timer.stop)

    def folder(self, library: Path | None = None) -> Path:
        """The backup folder of `library` (default: the open one) in the user's data folder."""
        return backup_folder(self.paths.data_dir(), library or self.controller.lib.path)

    def keep(self) -> int:
        try:
            value = _whole_number(self.settings.value(KEEP_KEY, DEFAULT_KEEP))
        except (TypeError, ValueError):
            value = DEFAULT_KEEP
        return min(max(value, 1), MAX_KEEP)

    def set_keep(self, count: int) -> None:
        self.settings.setValue(KEEP_KEY, min(max(int(count), 1), MAX_KEEP))

    def _on_opened(self, lib: Library) -> None:
        # A team library's backups are the server's job (pg_dump): no file copies of it.
        if lib.read_only or lib.is_team:
            self._timer.stop()
            return
        self._timer.start()
        self.backup_if_changed()

    def backup_if_changed(self) -> Job | None:
        """Back the open library up in the background if it changed since its newest backup."""
        if not self.controller.is_open or self.controller.read_only:
            return None
        if self.controller.lib.is_team:
            raise ChronicleError(TEAM_BACKUPS)
        path, folder, keep = self.controller.lib.path, self.folder(), self.keep()

        def work(_progress: Progress) -> Path | None:
            state = library_state(path)  # before the copy: a write during it means "changed"
            seen = self._state_at_backup.get(path)
            if state == seen or (seen is None and not changed_since_backup(path, folder)):
                return None
            copy = make_backup(path, folder)
            self._state_at_backup[path] = state
            rotate(folder, keep)
            return copy

        return self.run(Job(work, "Backing up"), self._made)

    def run(
        self,
        job: Job,
        on_finished: Callable[[Any], object],  # gets what the job's work returned
        on_failed: Callable[[str], object] | None = None,
    ) -> Job:
        """Start `job` on the backup thread; failures go to `on_failed`, else to `failed`."""
        # Keep running jobs referenced (Python would collect them); forget finished ones.
        self._jobs = {j for j in self._jobs if not j.done.is_set()} | {job}
        job.signals.finished.connect(on_finished)
        job.signals.failed.connect(on_failed or self.failed)
        return start(job, self.pool)

    def _made(self, copy: Path | None) -> None:
        if copy is not None:
            self.made.emit(copy)

    def wait(self, msecs: int = -1) -> bool:
        """Block until no backup or restore is running (for scripts and tests)."""
        return self.pool.waitForDone(msecs)
