"""Matching an import's records with those already in the library (re-importing our export)."""

from __future__ import annotations

from db import queries, store
from db.exchange.existing import find_existing, keep_existing
from db.exchange.loader import load_records


def _small(lib) -> dict[str, int]:
    ids = {
        "actor": store.create(lib, "actor", name="Japan", kind="state"),
        "source": store.create(lib, "source", title="Readout", url="https://example.org/a"),
    }
    ids["event"] = store.create(lib, "event", title="Summit", when="2024-07-28")
    return ids


def test_matches_by_name_url_and_our_own_ids(lib):
    ids = _small(lib)
    data = {
        "actors": [{"id": "name:Japan", "name": "  japan "}, {"id": 9, "name": "Korea"}],
        "sources": [{"id": 1, "title": "Other title", "url": "https://example.org/a/"}],
        "events": [
            {"id": ids["event"], "title": "Summit (renamed)", "when": "28 July 2024"},
            {"id": 77, "title": "Summit", "when": "2024-07-28"},
            {"id": 78, "title": "Summit", "when": "2023"},  # same title, other date: new
        ],
    }
    found = find_existing(lib, data)
    assert found.ids["actor"] == {"name:Japan": ids["actor"]}
    assert found.ids["source"] == {1: ids["source"]}
    assert found.ids["event"] == {ids["event"]: ids["event"], 77: ids["event"]}
    assert found.describe() == "2 events, 1 actor and 1 source"


def test_a_foreign_file_reusing_our_ids_is_not_matched(lib):
    ids = _small(lib)
    data = {"events": [{"id": ids["event"], "title": "Elsewhere", "when": "1990"}]}
    assert not find_existing(lib, data)


def test_updating_keeps_one_record_and_adds_only_missing_links(lib):
    ids = _small(lib)
    data = {
        "actors": [{"id": "a", "name": "Japan", "kind": "state"}, {"id": "b", "name": "India"}],
        "sources": [{"id": "s", "title": "Readout", "url": "https://example.org/a"}],
        "events": [
            {
                "id": ids["event"],
                "title": "Summit",
                "when": "2024-07-28",
                "summary": "New summary",
                "tags": ["asia"],
                "actors": [{"actor": "a", "role": "host"}, {"actor": "b", "role": "guest"}],
                "citations": [{"source": "s", "locator": "p. 1"}],
            }
        ],
    }
    before = record_counts_of(lib)
    report = load_records(lib, keep_existing(data, find_existing(lib, data)), origin="f.json")
    after = record_counts_of(lib)
    assert after["actor"] == before["actor"] + 1  # India only
    assert after["event"] == before["event"] and after["source"] == before["source"]
    assert store.get(lib, "event", ids["event"])["summary"] == "New summary"
    assert [kind for kind, _b, _a in report.updated] == ["event"]
    again = load_records(lib, keep_existing(data, find_existing(lib, data)), origin="f.json")
    assert record_counts_of(lib) == after  # links already there are not added twice
    assert again.updated == []


def record_counts_of(lib) -> dict[str, int]:
    return queries.entity_counts(lib)
