"""A group under a record's fields that shows more of the record (its links, its evidence)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox


class RecordSection(QGroupBox):
    """Shown under a stored record's fields; the form calls `show_for` whenever it refreshes."""

    def show_for(self, record_id: int) -> None:
        raise NotImplementedError
