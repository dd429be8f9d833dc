"""Service functions: create, update, delete with what hangs on it, restore, links, validation."""

from __future__ import annotations

import pytest

from db import queries, store
from db.errors import DateError, NotFoundError, ValidationError


def _japan_2plus2(lib) -> dict[str, int]:
    japan = store.create(lib, "actor", name="Japan", kind="state", aliases=["JP"])
    usa = store.create(lib, "actor", name="United States", kind="state", aliases=["US", "U.S."])
    article = store.create(
        lib,
        "source",
        title="Trump-proofing alliances",
        publisher="The Japan Times",
        published="2024-06-25",
        reliability="B",
    )
    meeting = store.create(lib, "event", title="US-Japan 2+2 in Tokyo", when="28 July 2024")
    store.add_participation(lib, meeting, japan, "host")
    store.add_participation(lib, meeting, usa, "participant")
    store.add_citation(
        lib, article, event_id=meeting, locator="para 7", quote="held the 2-plus-2", credibility=2
    )
    store.add_relation(lib, ("actor", japan), ("actor", usa), type="ally of", valid="1951/..")
    store.set_tags(lib, "event", meeting, ["alliance", "indo-pacific"])
    return {"japan": japan, "usa": usa, "article": article, "meeting": meeting}


def test_create_event_parses_friendly_date_into_edtf_and_keys(lib):
    event_id = store.create(lib, "event", title="2+2", when="28 July 2024")
    event = store.get(lib, "event", event_id)
    assert event["when"] == "2024-07-28"
    assert event["precision"] == "day"
    assert event["end_key"] - event["start_key"] == 86_400
    assert event["kind"] == "point"


def test_interval_becomes_a_span(lib):
    event_id = store.create(lib, "event", title="NATO summit", when="2024-07-09/2024-07-11")
    assert store.get(lib, "event", event_id)["kind"] == "span"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "when": "2024"}, "Title cannot be empty"),
        ({"title": "x" * 1001, "when": "2024"}, "limit is 1,000"),
        ({"title": "a\x00b", "when": "2024"}, "NUL"),
        ({"title": "ok", "when": "2024", "importance": 9}, "Importance must be from 1 to 5"),
        ({"title": "ok", "when": "2024", "color": "red"}, "#1f77b4"),
        ({"title": "ok", "when": "2024", "kind": "blob"}, "Kind must be one of"),
        ({"title": "ok"}, "needs: when"),
    ],
)
def test_bad_event_values_are_refused_and_nothing_is_written(lib, fields, message):
    with pytest.raises(ValidationError, match=message):
        store.create(lib, "event", **fields)
    assert queries.count_events(lib) == 0


def test_impossible_date_is_refused_with_its_reason(lib):
    with pytest.raises(DateError, match="29"):
        store.create(lib, "event", title="Leap", when="2023-02-29")


def test_update_returns_previous_values_for_undo(lib):
    event_id = store.create(lib, "event", title="Draft", when="2024")
    before = store.update(lib, "event", event_id, title="Final", when="Jul 2024")
    assert before == {"title": "Draft", "when": "2024"}
    assert store.get(lib, "event", event_id)["when"] == "2024-07"
    store.update(lib, "event", event_id, **before)
    assert store.get(lib, "event", event_id)["title"] == "Draft"


def test_unknown_record_is_reported_by_id(lib):
    with pytest.raises(NotFoundError, match="no event with id 42"):
        store.update(lib, "event", 42, title="x")


def test_dependents_says_what_a_delete_takes_along(lib):
    ids = _japan_2plus2(lib)
    assert store.dependents(lib, "actor", ids["japan"]) == {"participation": 1, "relation": 1}
    assert store.dependents(lib, "event", ids["meeting"]) == {
        "participation": 2,
        "citation": 1,
        "tagging": 2,
    }


def test_delete_actor_then_restore_brings_back_every_link_with_same_ids(lib):
    ids = _japan_2plus2(lib)
    before = (queries.participants(lib, event_id=ids["meeting"]), queries.relations(lib))
    snapshot = store.delete(lib, "actor", ids["japan"])
    assert [p.actor_name for p in queries.participants(lib, event_id=ids["meeting"])] == [
        "United States"
    ]
    assert queries.relations(lib) == []
    store.restore(lib, snapshot)
    assert (queries.participants(lib, event_id=ids["meeting"]), queries.relations(lib)) == before


def test_deleting_a_source_clears_copy_links_and_restore_puts_them_back(lib):
    original = store.create(lib, "source", title="Original")
    copy = store.create(lib, "source", title="Spun copy", copy_of=original)
    snapshot = store.delete(lib, "source", original)
    assert store.get(lib, "source", copy)["copy_of"] is None
    store.restore(lib, snapshot)
    assert store.get(lib, "source", copy)["copy_of"] == original


def test_self_relation_and_part_of_cycles_are_refused(lib):
    a = store.create(lib, "event", title="Summit", when="2024-07")
    b = store.create(lib, "event", title="Session", when="2024-07-10")
    with pytest.raises(ValidationError, match="itself"):
        store.add_relation(lib, ("event", a), ("event", a), type="precedes")
    store.add_relation(lib, ("event", b), ("event", a), type="part of")
    with pytest.raises(ValidationError, match="loop"):
        store.add_relation(lib, ("event", a), ("event", b), type="part of")


def test_citation_needs_exactly_one_target_and_valid_credibility(lib):
    source = store.create(lib, "source", title="Report")
    event = store.create(lib, "event", title="E", when="2024")
    with pytest.raises(ValidationError, match="exactly one"):
        store.add_citation(lib, source)
    with pytest.raises(ValidationError, match="Credibility"):
        store.add_citation(lib, source, event_id=event, credibility=7)


def test_duplicate_participation_in_same_role_is_refused(lib):
    actor = store.create(lib, "actor", name="Japan")
    event = store.create(lib, "event", title="E", when="2024")
    store.add_participation(lib, event, actor, "host")
    with pytest.raises(ValidationError, match="already linked"):
        store.add_participation(lib, event, actor, "host")


def test_set_tags_replaces_and_returns_previous(lib):
    event = store.create(lib, "event", title="E", when="2024")
    assert store.set_tags(lib, "event", event, ["b", "a", "a"]) == []
    assert store.set_tags(lib, "event", event, ["c"]) == ["a", "b"]
    assert queries.tags_of(lib, "event", event) == ["c"]


def test_delete_many_is_one_snapshot(lib):
    ids = [store.create(lib, "event", title=f"E{i}", when=f"{2000 + i}") for i in range(3)]
    snapshot = store.delete_many(lib, "event", ids)
    assert queries.count_events(lib) == 0
    store.restore(lib, snapshot)
    assert [r.id for r in queries.list_events(lib)] == ids
