"""File ▸ Import and File ▸ Export entries for published data (issue 18).

Import: pick a file, see the preview (`dialogs.dataset_import`), import in a Job with progress
and Cancel; the import is one undo step (`DatasetImportCommand`), then a summary says what was
added, changed and unchanged and offers to delete the events the new file no longer has (its
own undo step). Export: Timeline, iCalendar, Timesketch, with a note of what a calendar or
Timesketch could not hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from db.engine import Library
from db.exchange.dataset_sync import SyncReport
from db.exchange.datasets import DATASET_FORMATS
from db.exchange.records import ImportReport
from db.progress import Progress
from db.store import Snapshot
from desktop.commands import Command, DeleteCommand, push
from desktop.dialogs.job_progress import run_job, show_message
from desktop.exchange.files import ask_export_path
from desktop.jobs import Job
from desktop.library import LibraryController
from desktop.workspace import Workspace

if TYPE_CHECKING:  # for annotations only: the dialog is imported where it is used
    from desktop.dialogs.dataset_import import DatasetImportDialog

IMPORT_ENTRIES = (  # (menu text, format)
    ("&ACLED CSV…", "acled"),
    ("&Wikidata Query Results…", "wikidata"),
    ("Timeline (thetimeline&proj) File…", "timeline"),
    ("iCa&lendar (.ics)…", "ics"),
    ("&GDELT 2.0 Events (Filtered)…", "gdelt"),
)
EXPORT_ENTRIES = (  # (menu text, format, file filter, suffix)
    ("Timeline (thetimelineproj) File…", "timeline", "Timeline (*.timeline)", ".timeline"),
    ("iCa&lendar (.ics)…", "ics", "iCalendar (*.ics)", ".ics"),
    ("Timesketch JS&ONL…", "timesketch", "Timesketch JSONL (*.jsonl)", ".jsonl"),
    ("Timesketch CS&V…", "timesketch", "Timesketch CSV (*.csv)", ".csv"),
    ("ACLED CSV (Events from ACLED)…", "acled", "ACLED CSV (*.csv)", ".csv"),
)


class _NotedWriter(Protocol):
    """An export that also says what it could not write as it is."""

    def __call__(
        self, lib: Library, path: Path, *, progress: Progress
    ) -> tuple[Path, list[str]]: ...


class DatasetImportCommand(Command):
    """A dataset import already done in a Job: undo takes added rows out and puts changed
    events back as they were; redo does both again with the same ids."""

    def __init__(self, controller: LibraryController, name: str, report: ImportReport):
        super().__init__(controller, f"Import {name}")
        self.report = report
        self._added: Snapshot | None = None

    def do(self) -> None:
        if self._added is None:
            return  # done by the Job
        if isinstance(self.report, SyncReport):
            self.controller.redo_update_import(self._added, self.report.before, self.report.after)
        else:
            self.controller.redo_import(self._added, [])

    def revert(self) -> None:
        report = self.report
        if isinstance(report, SyncReport):
            self._added = self.controller.undo_update_import(
                report.id_ranges, report.before, report.after
            )
        else:
            self._added = self.controller.undo_import(report.id_ranges, [])


class DatasetActions:
    """The published-data entries of the Import and Export menus, and what they run."""

    def __init__(self, workspace: Workspace, import_menu: QMenu, export_menu: QMenu):
        self.dialog_parent = workspace.parent  # the parent of its dialogs
        self.controller: LibraryController = workspace.controller
        self.undo_stack, self.report = workspace.undo_stack, workspace.report
        import_menu.addSeparator()
        self.import_actions: dict[str, QAction] = {}
        for text, fmt in IMPORT_ENTRIES:
            action = import_menu.addAction(text)
            action.setObjectName(f"import_{fmt}")
            action.triggered.connect(lambda _=False, f=fmt: self.ask_import(f))
            self.import_actions[fmt] = action
        export_menu.addSeparator()
        self.export_actions: list[QAction] = []
        for text, fmt, file_filter, suffix in EXPORT_ENTRIES:
            action = export_menu.addAction(text)
            action.triggered.connect(
                lambda _=False, f=fmt, ff=file_filter, s=suffix: self.ask_export(f, ff, s)
            )
            self.export_actions.append(action)
        import_menu.aboutToShow.connect(self._enable)
        export_menu.aboutToShow.connect(self._enable)
        self.dialog: DatasetImportDialog | None = None
        self.summary_box: QMessageBox | None = None

    def _enable(self) -> None:
        enable_exchange_actions(self.controller, self.import_actions.values(), self.export_actions)

    # -- imports ----------------------------------------------------------------------
    def ask_import(self, fmt: str) -> None:
        spec = DATASET_FORMATS[fmt]
        path, _ = QFileDialog.getOpenFileName(
            self.dialog_parent, f"Import {spec.label}", "", f"{spec.file_filter};;All files (*)"
        )
        if path:
            self.preview(fmt, Path(path))

    def preview(self, fmt: str, path: Path) -> DatasetImportDialog:
        """Open the preview dialog for `path`; its Import button runs the import."""
        from desktop.dialogs.dataset_import import DatasetImportDialog

        dialog = DatasetImportDialog(fmt, path, self.dialog_parent)
        dialog.import_requested.connect(lambda options: self.run_import(fmt, path, options))
        self.dialog = dialog
        dialog.open()
        return dialog

    def run_import(self, fmt: str, path: Path, options: dict[str, Any]) -> Job:
        lib, run = self.controller.lib, DATASET_FORMATS[fmt].run

        def done(report: ImportReport) -> None:
            changed = report.changed if isinstance(report, SyncReport) else 0
            if report.id_ranges or changed:
                push(self.undo_stack, DatasetImportCommand(self.controller, path.name, report))
            self.report.show_status(f"{path.name}: {report.summary()}", 10_000)
            self.show_summary(path.name, report)

        return run_job(
            self.dialog_parent,
            lambda progress: run(lib, path, progress=progress, **options),
            f"Importing {path.name}",
            done,
            label=f"Importing {path.name} (all of it, or nothing)…",
            controller=self.controller,
        )

    def show_summary(self, name: str, report: ImportReport) -> QMessageBox:
        """What the import did; with events missing from the new file, offer to delete them."""
        text = report.summary()
        notes = list(getattr(report, "notes", [])) + list(report.skipped)
        if notes:
            text += "\n\n" + "\n".join(notes[:30])
        missing = list(getattr(report, "missing", []))
        box = show_message(self.dialog_parent, f"Imported {name}", text, warning=False)
        box.setObjectName("dataset_summary")
        if missing:
            box.setText(text + f"\n\nDelete the {len(missing):,} events missing from the new file?")
            box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.accepted.connect(lambda: self.delete_missing(name, missing))
        self.summary_box = box
        return box

    def delete_missing(self, name: str, ids: list[int]) -> None:
        text = f"Delete {len(ids):,} events missing from {name}"
        push(self.undo_stack, DeleteCommand(self.controller, "event", ids, text))

    # -- exports ----------------------------------------------------------------------
    def ask_export(self, fmt: str, file_filter: str, suffix: str) -> None:
        path = ask_export_path(self.dialog_parent, self.controller, file_filter, suffix)
        if path is not None:
            self.export_file(fmt, path)

    def export_file(self, fmt: str, path: Path) -> Job:
        """Write `path` in `fmt` as a Job; say what could not be written as it is."""
        from db.exchange.ical import export_ics_with_notes
        from db.exchange.thetimeline import export_timeline
        from db.exchange.timesketch import export_timesketch_with_notes

        lib = self.controller.lib
        writers: dict[str, _NotedWriter] = {
            "ics": export_ics_with_notes,
            "timesketch": export_timesketch_with_notes,
            "timeline": lambda lib, path, progress: (
                export_timeline(lib, path, progress=progress),
                [],
            ),
        }

        def done(result: tuple[Path, list[str]]) -> None:
            written, notes = result
            self.report.show_status(f"Wrote {written}", 10_000)
            if notes:
                show_message(
                    self.dialog_parent, f"Exported {written.name}", "\n".join(notes), warning=False
                )

        return run_job(
            self.dialog_parent,
            lambda progress: writers[fmt](lib, path, progress=progress),
            f"Exporting {path.name}",
            done,
        )


def enable_exchange_actions(
    controller: LibraryController, imports: Iterable[QAction], exports: Iterable[QAction]
) -> None:
    """Imports need a library open for writing; exports only an open library."""
    is_open = controller.is_open
    for action in imports:
        action.setEnabled(is_open and not controller.read_only)
    for action in exports:
        action.setEnabled(is_open)
