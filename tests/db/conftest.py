"""Every data-layer test that takes a library runs on both engines: an SQLite file and a team
database on the session's PostgreSQL cluster (tests/pg_cluster.py)."""

from __future__ import annotations

import pytest

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
def engine_kind(request) -> str:
    return request.param


_ONLY = {"sqlite": "sqlite_only", "postgresql": "postgresql_only"}


def pytest_collection_modifyitems(config, items):
    # Tests about the SQLite file itself (pragmas, the header, -wal) have no PostgreSQL half,
    # and tests of the server's own parts none on SQLite: those halves are not collected.
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        engine = callspec.params.get("engine_kind") if callspec else None
        others = [mark for kind, mark in _ONLY.items() if kind != engine]
        if engine and any(item.get_closest_marker(mark) for mark in others):
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
