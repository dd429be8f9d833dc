"""The relationship graph's rows: nodes, labelled edges, filters and the time slice (demo data)."""

from __future__ import annotations

import pytest

from db import store
from db.dates import parse_date
from db.queries.graph import GraphFilter, graph_rows, in_window


def _window(text: str) -> tuple[int, int]:
    date = parse_date(text)
    return date.start_key, date.end_key


@pytest.fixture
def demo(demo_lib):
    """(library, actor id by name, event id by title)."""
    rows = graph_rows(demo_lib)
    return (
        demo_lib,
        {a.name: a.id for a in rows.actors},
        {e.title: e.id for e in rows.events},
    )


def _relation_names(rows, actor_ids):
    name = {i: n for n, i in actor_ids.items()}
    return {
        (name[r.from_id], r.type, name[r.to_id])
        for r in rows.relations
        if r.from_kind == r.to_kind == "actor"
    }


def test_the_demo_graph_has_every_actor_event_and_labelled_edge(demo):
    lib, actors, events = demo
    rows = graph_rows(lib)
    assert (len(rows.actors), len(rows.events), len(rows.relations)) == (40, 57, 42)
    assert len(rows.participations) == 172
    assert rows.sources == [] and rows.citations == []  # sources are optional and off by default
    assert ("Japan", "ally of", "United States") in _relation_names(rows, actors)
    un_meeting = events["Eight foreign ministers meet at the UN without the US"]
    roles = {(p.actor_id, p.role) for p in rows.participations if p.event_id == un_meeting}
    assert (actors["Poland"], "participant") in roles
    assert (actors["United Nations"], "host") in roles


def test_sources_bring_their_citations_to_events(demo):
    lib, _actors, events = demo
    rows = graph_rows(lib, GraphFilter(kinds=frozenset({"actor", "event", "source"})))
    assert len(rows.sources) == 3
    assert len(rows.citations) == 65
    assert {c.event_id for c in rows.citations} <= set(events.values())


def test_without_events_only_actor_to_actor_relations_remain(demo):
    lib, _actors, _events = demo
    rows = graph_rows(lib, GraphFilter(kinds=frozenset({"actor"})))
    assert rows.events == [] and rows.participations == []
    assert rows.relations and all(r.from_kind == r.to_kind == "actor" for r in rows.relations)
    assert len(rows.relations) == 24


def test_relation_type_and_actor_kind_filters(demo):
    lib, actors, _events = demo
    allies = graph_rows(lib, GraphFilter(relation_types=("ally of",)))
    assert _relation_names(allies, actors) == {
        (name, "ally of", "United States")
        for name in ("Japan", "South Korea", "Philippines", "Australia")
    }
    assert graph_rows(lib, GraphFilter(relation_types=())).relations == []
    people = graph_rows(lib, GraphFilter(actor_kinds=("person",)))
    assert {a.kind for a in people.actors} == {"person"}
    assert all(p.actor_id in {a.id for a in people.actors} for p in people.participations)
    # "Trump leads United States" needs a state at one end: gone with the states.
    assert all(r.type != "leads" for r in people.relations)


def test_tag_filter_keeps_tagged_events_with_their_actors(demo):
    lib, _actors, _events = demo
    rows = graph_rows(lib, GraphFilter(tags=("ukraine",)))
    assert {e.title for e in rows.events} == {
        "Kishida links Ukraine to East Asian security",
        "NATO moves to lock in support for Ukraine",
        "Nagy: Trump's remarks worry Europe",
        "North Korean troops in Russia",
        "Europe presses Seoul on arms for Ukraine",
    }
    assert {a.name for a in rows.actors} == {
        "Fumio Kishida",
        "Japan",
        "Ukraine",
        "NATO",
        "United States",
        "Stephen Nagy",
        "Donald Trump",
        "European Union",
        "North Korea",
        "Russia",
        "South Korea",
    }


def test_time_slice_keeps_what_happened_or_held_in_the_window(demo):
    lib, actors, _events = demo
    rows = graph_rows(lib)
    in_2022 = in_window(rows, *_window("2022"))
    assert {e.title for e in in_2022.events} == {
        "Biden builds a 'lattice' of minilateral groupings",
        "Biden administration",
        "Yoon Suk Yeol inaugurated",
        "Seoul and Tokyo mend relations",
    }
    leaders = {(f, t) for f, kind, t in _relation_names(in_2022, actors) if kind == "leads"}
    assert ("Joe Biden", "United States") in leaders  # valid 2021/2025
    assert ("Donald Trump", "United States") not in leaders  # valid from 2025 on
    # Actors with nothing in the window drop out; Poland's only event is in 2025.
    assert "Poland" not in {a.name for a in in_2022.actors}
    in_2025 = in_window(rows, *_window("2025"))
    assert ("Donald Trump", "leads", "United States") in _relation_names(in_2025, actors)
    assert ("Joe Biden", "leads", "United States") in _relation_names(in_2025, actors)  # til 2025


def test_graph_rows_with_a_window_equals_slicing_afterwards(demo):
    lib, _actors, _events = demo
    window = _window("2024-06/2024-12")
    assert graph_rows(lib, window=window) == in_window(graph_rows(lib), *window)


def test_a_new_relation_shows_up_with_its_type(demo):
    lib, actors, _events = demo
    store.add_relation(lib, ("actor", actors["Poland"]), ("actor", actors["Japan"]), type="meets")
    rows = graph_rows(lib)
    assert ("Poland", "meets", "Japan") in _relation_names(rows, actors)


def test_a_capped_graph_holds_the_most_important_events_and_only_their_links(demo):
    lib, _actors, _events = demo
    every = graph_rows(lib, GraphFilter(kinds=frozenset({"actor", "event", "source"})))
    ranked = sorted(every.events, key=lambda e: (-e.importance, -e.start_key, -e.id))
    capped = graph_rows(
        lib, GraphFilter(kinds=frozenset({"actor", "event", "source"})), max_events=10
    )
    assert capped.events_kept == len(every.events) == 57
    assert capped.events == sorted(ranked[:10], key=lambda e: (e.start_key, e.id))
    kept = {e.id for e in capped.events}
    assert capped.participations == [p for p in every.participations if p.event_id in kept]
    assert capped.citations == [c for c in every.citations if c.event_id in kept]
    assert capped.actors == every.actors  # every actor stays, linked or not
    # Enough room: the same graph as without a cap.
    roomy = graph_rows(
        lib, GraphFilter(kinds=frozenset({"actor", "event", "source"})), max_events=57
    )
    assert roomy == every and roomy.events_kept is None
