"""Ask before deleting, and say what goes with the records: links, citations, relations, tags."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.commands import NOUNS, quoted
from desktop.library import LibraryController

_DEPENDENT_NOUNS = {
    "participation": ("actor link", "actor links"),
    "citation": ("citation", "citations"),
    "relation": ("relation", "relations"),
    "tagging": ("tag", "tags"),
}


def record_label(controller: LibraryController, kind: str, record_id: int) -> str:
    values = controller.get(kind, record_id)
    return str(values.get("title") or values.get("name") or f"#{record_id}")


def _counted(counts: Counter[str], kind: str) -> list[str]:
    parts = []
    for table, (one, many) in _DEPENDENT_NOUNS.items():
        n = counts.get(table, 0)
        if table == "participation" and kind == "actor":
            one, many = "event link", "event links"
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return parts


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def delete_message(controller: LibraryController, kind: str, ids: list[int]) -> str:
    """'Delete 'Japan'? 12 event links, 3 relations and 2 tags go with it.' (and the like)."""
    counts: Counter[str] = Counter()
    for record_id in ids:
        counts.update(controller.dependents(kind, record_id))
    if len(ids) == 1:
        question = f"Delete {NOUNS[kind]} {quoted(record_label(controller, kind, ids[0]))}?"
        it = "it"
    else:
        question = f"Delete {len(ids)} {NOUNS[kind]}s?"
        it = "them"
    parts = _counted(counts, kind)
    verb = "goes" if parts and sum(counts.values()) == 1 else "go"
    consequence = (
        f"{_joined(parts)} {verb} with {it}." if parts else f"Nothing else is linked to {it}."
    )
    return f"{question} {consequence}"


def confirm_delete(
    parent: QWidget | None, controller: LibraryController, kind: str, ids: list[int]
) -> bool:
    """Show the question; True if the user chose Delete."""
    box = QMessageBox(parent)
    box.setObjectName("confirm_delete")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Delete")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(delete_message(controller, kind, ids))
    box.setInformativeText("Edit ▸ Undo (Ctrl+Z) brings everything back.")
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(delete)
    box.exec()
    return box.clickedButton() is delete
