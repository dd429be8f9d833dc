"""Searching events through their sources: by the source's title, authors and publisher, not
by words that only its full text holds (an article cited by many events holds most words)."""

from __future__ import annotations

from db import queries, store
from db.queries import EventFilter


def _found(lib, text: str) -> set[int]:
    return {r.id for r in queries.list_events(lib, EventFilter(text=text))}


def test_events_are_found_by_their_sources_label_but_not_by_its_full_text(lib):
    source = store.create(
        lib, "source", title="Trump-proofing alliances", authors=["Jesse Johnson"],
        publisher="The Japan Times", full_text="Kishida met Marcos and Albanese in Manila.",
    )  # fmt: skip
    cited = store.create(lib, "event", title="Summit", when="2024")
    other = store.create(lib, "event", title="Kishida resigns", when="2024-08-14")
    store.add_citation(lib, source, event_id=cited)
    assert _found(lib, "japan times") == {cited}
    assert _found(lib, "Johnson") == {cited}
    assert _found(lib, "alliances Trump") == {cited}
    assert _found(lib, "Kishida") == {other}  # the article's text names him; the event does not
    assert _found(lib, "Manila") == set()
    # The Sources list still finds the article by its text.
    assert [s.id for s in queries.list_sources(lib, "Manila")] == [source]
