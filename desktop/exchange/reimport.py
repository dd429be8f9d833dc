"""Importing our own JSON or CSV again: ask what to do with records the library already has.

The file is read and matched with the library in a job (`db.exchange.existing`); if anything is
already there the user chooses to update the existing records or add the file's as new ones
(or cancel), and the import then runs as a second job: one undo step either way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from db.exchange.csv_ import read_csv_records
from db.exchange.existing import Existing, as_new, find_existing, keep_existing
from db.exchange.json_ import read_json
from db.exchange.loader import load_records
from desktop.dialogs.job_progress import run_job

READERS = {"json": read_json, "csv": read_csv_records}
UPDATE, NEW = "update", "new"


def ask_existing(parent: QWidget, name: str, found: Existing) -> str | None:
    """UPDATE, NEW, or None (cancel): what to do with records `name` shares with the library."""
    box = QMessageBox(QMessageBox.Icon.Question, "Already in the library", "", parent=parent)
    box.setObjectName("reimport_question")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{name} holds {found.describe()} that this library already has.")
    box.setInformativeText(
        "Update the existing ones with the file's values (nothing is duplicated), or add "
        "the file's records as new ones beside them?"
    )
    update = box.addButton("&Update Existing", QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton("&Add as New", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(update)
    box.exec()
    clicked = box.clickedButton()
    return UPDATE if clicked is update else NEW if clicked is new else None


def import_ours(actions, fmt: str, path: Path):
    """Read `path`, ask about records already there, then import it (see module doc)."""
    lib, read = actions.controller.lib, READERS[fmt]

    def match(progress) -> tuple[dict, Existing]:
        progress(0, 2)  # each call lets Cancel stop the job
        data = read(path)
        progress(1, 2)
        found = find_existing(lib, data)
        progress(2, 2)
        return data, found

    def matched(result: tuple[dict, Existing]) -> None:
        data, found = result
        if found:
            choice = ask_existing(actions.window, path.name, found)
            if choice is None:
                return
            data = keep_existing(data, found) if choice == UPDATE else as_new(data)
        actions._run_import(
            lambda progress: load_records(lib, data, origin=path.name, progress=progress),
            path.name,
        )

    return run_job(actions.window, match, f"Reading {path.name}", matched)
