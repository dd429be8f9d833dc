"""Importing our own JSON or CSV again: ask what to do with records the library already has.

The file is read and matched with the library in a job (`db.exchange.existing`); if anything is
already there the user chooses to update the existing records or add the file's as new ones
(or cancel), and the import then runs as a second job: one undo step either way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from db.exchange.existing import Existing, as_new, find_existing, keep_existing
from db.exchange.formats import OUR_READERS
from db.exchange.loader import load_records
from db.exchange.records import ImportReport
from db.progress import Progress
from desktop.dialogs.choice import ask_choice
from desktop.dialogs.job_progress import run_job
from desktop.jobs import Job
from desktop.library import LibraryController

UPDATE, NEW = "update", "new"


class ImportRunner(Protocol):
    """What `import_ours` uses of the File ▸ Import actions (`desktop.exchange.actions`)."""

    controller: LibraryController
    dialog_parent: QWidget | None

    def run_import(self, work: Callable[[Progress], ImportReport], name: str) -> Job: ...


def ask_existing(parent: QWidget | None, name: str, found: Existing) -> str | None:
    """UPDATE, NEW, or None (cancel): what to do with records `name` shares with the library."""
    return ask_choice(
        parent,
        "Already in the library",
        f"{name} holds {found.describe()} that this library already has.",
        [
            ("&Update Existing", QMessageBox.ButtonRole.AcceptRole, UPDATE),
            ("&Add as New", QMessageBox.ButtonRole.ActionRole, NEW),
        ],
        informative="Update the existing ones with the file's values (nothing is duplicated), "
        "or add the file's records as new ones beside them?",
        name="reimport_question",
    )


def import_ours(actions: ImportRunner, fmt: str, path: Path) -> Job:
    """Read `path`, ask about records already there, then import it (see module doc)."""
    lib, read = actions.controller.lib, OUR_READERS[fmt]

    def match(progress: Progress) -> tuple[dict[str, Any], Existing]:
        progress(0, 2)  # each call lets Cancel stop the job
        data = read(path)
        progress(1, 2)
        found = find_existing(lib, data)
        progress(2, 2)
        return data, found

    def matched(result: tuple[dict[str, Any], Existing]) -> None:
        data, found = result
        if found:
            choice = ask_existing(actions.dialog_parent, path.name, found)
            if choice is None:
                return
            data = keep_existing(data, found) if choice == UPDATE else as_new(data)
        actions.run_import(
            lambda progress: load_records(lib, data, origin=path.name, progress=progress),
            path.name,
        )

    return run_job(actions.dialog_parent, match, f"Reading {path.name}", matched)
