"""File > Open Team Library…: where the team database is, and as whom to connect.

There is no password field on purpose: Chronicle never stores passwords. libpq reads them
from ~/.pgpass (or the file PGPASSFILE names) or a service file, as psql does.
"""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from db.errors import ChronicleError
from db.team import SSL_MODES, build_url

PASSWORD_NOTE = (
    "Passwords are never stored by Chronicle: put yours in ~/.pgpass "
    "(host:port:database:user:password) or a PostgreSQL service file."
)


class TeamLibraryDialog(QDialog):
    """The connection form; `url` holds the postgresql:// URL once accepted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open Team Library")
        self.url: str | None = None
        self.host = QLineEdit("localhost", self)
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit(self)
        self.user = QLineEdit(_os_user(), self)
        self.sslmode = QComboBox(self)
        self.sslmode.addItems(SSL_MODES)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        note = QLabel(PASSWORD_NOTE, self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Server:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("SS&L:", self.sslmode)
        form.addRow(note)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.database.setFocus()

    def accept(self) -> None:
        try:
            self.url = build_url(
                self.host.text(),
                self.port.value(),
                self.database.text(),
                self.user.text(),
                self.sslmode.currentText(),
            )
        except ChronicleError as err:
            self.problem.setText(str(err))
            return
        super().accept()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
