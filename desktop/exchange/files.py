"""Choosing the file an export writes: a save dialog starting beside the library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.library import LibraryController


def with_suffix(path: str, suffix: str) -> Path:
    """`path` ending in `suffix` (added unless it is already there, in any case)."""
    chosen = Path(path)
    return chosen if chosen.suffix.lower() == suffix else chosen.with_name(chosen.name + suffix)


def ask_export_path(
    parent: QWidget | None, controller: LibraryController, file_filter: str, suffix: str
) -> Path | None:
    """The file to export to, named after the library at first; None if cancelled."""
    start = str(controller.path.with_suffix(suffix)) if controller.path else ""
    path, _ = QFileDialog.getSaveFileName(parent, "Export", start, file_filter)
    return with_suffix(path, suffix) if path else None
