"""Libraries with the dates and names that break naive exporters."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from db import store
from db.exchange import read_ahead
from db.store.snapshots import TABLES

# Tables an events import fills; ids kept, UUIDs and stamps are random.
_FILLED = ("tag", "actor", "source", "event", "participation", "tagging", "citation")
_FILLED += ("external_ref", "event_place", "event_rtree", "search_index", "change_log")
_RANDOM = {"uuid", "created_at", "modified_at"}
_COLUMNS = {"change_log": "kind, record_id, action, old_values, new_values"}
# History rows by record: rows whose ids came out of order are logged in the order of their ids.
_ORDER = {"change_log": "kind, record_id"}


def _import_rows(lib) -> dict[str, list[tuple]]:
    found = {}
    with lib.read() as conn:
        for name in _FILLED:
            if name in TABLES:
                table = TABLES[name]
                columns = [c for c in table.c if c.name not in _RANDOM]
                rows = conn.execute(sa.select(*columns).order_by(table.c.id)).all()
            elif conn.dialect.name == "sqlite":  # search index, R*Tree of spans, history
                columns = _COLUMNS.get(name, "*")
                order = _ORDER.get(name, "rowid")
                rows = conn.exec_driver_sql(f"SELECT {columns} FROM {name} ORDER BY {order}").all()
            found[name] = [tuple(row) for row in rows]
        if conn.dialect.name == "sqlite":
            found["schema"] = conn.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master ORDER BY name"
            ).all()
    return found


@pytest.fixture
def import_rows():
    """import_rows(lib): every row an events import writes, by table (search index, R*Tree,
    history and schema included on SQLite), UUIDs and stamps left out."""
    return _import_rows


def add_tricky_records(lib) -> dict[str, int]:
    """BCE, approximate, interval and timed dates; non-ASCII names; formula-like text."""
    ids = {
        "gdansk": store.create(lib, "actor", name="Gdańsk", kind="other", aliases=["Danzig"]),
        "tokyo": store.create(lib, "actor", name="東京", kind="state"),
        "caesar": store.create(lib, "event", title="Caesar dies", when="-0043-03-15", importance=5),
        "vague": store.create(lib, "event", title="A vague year", when="1990~"),
        "talks": store.create(
            lib,
            "event",
            title="Talks in Gdańsk",
            when="2024-07-28/2024-07-30",
            summary='Line one\nline two, with "quotes" & <tags>',
            category="diplomacy",
        ),
        "formula": store.create(lib, "event", title='=HYPERLINK("http://x")', when="2024"),
        "plus": store.create(lib, "event", title="+1", when="1914/1918", summary="-2"),
        "at": store.create(lib, "event", title="@SUM(A1)", when="2024-07-28T14:30", category="\tx"),
        "source": store.create(lib, "source", title="-Report @ Home", authors=["Ä. Author"]),
    }
    store.add_participation(lib, ids["talks"], ids["gdansk"], "host")
    store.add_participation(lib, ids["talks"], ids["tokyo"], "guest | observer")
    store.add_citation(
        lib, ids["source"], event_id=ids["talks"], locator="p. 3", quote="+1 said", credibility=2
    )
    store.add_relation(lib, ("event", ids["caesar"]), ("event", ids["vague"]), type="precedes")
    store.set_tags(lib, "event", ids["caesar"], ["ancient", "'quoted"])
    return ids


@pytest.fixture
def tricky_lib(new_library):
    library = new_library("tricky")
    add_tricky_records(library)
    return library


@pytest.fixture
def new_lib(new_library):
    """Another empty library, to import into."""
    return new_library("target")


@pytest.fixture
def uuid_twice_csv(tmp_path) -> Path:
    """Our CSV of 300 events in which rows 12 and 182 give the same UUID (line = row)."""
    uuid = "5b1c2d3e-4f50-4a61-8b72-9c8d7e6f5a40"
    lines = ["title,when,uuid"]
    lines += [f"Event {i},{1900 + i % 100},{uuid if i in (10, 180) else ''}" for i in range(300)]
    path = tmp_path / "twice.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(params=["in this process", "in a child process"])
def read_path(request, monkeypatch):
    """Run a test twice: files read in this process, then by a child process (the size from
    which a file is read by one lowered to nothing, as for a big file)."""
    if request.param == "in a child process":
        monkeypatch.setattr(read_ahead, "CHILD_FROM_BYTES", 0)
        monkeypatch.setattr(read_ahead, "core_free", lambda: True)  # busy test machines too
    return request.param
