"""GraphML and GEXF for Gephi: well-formed XML, nodes and edges with their attributes."""

from __future__ import annotations

import defusedxml.ElementTree as SafeET

from db import store
from db.exchange.gexf import export_gexf
from db.exchange.graphml import export_graphml

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


def test_graphml_has_actor_and_event_nodes_and_labelled_edges(tricky_lib, tmp_path):
    root = SafeET.parse(export_graphml(tricky_lib, tmp_path / "g.graphml")).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    nodes = {
        n.get("id"): {keys[d.get("key")]: d.text for d in n} for n in root.iter(f"{GRAPHML}node")
    }
    assert nodes["a1"]["label"] == "Gdańsk" and nodes["a2"]["label"] == "東京"
    assert nodes["e1"]["start"] == "-0043-03-15" and nodes["e1"]["end"] == "-0043-03-15"
    assert nodes["e3"]["when"] == "2024-07-28/2024-07-30" and nodes["e3"]["end"] == "2024-07-30"
    edges = {(e.get("source"), e.get("target")): e for e in root.iter(f"{GRAPHML}edge")}
    labels = {pair: {keys[d.get("key")]: d.text for d in e} for pair, e in edges.items()}
    assert labels[("a1", "e3")]["label"] == "host"
    assert labels[("e1", "e2")] == {"label": "precedes", "kind": "relation", "directed": "true"}


def test_gexf_is_dynamic_with_double_years_when_dates_reach_bce(tricky_lib, tmp_path):
    root = SafeET.parse(export_gexf(tricky_lib, tmp_path / "g.gexf")).getroot()
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "double")
    caesar = next(n for n in root.iter(f"{GEXF}node") if n.get("label") == "Caesar dies")
    start, end = float(caesar.get("start")), float(caesar.get("end"))
    assert -43 < start < end < -42  # 15 March 44 BC is astronomical year -43, a fifth in
    actor = next(n for n in root.iter(f"{GEXF}node") if n.get("label") == "東京")
    assert actor.get("start") is None  # actors are there all the time


def test_gexf_uses_dates_for_common_era_libraries_and_drops_control_characters(lib, tmp_path):
    france = store.create(lib, "actor", name="France\x07", kind="state", color="#112233")
    event = store.create(lib, "event", title="Treaty", when="2024-07")
    store.add_participation(lib, event, france, "signatory")
    root = SafeET.parse(export_gexf(lib, tmp_path / "g.gexf")).getroot()
    assert root.find(f"{GEXF}graph").get("timeformat") == "date"
    treaty = next(n for n in root.iter(f"{GEXF}node") if n.get("label") == "Treaty")
    assert (treaty.get("start"), treaty.get("end")) == ("2024-07-01", "2024-07-31")
    edge = next(root.iter(f"{GEXF}edge"))
    assert (edge.get("label"), edge.get("start")) == ("signatory", "2024-07-01")
    node = next(n for n in root.iter(f"{GEXF}node") if n.get("id") == f"a{france}")
    assert node.get("label") == "France"
    color = node.find("{http://gexf.net/1.3/viz}color")
    assert (color.get("r"), color.get("g"), color.get("b")) == ("17", "34", "51")
