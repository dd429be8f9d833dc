"""Unexpected errors (bugs) are shown to the user, written to a rotating log, and never swallowed.

An exception that escapes a Qt slot reaches `sys.excepthook`. The app's hook calls `report` and then
the previous hook, so the traceback still reaches the console and pytest-qt's exception capture
(which fails the test) sees every one. The dialog is opened without a nested event loop, so the
window keeps working behind it and a test is never blocked by it.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

APP_NAME = "Chronicle"
LOG_FILE_NAME = "chronicle.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3  # chronicle.log.1 … .3: about 4 MB at most
_handlers: dict[Path, RotatingFileHandler] = {}


def log_dir() -> Path:
    """The user's log folder (beside the data in CHRONICLE_DATA_DIR when that isolates a test)."""
    override = os.environ.get("CHRONICLE_DATA_DIR")
    return Path(override) / "logs" if override else Path(platformdirs.user_log_dir(APP_NAME, False))


def log_path() -> Path:
    return log_dir() / LOG_FILE_NAME


def _logger() -> logging.Logger:
    """The error logger writing to today's `log_path()` (a new folder gets a new handler)."""
    path = log_path()
    logger = logging.getLogger("chronicle.errors")
    logger.propagate = False
    handler = _handlers.get(path)
    if handler is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        _handlers[path] = handler
    for old in list(logger.handlers):
        if old is not handler:
            logger.removeHandler(old)
    if handler not in logger.handlers:
        logger.addHandler(handler)
    return logger


def write_log(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> Path | None:
    """Append the traceback to the log; the log's path, or None if it cannot be written."""
    try:
        _logger().error("Unexpected error", exc_info=(exc_type, exc, tb))
    except OSError:  # a full disk or read-only home must not turn one error into two
        return None
    return log_path()


def report(
    parent: QWidget | None,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> QMessageBox:
    """Log an unexpected error and show it in a dialog with the details and the log's path."""
    logged = write_log(exc_type, exc, tb)
    where = (
        f"The details were written to {logged}."
        if logged
        else f"The details could not be written to {log_path()}."
    )
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", "", parent=parent)
    box.setObjectName("unexpected_error")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        f"Something went wrong inside Chronicle: {exc_type.__name__}: {exc}\n\n"
        "Every edit finished before this is saved, and you can keep working. "
        f"{where} Please include that file when you report the problem."
    )
    box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # no nested event loop: the app stays responsive, tests never block
    return box
