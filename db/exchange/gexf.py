"""GEXF 1.3 for Gephi, in dynamic mode: events exist over their dates, participation edges over
their event's dates, relations over their validity period; actors are always there.

Times are xsd:date days ('1990-07-28', '-0043-03-15' for 44 BC) when every date falls in years
1-9999, which Gephi's timeline reads as dates; otherwise decimal years (timeformat "double").
Node colours go in viz:color, so Gephi shows the library's colours. Edges are all directed
(several readers refuse mixed graphs); the "directed" attribute says whether direction matters.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Connection

from db.dates import civil_to_key, key_to_civil
from db.engine import Library
from db.exchange.network import (
    Edge,
    Node,
    hex_rgb,
    iso_day,
    write_network,
    xml_attr,
)
from db.progress import Progress, no_progress
from db.store.snapshots import TABLES

NODE_ATTRIBUTES = (  # (id, title, type)
    ("kind", "kind", "string"),
    ("type", "type", "string"),
    ("when", "when", "string"),
    ("category", "category", "string"),
    ("importance", "importance", "integer"),
)
EDGE_ATTRIBUTES = (
    ("kind", "kind", "string"),
    ("valid", "valid", "string"),
    ("directed", "directed", "boolean"),
)
_YEAR = 365.2425 * 86_400


def _uses_dates(conn: Connection) -> bool:
    """True when every event and validity date lies in years 1-9999 (xsd:date territory)."""
    event, rel = TABLES["event"], TABLES["relation"]
    low, high = civil_to_key(1), civil_to_key(10_000)
    lo, hi = conn.execute(
        sa.select(sa.func.min(event.c.start_key), sa.func.max(event.c.end_key))
    ).one()
    vlo, vhi = conn.execute(
        sa.select(sa.func.min(rel.c.valid_start_key), sa.func.max(rel.c.valid_end_key))
    ).one()
    keys = [k for k in (lo, hi, vlo, vhi) if k is not None]
    return all(low <= k <= high for k in keys)


class _Times:
    """start/end attributes in the file's time format (end inclusive, as Gephi reads it)."""

    def __init__(self, dates: bool):
        self.format = "date" if dates else "double"

    def value(self, key: int) -> str:
        if self.format == "date":
            return iso_day(key)
        year = key_to_civil(key)[0]
        return f"{year + (key - civil_to_key(year)) / _YEAR:.4f}"

    def attrs(self, start: int | None, end: int | None) -> str:
        if start is None or end is None:
            return ""
        return f' start="{self.value(start)}" end="{self.value(max(start, end - 1))}"'


def _attvalues(pairs: tuple[tuple[str, object], ...]) -> str:
    values = "".join(
        f"<attvalue for={xml_attr(key)} value={xml_attr(value)}/>"
        for key, value in pairs
        if value is not None and value != ""
    )
    return f"<attvalues>{values}</attvalues>" if values else ""


class _Gexf:
    """Dynamic GEXF markup for `write_network`; the time format is chosen at the opening."""

    def __init__(self) -> None:
        self.times = _Times(True)

    def opening(self, conn: Connection) -> str:
        self.times = times = _Times(_uses_dates(conn))
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" '
            'version="1.3">\n',
            f'  <meta lastmodifieddate="{stamp}"><creator>Chronicle</creator></meta>\n',
            f'  <graph defaultedgetype="directed" mode="dynamic" timeformat="{times.format}">\n',
        ]
        for target, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
            parts.append(f'    <attributes class="{target}">\n')
            for attr_id, title, kind in attributes:
                parts.append(f'      <attribute id="{attr_id}" title="{title}" type="{kind}"/>\n')
            parts.append("    </attributes>\n")
        parts.append("    <nodes>\n")
        return "".join(parts)

    def node(self, node: Node) -> str:
        values = _attvalues(
            (("kind", node.kind), ("type", node.type), ("when", node.when),
             ("category", node.category), ("importance", node.importance))
        )  # fmt: skip
        color = ""
        if node.color:
            red, green, blue = hex_rgb(node.color)
            color = f'<viz:color r="{red}" g="{green}" b="{blue}"/>'
        span = self.times.attrs(node.start_key, node.end_key)
        return (
            f"      <node id={xml_attr(node.id)} label={xml_attr(node.label)}{span}>"
            f"{values}{color}</node>\n"
        )

    def between(self) -> str:
        return "    </nodes>\n    <edges>\n"

    def edge(self, edge: Edge) -> str:
        directed = str(edge.directed).lower()
        values = _attvalues((("kind", edge.kind), ("valid", edge.valid), ("directed", directed)))
        return (
            f"      <edge id={xml_attr(edge.id)} source={xml_attr(edge.source)} "
            f"target={xml_attr(edge.target)} label={xml_attr(edge.label)}"
            f"{self.times.attrs(edge.start_key, edge.end_key)}>{values}</edge>\n"
        )

    def closing(self) -> str:
        return "    </edges>\n  </graph>\n</gexf>\n"


def export_gexf(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """Write the actor-event network of `lib` as dynamic GEXF (atomically, streaming)."""
    return write_network(lib, path, _Gexf(), progress)
