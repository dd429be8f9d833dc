"""Shared fixtures. Qt runs offscreen; this must be set before anything imports PySide6."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
from pathlib import Path

import pytest
from library_builders import ROWS_AT_FIRST_REVISION, build_library_at, first_revision

pytest_plugins = ["pg_cluster"]

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Keep settings, backups and the default library out of the real user folders."""
    monkeypatch.setenv("CHRONICLE_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def corpus() -> Path:
    """The real articles kept in tests/fixtures/corpus (read-only)."""
    assert CORPUS.is_dir(), f"corpus not found at {CORPUS}"
    return CORPUS


@pytest.fixture
def lib(tmp_path):
    """A new, empty library."""
    from db.engine import create_library

    library = create_library(tmp_path / "test.chronicle")
    yield library
    library.close()


@pytest.fixture
def demo_lib(tmp_path):
    """A library holding the demo chronology, built through the public import API."""
    from db.engine import create_library
    from db.exchange.json_ import import_json
    from resources import DEMO_CHRONOLOGY

    library = create_library(tmp_path / "demo.chronicle")
    import_json(library, DEMO_CHRONOLOGY)
    yield library
    library.close()


@pytest.fixture
def old_library(tmp_path) -> tuple[Path, str]:
    """(path, revision) of a library at the first schema revision, with rows in every table."""
    path = build_library_at(tmp_path / "old.chronicle", first_revision())
    raw = sqlite3.connect(path)
    raw.executescript(ROWS_AT_FIRST_REVISION)
    raw.commit()
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    return path, first_revision()
