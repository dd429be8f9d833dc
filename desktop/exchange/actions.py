"""File ▸ Import and File ▸ Export: every exchange format, each run as a Job with progress.

An import is one undo step (`ImportCommand`): undo removes the rows it created (by their id
ranges, so later records stay), redo puts the very same rows back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from db.exchange.formats import EXPORTS, IMPORTS, OUR_READERS
from db.exchange.records import ImportReport
from db.progress import Progress
from db.store import Snapshot
from desktop.commands import Command, push
from desktop.dialogs.job_progress import run_job, show_message
from desktop.exchange.datasets import DatasetActions, enable_exchange_actions
from desktop.exchange.files import ask_export_path
from desktop.exchange.reimport import import_ours
from desktop.jobs import Job
from desktop.library import LibraryController
from desktop.workspace import Menus, Workspace

if TYPE_CHECKING:  # for annotations only: these are imported where they are used
    from db.exchange.spreadsheet import ColumnMapping
    from desktop.dialogs.spreadsheet_import import SpreadsheetImportDialog
    from desktop.export.images import ImageOptions


class Retry(Protocol):
    """Given back the choice after a failed (with the message) or cancelled import."""

    def __call__(self, message: str = "", /) -> None: ...


class ImportCommand(Command):
    """An import already done in a Job: undo takes its rows out, redo puts them back."""

    def __init__(self, controller: LibraryController, name: str, report: ImportReport):
        super().__init__(controller, f"Import {name}")
        self.id_ranges = dict(report.id_ranges)
        self._removed: Snapshot | None = None
        # Existing rows a re-import changed (matched by UUID or by id/name/URL).
        self.updated = list(report.updated)

    def do(self) -> None:
        if self._removed is not None:  # else done by the Job
            after = [(kind, after) for kind, _b, after in self.updated]
            self.controller.redo_import(self._removed, after)

    def revert(self) -> None:
        before = [(kind, before) for kind, before, _a in self.updated]
        self._removed = self.controller.undo_import(self.id_ranges, before)


@dataclass(frozen=True)
class _ImportChoice:
    text: str
    fmt: str  # a key of IMPORTS, or "sheet" / "text"
    file_filter: str


IMPORT_CHOICES = (
    _ImportChoice("Chronicle &JSON…", "json", "Chronicle JSON (*.json)"),
    _ImportChoice("Chronicle &CSV or Zip…", "csv", "Chronicle CSV (*.csv *.zip)"),
    _ImportChoice("&Spreadsheet (Map Columns)…", "sheet", "Spreadsheets (*.csv *.tsv *.txt)"),
    _ImportChoice("&TimelineJS JSON or CSV…", "timelinejs", "TimelineJS (*.json *.csv)"),
    _ImportChoice("&BibTeX…", "bibtex", "BibTeX (*.bib *.bibtex)"),
    _ImportChoice("CSL-JSON (&Zotero)…", "csl", "CSL-JSON (*.json)"),
    _ImportChoice(
        "Text, &Markdown or HTML as Sources…",
        "text",
        "Texts (*.txt *.text *.md *.markdown *.html *.htm *.xhtml)",
    ),
)
EXPORT_CHOICES = (  # (menu text, format, file filter, default suffix)
    ("Chronicle &JSON…", "json", "Chronicle JSON (*.json)", ".json"),
    ("&CSV (Events)…", "csv", "CSV (*.csv)", ".csv"),
    ("&Zip of CSV Files (Everything)…", "zip", "Zip of CSV files (*.zip)", ".zip"),
    ("&TimelineJS JSON…", "timelinejs", "TimelineJS JSON (*.json)", ".json"),
    ("TimelineJS &Spreadsheet (CSV)…", "timelinejs", "TimelineJS CSV (*.csv)", ".csv"),
    ("&GraphML…", "graphml", "GraphML (*.graphml)", ".graphml"),
    ("G&EXF (Gephi)…", "gexf", "GEXF (*.gexf)", ".gexf"),
)
PICTURE_CHOICES = (
    ("Timeline &Picture (PNG, SVG, PDF)…", "timeline"),
    ("Graph P&icture (PNG, SVG, PDF)…", "graph"),
)


_SKIPPED_SHOWN = 30


class ExchangeActions:
    """Builds the Import and Export submenus of a main window and runs what they offer."""

    def __init__(self, workspace: Workspace, menus: Menus):
        self.workspace = workspace
        self.dialog_parent = workspace.parent  # the parent of its dialogs
        self.controller: LibraryController = workspace.controller
        self.undo_stack, self.report = workspace.undo_stack, workspace.report
        file_menu = menus.file
        self.import_menu = file_menu.addMenu("&Import")
        self.import_menu.setObjectName("import_menu")
        self.export_menu = file_menu.addMenu("E&xport")
        self.export_menu.setObjectName("export_menu")
        self.import_actions: dict[str, QAction] = {}
        for choice in IMPORT_CHOICES:
            action = self.import_menu.addAction(choice.text)
            action.triggered.connect(lambda _=False, c=choice: self.ask_import(c))
            self.import_actions[choice.fmt] = action
        self.export_actions: list[QAction] = []
        for text, fmt, file_filter, suffix in EXPORT_CHOICES:
            action = self.export_menu.addAction(text)
            action.triggered.connect(
                lambda _=False, f=fmt, ff=file_filter, s=suffix: self.ask_export(f, ff, s)
            )
            self.export_actions.append(action)
        self.export_menu.addSeparator()
        for text, view in PICTURE_CHOICES:
            action = self.export_menu.addAction(text)
            action.triggered.connect(lambda _=False, v=view: self.ask_picture(v))
            self.export_actions.append(action)
        self.import_menu.aboutToShow.connect(self._enable)
        self.export_menu.aboutToShow.connect(self._enable)
        self.datasets = DatasetActions(workspace, self.import_menu, self.export_menu)

    def _enable(self) -> None:
        enable_exchange_actions(self.controller, self.import_actions.values(), self.export_actions)

    # -- imports ----------------------------------------------------------------------
    def ask_import(self, choice: _ImportChoice) -> None:
        title = choice.text.replace("&", "").rstrip("…")
        filters = f"{choice.file_filter};;All files (*)"
        if choice.fmt == "text":
            paths, _ = QFileDialog.getOpenFileNames(
                self.dialog_parent, f"Import {title}", "", filters
            )
            if paths:
                self.import_texts([Path(p) for p in paths])
            return
        path, _ = QFileDialog.getOpenFileName(self.dialog_parent, f"Import {title}", "", filters)
        if not path:
            return
        if choice.fmt == "sheet":
            self.import_sheet(Path(path))
        else:
            self.import_file(choice.fmt, Path(path))

    def import_file(self, fmt: str, path: Path) -> Job:
        """Import `path` in format `fmt` (a key of IMPORTS) as a Job; one undo step."""
        if fmt in OUR_READERS:  # our own format: it may hold records the library already has
            return import_ours(self, fmt, path)
        lib, run = self.controller.lib, IMPORTS[fmt].run
        # Every format that can bring source texts (BibTeX and CSL abstracts included) is checked
        # for copies; a Chronicle JSON library carries its own copy links.
        then = self._offer_copy_links if fmt in ("bibtex", "csl", "text", "csv") else None
        return self.run_import(
            lambda progress: run(lib, path, progress=progress), path.name, then=then
        )

    def import_texts(self, paths: list[Path]) -> Job:
        from db.exchange.imports import import_text_sources

        lib = self.controller.lib
        name = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
        return self.run_import(
            lambda progress: import_text_sources(lib, paths, progress=progress),
            name,
            then=self._offer_copy_links,
        )

    def _offer_copy_links(self, report: ImportReport) -> None:
        """Warn when an imported text nearly copies a source already there (not corroboration)."""
        from db.queries.evidence import near_duplicates
        from db.queries.sources import original_of
        from desktop.commands import EditCommand
        from desktop.dialogs.source_text import NearCopiesDialog

        first, last = report.id_ranges.get("source", (0, -1))
        lib = self.controller.lib
        for source_id in range(first, last + 1):
            matches = [m for m in near_duplicates(lib, source_id) if not first <= m[0] <= last]
            if not matches:
                continue
            dialog = NearCopiesDialog(matches, self.dialog_parent)
            title = self.controller.get("source", source_id)["title"]
            dialog.setWindowTitle(f"“{title}” may copy another source")
            if dialog.exec() == dialog.DialogCode.Accepted and dialog.original_id is not None:
                original = original_of(lib, dialog.original_id)
                push(
                    self.undo_stack,
                    EditCommand(
                        self.controller,
                        "source",
                        source_id,
                        "Link source as a copy",
                        copy_of=original,
                    ),
                )

    def import_sheet(self, path: Path) -> None:
        from desktop.dialogs.spreadsheet_import import SpreadsheetImportDialog

        dialog = SpreadsheetImportDialog(path, self.dialog_parent)
        dialog.import_requested.connect(
            lambda mapping, skip: self.import_mapped(path, mapping, skip, dialog)
        )
        self.sheet_dialog = dialog
        dialog.open()

    def import_mapped(
        self,
        path: Path,
        mapping: ColumnMapping,
        skip_failing: bool,
        dialog: SpreadsheetImportDialog | None = None,
    ) -> Job:
        from db.exchange.imports import import_mapped

        lib = self.controller.lib

        def work(progress: Progress) -> ImportReport:
            return import_mapped(lib, path, mapping, progress, skip_failing=skip_failing)

        def done(report: ImportReport) -> None:
            if dialog is not None:
                dialog.accept()

        retry = dialog.import_failed if dialog is not None else None
        return self.run_import(work, path.name, then=done, retry=retry)

    def run_import(
        self,
        work: Callable[[Progress], ImportReport],
        name: str,
        then: Callable[[ImportReport], None] | None = None,
        retry: Retry | None = None,
    ) -> Job:
        def done(report: ImportReport) -> None:
            if report.id_ranges or report.updated:
                push(self.undo_stack, ImportCommand(self.controller, name, report))
            self.report.show_status(f"{name}: {report.summary()}", 10_000)
            if report.skipped:
                self._show_skipped(name, report)
            if then is not None:
                then(report)

        return run_job(
            self.dialog_parent,
            work,
            f"Importing {name}",
            done,
            label=f"Importing {name} (all of it, or nothing)…",
            controller=self.controller,
            on_failed=retry,
            on_cancel=retry,
        )

    def _show_skipped(self, name: str, report: ImportReport) -> None:
        listed = "\n".join(report.skipped[:_SKIPPED_SHOWN])
        more = len(report.skipped) - _SKIPPED_SHOWN
        text = f"{report.summary()}\n\nRows left out:\n{listed}"
        if more > 0:
            text += f"\n… and {more} more"
        show_message(self.dialog_parent, f"Imported {name}", text, warning=False)

    # -- exports ----------------------------------------------------------------------
    def ask_export(self, fmt: str, file_filter: str, suffix: str) -> None:
        path = ask_export_path(self.dialog_parent, self.controller, file_filter, suffix)
        if path is not None:
            self.export_file(fmt, path)

    def export_file(self, fmt: str, path: Path) -> Job:
        """Write the library to `path` in format `fmt` (a key of EXPORTS) as a Job."""
        lib, run = self.controller.lib, EXPORTS[fmt].run
        return run_job(
            self.dialog_parent,
            lambda progress: run(lib, path, progress=progress),
            f"Exporting {path.name}",
            lambda written: self.report.show_status(f"Wrote {written}", 10_000),
        )

    def ask_picture(self, view: str) -> None:
        from desktop.exchange.picture_dialog import ExportPictureDialog

        dialog = ExportPictureDialog(self.workspace, view)
        dialog.export_requested.connect(self.export_picture)
        self.picture_dialog = dialog
        dialog.open()

    def export_picture(self, path: Path, options: ImageOptions) -> Job:
        from desktop.export.images import export_image

        lib = self.controller.lib
        return run_job(
            self.dialog_parent,
            lambda progress: export_image(lib, path, options, progress=progress),
            f"Exporting {path.name}",
            lambda written: self.report.show_status(f"Wrote {written}", 10_000),
        )
