"""Shared fixtures. Qt runs offscreen; this must be set before anything imports PySide6."""

from __future__ import annotations

import gc
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
def _collect_qt_garbage(request):
    """Collect a GUI test's cyclic garbage (whole inspector forms) when it ends.

    Left to the collector's own timing, those widgets were freed in the middle of a later
    test's set-up and the worker segfaulted (reproducible with the editor tests in one
    process); freed here, after pytest-qt has closed the test's widgets, they go quietly.
    """
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        gc.collect()


@pytest.fixture(autouse=True)
def _no_database_opened_as_a_file():
    """Fail the test that opens one of this worker's PostgreSQL test databases (named
    t<pid>_<n>) by its bare name as a file: it writes a stray SQLite library into the working
    folder, and the test never talked to the server it meant to test."""
    yield
    strays = list(Path.cwd().glob(f"t{os.getpid()}_*"))
    for stray in strays:
        stray.unlink()
    if strays:
        pytest.fail(f"the test opened {[s.name for s in strays]} as files in the working folder")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """Keep settings, backups and the default library out of the real user folders."""
    monkeypatch.setenv("CHRONICLE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("CHRONICLE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def corpus() -> Path:
    """The real articles kept in tests/fixtures/corpus (read-only)."""
    assert CORPUS.is_dir(), f"corpus not found at {CORPUS}"
    return CORPUS


@pytest.fixture
def engine_kind() -> str:
    """The engine libraries are made on; tests/db/conftest.py runs its tests on both."""
    return "sqlite"


@pytest.fixture
def new_library(engine_kind, tmp_path):
    """new_library(name) makes a new, empty library on the test's engine (a file, or a fresh
    database on the session's PostgreSQL cluster); all are closed and removed afterwards."""
    from pg_cluster import cluster_or_skip
    from sqlalchemy.engine import make_url

    from db.engine import create_library, open_library

    made = []

    def make(name: str = "test"):
        if engine_kind == "postgresql":
            library = open_library(cluster_or_skip().new_library_url())
        else:
            library = create_library(tmp_path / f"{name}.chronicle")
        made.append(library)
        return library

    yield make
    for library in made:
        library.close()
        if library.is_team:
            name = make_url(library.url).database
            cluster_or_skip().release_library(name)
            # A team library's `path` is only its database's name: opened as a file, it makes
            # a stray SQLite library in the working folder and the test never saw the server.
            if Path(name).exists():
                Path(name).unlink()
                pytest.fail(
                    f"the test opened team library {name!r} as a file in the working folder"
                )


@pytest.fixture
def lib(new_library):
    """A new, empty library."""
    return new_library("test")


@pytest.fixture
def demo_lib(new_library):
    """A library holding the demo chronology, built through the public import API."""
    from db.exchange.imports import import_json
    from resources import DEMO_CHRONOLOGY

    library = new_library("demo")
    import_json(library, DEMO_CHRONOLOGY)
    return library


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
