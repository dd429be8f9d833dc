"""The application's name and version, as the CLI, the About box and the launcher show them."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

APP_NAME = "Chronicle"
APP_ID = "chronicle"  # the .desktop file, icon and window class name
_PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def app_version() -> str:
    """The installed package's version; from pyproject.toml when run from a source tree."""
    try:
        return metadata.version(APP_ID)
    except metadata.PackageNotFoundError:
        with _PYPROJECT.open("rb") as fh:
            version: str = tomllib.load(fh)["project"]["version"]
            return version
