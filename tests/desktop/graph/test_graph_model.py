"""The graph model of the demo: nodes, labelled and directed edges, neighbourhoods and paths."""

from __future__ import annotations

from db.queries.graph import graph_rows
from desktop.graph.model import build_model, describe_step, find_path, neighbourhood, restrict


def _edges_between(model, a, b):
    return [e for e in model.edges if {e.source, e.target} == {a, b}]


def test_demo_nodes_carry_names_colours_and_dates(demo_model):
    model, actors, events = demo_model
    assert len(model.nodes) == 97
    japan = model.nodes[("actor", actors["Japan"])]
    assert (japan.label, japan.color, japan.detail) == ("Japan", "#bc002d", "state")
    trump = model.nodes[("actor", actors["Donald Trump"])]
    assert trump.color.startswith("#")  # no colour of its own: the colour of its kind
    meeting = model.nodes[("event", events["US–EU trade deal announced at Turnberry"])]
    assert meeting.detail == "27 Jul 2025"


def test_relation_edges_are_labelled_with_their_type_and_direction(demo_model):
    model, actors, events = demo_model
    japan, us = ("actor", actors["Japan"]), ("actor", actors["United States"])
    [ally] = _edges_between(model, japan, us)
    assert (ally.kind, ally.source, ally.target, ally.label) == ("relation", japan, us, "ally of")
    assert not ally.directed  # "ally of" reads the same both ways
    [member] = _edges_between(model, japan, ("actor", actors["CPTPP"]))
    assert (member.label, member.directed) == ("member of", True)
    cause = ("event", events["Trump's first term"])
    [causes] = _edges_between(model, cause, ("event", events["Japan widens its security network"]))
    assert (causes.source, causes.label, causes.directed) == (cause, "causes", True)


def test_participation_edges_are_labelled_with_the_role(demo_model):
    model, actors, events = demo_model
    un = ("event", events["Eight foreign ministers meet at the UN without the US"])
    [host] = _edges_between(model, un, ("actor", actors["United Nations"]))
    assert (host.kind, host.label) == ("participation", "host")
    assert model.degree(("actor", actors["Japan"])) > model.degree(("actor", actors["Poland"]))
    assert model.event_count(("actor", actors["Poland"])) == 2


def test_the_path_from_japan_to_poland_goes_through_the_un_meeting(demo_model):
    model, actors, _events = demo_model
    japan, poland = ("actor", actors["Japan"]), ("actor", actors["Poland"])
    path = find_path(model, japan, poland)
    assert path is not None and len(path.nodes) == 3
    assert path.nodes[0] == japan and path.nodes[-1] == poland
    middle = model.nodes[path.nodes[1]].label
    assert middle in {
        "Eight foreign ministers meet at the UN without the US",
        "Ministers pledge cross-regional cooperation",
    }
    assert describe_step(model, path.edges[0], path.nodes[1]).startswith("Japan —")
    assert describe_step(model, path.edges[1], poland).endswith("— Poland")


def test_a_relation_is_preferred_over_a_participation_for_a_step(demo_lib):
    from db import store

    rows = graph_rows(demo_lib)
    us = next(a.id for a in rows.actors if a.name == "United States")
    un = next(e.id for e in rows.events if e.title.startswith("Eight foreign ministers"))
    store.add_participation(demo_lib, un, us, "absent")  # now linked twice: relation and role
    model = build_model(graph_rows(demo_lib))
    path = find_path(model, ("actor", us), ("event", un))
    assert [(model.edges[i].kind, model.edges[i].label) for i in path.edges] == [
        ("relation", "other")
    ]
    assert describe_step(model, path.edges[0], ("event", un)) == (
        "United States —other— Eight foreign ministers meet at the UN without the US"
    )


def test_directed_steps_read_in_their_direction(demo_model):
    model, _actors, events = demo_model
    cause = ("event", events["Trump's first term"])
    effect = ("event", events["Japan widens its security network"])
    [index] = find_path(model, cause, effect).edges
    assert describe_step(model, index, effect) == (
        "Trump's first term —causes→ Japan widens its security network"
    )
    assert describe_step(model, index, cause) == (
        "Japan widens its security network ←causes— Trump's first term"
    )


def test_no_path_between_unlinked_actors(demo_lib):
    from db import store

    loner = store.create(demo_lib, "actor", name="Loner")
    rows = graph_rows(demo_lib)
    model = build_model(rows)
    japan = next(a.id for a in rows.actors if a.name == "Japan")
    assert find_path(model, ("actor", japan), ("actor", loner)) is None
    assert ("actor", loner) not in build_model(rows, hide_isolated=True).nodes


def test_neighbourhood_grows_with_depth(demo_model):
    model, actors, _events = demo_model
    poland = ("actor", actors["Poland"])
    one = neighbourhood(model, [poland], 1)
    assert all(k[0] == "event" for k in one - {poland}) and len(one) == 3
    two = neighbourhood(model, [poland], 2)
    assert one < two and ("actor", actors["Japan"]) in two
    small = restrict(model, one)
    assert set(small.nodes) == one
    assert all(e.source in one and e.target in one for e in small.edges)
