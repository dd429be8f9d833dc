"""The graph panel's time slice: show only the network of a time window.

The window follows the timeline when one is wired (`set_window`), or the user types a date range
("2022", "Jun 2024", "2024-06 to 2024-12"...). A bad date is refused with the reason, inline.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from db.dates import Precision, format_key, parse_date
from db.errors import DateError


def _key_text(key: int) -> str:
    return format_key(key, Precision.DAY)


class TimeSliceControl(QWidget):
    """A checkbox and a From/To date range. `window_changed(start, end)` when the user edits."""

    toggled = Signal(bool)
    # start_key, end_key (exclusive), 64-bit. PySide6's stub omits Signal's C++ type names.
    window_changed = Signal("qint64", "qint64")  # type: ignore[arg-type]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graph_time_slice")
        self.check = QCheckBox("Time slice", self)
        self.check.setObjectName("time_slice_toggle")
        self.check.setToolTip(
            "Show only the events of a time window, the relations valid in it, "
            "and the actors and sources linked to them. The window follows the timeline, "
            "or type dates such as 2022, Jun 2024 or 28 July 2024."
        )
        self.from_edit = QLineEdit(self)
        self.from_edit.setObjectName("time_slice_from")
        self.from_edit.setAccessibleName("Time slice from")
        self.from_edit.setPlaceholderText("from")
        self.to_edit = QLineEdit(self)
        self.to_edit.setObjectName("time_slice_to")
        self.to_edit.setAccessibleName("Time slice to")
        self.to_edit.setPlaceholderText("to")
        for edit in (self.from_edit, self.to_edit):
            # Room for a day's date ("30 Sep 2024") and no more: the dock is often narrow.
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("30 Sep 2024") + 18)
            edit.editingFinished.connect(self._on_edited)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #c53030;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("–", self))
        layout.addWidget(self.to_edit)
        layout.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.check.toggled.connect(self.toggled)
        # Not `window`: that would hide QWidget.window().
        self.current_window: tuple[int, int] | None = None

    @property
    def enabled(self) -> bool:
        return self.check.isChecked()

    def set_window(self, start: int, end: int) -> None:
        """Show the window the timeline shows (no `window_changed` echo)."""
        self.current_window = (start, end)
        self.error.clear()
        self.from_edit.setText(_key_text(start))
        self.to_edit.setText(_key_text(max(start, end - 1)))

    def clear(self) -> None:
        """Forget the window (the library closed): nothing of the last one is left shown."""
        self.current_window = None
        self.error.clear()
        self.from_edit.clear()
        self.to_edit.clear()
        self.check.setChecked(False)

    def _on_edited(self) -> None:
        try:
            start, end = self._parse()
        except DateError as err:
            self.error.setText(str(err))
            return
        self.error.clear()
        if (start, end) != self.current_window:
            self.current_window = (start, end)
            self.window_changed.emit(start, end)

    def _parse(self) -> tuple[int, int]:
        texts = (self.from_edit.text().strip(), self.to_edit.text().strip())
        if not texts[0] and not texts[1]:
            raise DateError("Type a date in From or To.")
        dates = []
        for label, text in zip(("From", "To"), texts, strict=True):
            try:
                dates.append(parse_date(text) if text else None)
            except DateError as err:
                raise DateError(f"{label}: {err}") from err
        first, last = dates[0] or dates[1], dates[1] or dates[0]
        assert first is not None and last is not None  # one of the two was typed
        if last.end_key <= first.start_key:
            raise DateError("To must be after From.")
        return first.start_key, last.end_key
