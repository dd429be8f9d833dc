"""GraphML for Gephi, yEd, networkx and Cytoscape: actors and events as nodes, participations
and relations as labelled edges.

Every edge is written directed (as stored, from -> to) because several readers refuse graphs
that mix directed and undirected edges; the "directed" data says whether the relation's
direction carries meaning ("ally of" reads the same both ways, "causes" does not).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from db.engine import Library
from db.exchange.network import (
    Edge,
    Node,
    iso_day,
    write_network,
    xml_attr,
    xml_text,
)
from db.progress import Progress, no_progress

# (id, for, attr.name, attr.type)
KEYS = (
    ("label", "node", "label", "string"),
    ("kind", "node", "kind", "string"),
    ("type", "node", "type", "string"),
    ("when", "node", "when", "string"),
    ("start", "node", "start", "string"),
    ("end", "node", "end", "string"),
    ("category", "node", "category", "string"),
    ("importance", "node", "importance", "int"),
    ("color", "node", "color", "string"),
    ("edge_label", "edge", "label", "string"),
    ("edge_kind", "edge", "kind", "string"),
    ("valid", "edge", "valid", "string"),
    ("directed", "edge", "directed", "boolean"),
)
_NS = "http://graphml.graphdrawing.org/xmlns"
_SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"


def _data(key: str, value: object) -> str:
    if value is None or value == "":
        return ""
    return f'<data key="{key}">{xml_text(value)}</data>'


class _GraphMl:
    """GraphML markup for `write_network`."""

    def opening(self, conn: Connection) -> str:
        keys = "".join(
            f'  <key id="{key_id}" for="{target}" attr.name="{name}" attr.type="{kind}"/>\n'
            for key_id, target, name, kind in KEYS
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<graphml xmlns="{_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{_NS} {_SCHEMA}">\n'
            f'{keys}  <graph id="chronicle" edgedefault="directed">\n'
        )

    def node(self, node: Node) -> str:
        start = iso_day(node.start_key) if node.start_key is not None else None
        end = iso_day(node.end_key - 1) if node.end_key is not None else None
        fields = (
            ("label", node.label), ("kind", node.kind), ("type", node.type),
            ("when", node.when), ("start", start), ("end", end),
            ("category", node.category), ("importance", node.importance),
            ("color", node.color),
        )  # fmt: skip
        body = "".join(_data(key, value) for key, value in fields)
        return f"    <node id={xml_attr(node.id)}>{body}</node>\n"

    def between(self) -> str:
        return ""

    def edge(self, edge: Edge) -> str:
        body = _data("edge_label", edge.label) + _data("edge_kind", edge.kind)
        body += _data("valid", edge.valid) + _data("directed", str(edge.directed).lower())
        return (
            f"    <edge id={xml_attr(edge.id)} source={xml_attr(edge.source)} "
            f"target={xml_attr(edge.target)}>{body}</edge>\n"
        )

    def closing(self) -> str:
        return "  </graph>\n</graphml>\n"


def export_graphml(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """Write the actor-event network of `lib` as GraphML (atomically, streaming)."""
    return write_network(lib, path, _GraphMl(), progress)
