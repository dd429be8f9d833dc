"""Era bands and relations for one timeline window (db/queries/layers.py)."""

from __future__ import annotations

from db import store
from db.dates import parse_date
from db.queries import EventFilter, count_events, key_extent
from db.queries.layers import era_bands, has_band_tag, links_among


def _key(text: str) -> int:
    return parse_date(text).start_key


def _library(lib) -> dict[str, int]:
    ids = {
        "war": store.create(lib, "event", title="Cold War", when="1947/1991", kind="span"),
        "thaw": store.create(lib, "event", title="Thaw", when="1956/1964", kind="span"),
        "wall": store.create(lib, "event", title="Wall goes up", when="1961-08-13"),
        "crisis": store.create(lib, "event", title="Missile crisis", when="1962-10"),
        "treaty": store.create(lib, "event", title="Test ban", when="1963-08"),
        "japan": store.create(lib, "actor", name="Japan"),
    }
    store.set_tags(lib, "event", ids["war"], ["ERA"])  # the tag is matched in any case
    store.set_tags(lib, "event", ids["thaw"], ["era", "politics"])
    store.set_tags(lib, "actor", ids["japan"], ["era"])  # an actor's tag makes no band
    return ids


def test_bands_are_the_tagged_events_overlapping_the_window_longest_first(lib):
    ids = _library(lib)
    assert has_band_tag(lib)
    bands = era_bands(lib, _key("1960"), _key("1965"))
    assert [b.event_id for b in bands] == [ids["war"], ids["thaw"]]
    assert era_bands(lib, _key("1995"), _key("2000")) == []
    assert [b.title for b in era_bands(lib, _key("1990"), _key("1995"))] == ["Cold War"]
    assert era_bands(lib, _key("1960"), _key("1965"), tag="no such tag") == []


def test_hidden_tags_leave_the_eras_out_of_the_lanes(lib):
    _library(lib)
    hidden = EventFilter(hidden_tags=("era",))
    assert count_events(lib, EventFilter()) == 5
    assert count_events(lib, hidden) == 3
    assert key_extent(lib, hidden) == (_key("1961-08-13"), parse_date("1963-08").end_key)


def test_links_among_keeps_event_relations_with_both_ends_shown(lib):
    ids = _library(lib)
    store.add_relation(lib, ("event", ids["wall"]), ("event", ids["crisis"]), type="precedes")
    store.add_relation(lib, ("event", ids["crisis"]), ("event", ids["treaty"]), type="causes")
    store.add_relation(lib, ("actor", ids["japan"]), ("event", ids["treaty"]), type="other")
    shown = {ids["wall"], ids["crisis"]}
    assert [(k.from_event_id, k.to_event_id, k.type) for k in links_among(lib, shown)] == [
        (ids["wall"], ids["crisis"], "precedes")
    ]
    every = {ids["wall"], ids["crisis"], ids["treaty"]}
    assert [link.type for link in links_among(lib, every)] == ["precedes", "causes"]
    assert links_among(lib, set()) == []
