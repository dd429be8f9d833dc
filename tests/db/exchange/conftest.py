"""Libraries with the dates and names that break naive exporters."""

from __future__ import annotations

import pytest

from db import store


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
