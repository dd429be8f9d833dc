"""A date entry that says, while you type, how it understood the date or why it refused it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QVBoxLayout, QWidget

from db.dates import ParsedDate, format_date, parse_date, parse_edtf
from db.errors import DateError

_HINT = "e.g. 28 July 2024, Jul 2024, c. 1990, 44 BC, 1914 to 1918"


def describe(date: ParsedDate, typed: str = "") -> str:
    """How a parsed date reads: 'Jul 2024 — month precision, approximate · EDTF 2024-07~'."""
    qualities = [f"{date.precision} precision"]
    if date.is_interval:
        qualities.insert(0, "span")
    if date.open_start or date.open_end:
        qualities.append("open start" if date.open_start else "open end")
    if date.approximate:
        qualities.append("approximate")
    if date.uncertain:
        qualities.append("uncertain")
    text = f"{format_date(date)} — {', '.join(qualities)}"
    if typed.strip() != date.edtf:
        text += f" · EDTF {date.edtf}"
    return text


DATE_STYLES = ("readable", "edtf")  # Preferences ▸ Dates: as people write them, or EDTF
_style = {"dates": "readable"}


def set_date_style(style: str) -> None:
    """How stored dates are shown in date fields from now on (one of DATE_STYLES)."""
    _style["dates"] = style if style in DATE_STYLES else "readable"


def readable(edtf: str | None) -> str:
    """A stored EDTF date as a person writes it ('2025~' → 'c. 2025', '-0043' → '44 BC'), when
    that reading gives the same date back; otherwise (or if the user prefers EDTF) the EDTF."""
    if not edtf or _style["dates"] == "edtf":
        return edtf or ""
    try:
        shown = format_date(parse_edtf(edtf))
        return shown if parse_date(shown).edtf == edtf else edtf
    except DateError:
        return edtf


class DateField(QWidget):
    """Line edit plus a live reading of the date; `parsed()` is None while the text is refused."""

    editingFinished = Signal()
    returnPressed = Signal()
    validityChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False):
        super().__init__(parent)
        self.optional = optional
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_HINT)
        self.feedback = QLabel(self)
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName("Date as understood")
        self._warning = self.edit.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self._warning.setToolTip("This is not a date Chronicle understands; see below.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.feedback)
        self.setFocusProxy(self.edit)
        self._parsed: ParsedDate | None = None
        self._error: str | None = None
        self.edit.textChanged.connect(self._reread)
        self.edit.editingFinished.connect(self.editingFinished)
        self.edit.returnPressed.connect(self.returnPressed)
        self._reread("")

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def setAccessibleName(self, name: str) -> None:
        self.edit.setAccessibleName(name)
        super().setAccessibleName(name)

    def parsed(self) -> ParsedDate | None:
        """The date as understood; None if refused or (for an optional date) empty."""
        return self._parsed

    def error(self) -> str | None:
        """Why the text was refused; None when it is a date (or an allowed empty value)."""
        return self._error

    def is_valid(self) -> bool:
        return self._error is None

    def _reread(self, text: str) -> None:
        was_valid = self.is_valid()
        self._parsed, self._error = None, None
        if self.optional and not text.strip():
            message = ""
        else:
            try:
                self._parsed = parse_date(text)
                message = describe(self._parsed, text)
            except DateError as err:
                self._error = str(err)
                message = f"Not understood: {err}" if text.strip() else f"Write a date, {_HINT}"
        self.feedback.setText(message)
        self.feedback.setVisible(bool(message))
        self.edit.setAccessibleDescription(message)
        # An empty required field is not yet an error worth a warning sign.
        self._warning.setVisible(self._error is not None and bool(text.strip()))
        # Palette roles, not colours: the reading is muted, a refusal reads like normal text.
        muted = QPalette.ColorRole.PlaceholderText
        self.feedback.setForegroundRole(muted if self._error is None else QPalette.ColorRole.Text)
        if was_valid != self.is_valid():
            self.validityChanged.emit(self.is_valid())
