"""The inspector's links of an actor or a source: the first ones, in the order they were made,
and how many there are (both engines)."""

from __future__ import annotations

from db import store
from db.queries.record_links import actor_event_links, event_titles, source_citation_links


def _events(lib, count: int) -> list[int]:
    return [
        store.create(lib, "event", title=f"Event {i}", when=f"{1990 + i}") for i in range(count)
    ]


def test_an_actors_first_events_and_their_number(lib):
    actor = store.create(lib, "actor", name="Agency", kind="organisation")
    other = store.create(lib, "actor", name="Other", kind="person")
    events = _events(lib, 7)
    for event in reversed(events):  # linked newest first: the order shown is the linking's
        store.add_participation(lib, event, actor, role="reporter")
    store.add_participation(lib, events[0], other)

    rows, total = actor_event_links(lib, actor, limit=3)

    assert total == 7
    assert [(r.event_id, r.title, r.when_edtf, r.role) for r in rows] == [
        (events[6], "Event 6", "1996", "reporter"),
        (events[5], "Event 5", "1995", "reporter"),
        (events[4], "Event 4", "1994", "reporter"),
    ]
    only, count = actor_event_links(lib, other)
    assert [(r.event_id, r.role) for r in only] == [(events[0], "")] and count == 1
    assert actor_event_links(lib, store.create(lib, "actor", name="Idle", kind="person")) == (
        [],
        0,
    )


def test_a_sources_first_citations_and_their_number(lib):
    source = store.create(lib, "source", title="Wire", kind="article")
    events = _events(lib, 5)
    for event in events:
        store.add_citation(lib, source, event_id=event, locator=f"p. {event}")

    rows, total = source_citation_links(lib, source, limit=2)

    assert total == 5
    assert [(r.event_id, r.locator) for r in rows] == [(e, f"p. {e}") for e in events[:2]]
    assert event_titles(lib, [r.event_id for r in rows]) == {
        events[0]: "Event 0",
        events[1]: "Event 1",
    }
    assert event_titles(lib, []) == {}


def test_counting_stops_past_the_bound(lib, monkeypatch):
    import db.queries.record_links as record_links

    monkeypatch.setattr(record_links, "COUNTED_LINKS", 4)
    actor = store.create(lib, "actor", name="Agency", kind="organisation")
    source = store.create(lib, "source", title="Wire", kind="article")
    for event in _events(lib, 6):
        store.add_participation(lib, event, actor)
        store.add_citation(lib, source, event_id=event)
    assert actor_event_links(lib, actor, limit=2)[1] == 5  # "more than 4"
    assert source_citation_links(lib, source, limit=2)[1] == 5
    monkeypatch.setattr(record_links, "COUNTED_LINKS", 6)
    assert actor_event_links(lib, actor, limit=2)[1] == 6
