"""Where the user's data lives: the library, its backups and the settings (one place for all)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

APP_NAME = "Chronicle"
LIBRARY_FILE_NAME = "library.chronicle"
DATA_DIR_VARIABLE = "CHRONICLE_DATA_DIR"  # isolates tests and tours from the user's own data


def data_dir() -> Path:
    """Where the user's library and backups live (CHRONICLE_DATA_DIR overrides, for tests)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_library_path() -> Path:
    return data_dir() / LIBRARY_FILE_NAME


def make_settings() -> QSettings:
    """INI settings in the data folder's neighbour config dir (CHRONICLE_DATA_DIR isolates them)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return QSettings(str(Path(override) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME)


class Paths:
    """The folders a feature may write to; read when asked, so CHRONICLE_DATA_DIR set later
    (a test's fixture) is honoured."""

    def data_dir(self) -> Path:
        return data_dir()

    def default_library(self) -> Path:
        return default_library_path()
