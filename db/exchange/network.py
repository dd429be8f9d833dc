"""The library as a network for Gephi and friends: actor and event nodes, participation and
relation edges, streamed from the database; and the XML text helpers their writers share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from xml.sax.saxutils import escape, quoteattr

import sqlalchemy as sa
from sqlalchemy import Connection

from db.atomic import atomic_write
from db.dates import key_to_civil
from db.engine import Library
from db.exchange.records import Ticker
from db.models import DIRECTED_RELATION_TYPES
from db.progress import Progress, no_progress
from db.store.snapshots import TABLES

STREAM_ROWS = 5_000
# Characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Node(NamedTuple):
    id: str  # "a12" for actor 12, "e7" for event 7
    kind: str  # "actor" or "event"
    label: str
    type: str  # the actor's kind (person, state...) or the event's (point, span)
    color: str | None
    when: str  # EDTF, events only
    start_key: int | None
    end_key: int | None  # exclusive
    category: str
    importance: int | None


class Edge(NamedTuple):
    id: str  # "p3" for participation 3, "r5" for relation 5
    source: str
    target: str
    label: str
    kind: str  # "participation" or "relation"
    directed: bool
    valid: str  # EDTF of a relation's validity period
    start_key: int | None
    end_key: int | None


def _streamed(conn: Connection, stmt: sa.Select[Any]) -> Iterator[sa.Row[Any]]:
    yield from conn.execute(stmt.execution_options(yield_per=STREAM_ROWS))


def iter_nodes(conn: Connection) -> Iterator[Node]:
    """Every actor, then every event, as nodes."""
    actor, event = TABLES["actor"], TABLES["event"]
    stmt = sa.select(actor.c.id, actor.c.name, actor.c.kind, actor.c.color).order_by(actor.c.id)
    for row in _streamed(conn, stmt):
        yield Node(f"a{row.id}", "actor", row.name, row.kind, row.color, "", None, None, "", None)
    events: sa.Select[Any] = sa.select(
        event.c.id,
        event.c.title,
        event.c.kind,
        event.c.color,
        event.c.when_edtf,
        event.c.start_key,
        event.c.end_key,
        event.c.category,
        event.c.importance,
    ).order_by(event.c.id)
    for row in _streamed(conn, events):
        values: tuple[Any, ...] = tuple(row)
        kind, color, when, start, end, category, importance = values[2:]
        yield Node(f"e{row.id}", "event", row.title, kind, color, when, start, end, category,
                   importance)  # fmt: skip


def _end_id(actor_id: int | None, event_id: int | None) -> str:
    return f"a{actor_id}" if actor_id is not None else f"e{event_id}"


def iter_edges(conn: Connection) -> Iterator[Edge]:
    """Participations (actor -> event, over the event's time) and relations."""
    part, event, rel = TABLES["participation"], TABLES["event"], TABLES["relation"]
    stmt = (
        sa.select(part.c.id, part.c.actor_id, part.c.event_id, part.c.role)
        .add_columns(event.c.start_key, event.c.end_key)
        .join(event, event.c.id == part.c.event_id)
        .order_by(part.c.id)
    )
    for row in _streamed(conn, stmt):
        label = row.role or "participant"
        yield Edge(
            f"p{row.id}", f"a{row.actor_id}", f"e{row.event_id}", label, "participation", True,
            "", row.start_key, row.end_key,
        )  # fmt: skip
    for row in _streamed(conn, sa.select(rel).order_by(rel.c.id)):
        yield Edge(
            f"r{row.id}",
            _end_id(row.from_actor_id, row.from_event_id),
            _end_id(row.to_actor_id, row.to_event_id),
            row.type,
            "relation",
            row.type in DIRECTED_RELATION_TYPES,
            row.valid_edtf or "",
            row.valid_start_key,
            row.valid_end_key,
        )


class GraphMarkup(Protocol):
    """How one XML graph format writes the network; `write_network` streams it.

    `opening` is asked first (with the read connection, for what the format must know of the
    whole library), then `node` per node, `between`, `edge` per edge, and `closing`.
    """

    def opening(self, conn: Connection) -> str: ...

    def node(self, node: Node) -> str: ...

    def between(self) -> str: ...

    def edge(self, edge: Edge) -> str: ...

    def closing(self) -> str: ...


def write_network(
    lib: Library, path: Path | str, markup: GraphMarkup, progress: Progress = no_progress
) -> Path:
    """Stream the network of `lib` as `markup` into `path` atomically, in one read
    transaction: the one streaming XML writer of GraphML and GEXF."""
    path = Path(path)
    with lib.read() as conn, atomic_write(path, "w", encoding="utf-8", protect=[lib.path]) as fh:
        tick = Ticker(progress, count_network(conn))
        tick.start()
        fh.write(markup.opening(conn))
        for node in iter_nodes(conn):
            fh.write(markup.node(node))
            tick()
        fh.write(markup.between())
        for edge in iter_edges(conn):
            fh.write(markup.edge(edge))
            tick()
        fh.write(markup.closing())
    tick.finish()
    return path


def count_network(conn: Connection) -> int:
    """Nodes plus edges (for progress bars)."""
    return sum(
        conn.execute(sa.select(sa.func.count()).select_from(TABLES[t])).scalar_one()
        for t in ("actor", "event", "participation", "relation")
    )


def iso_day(key: int) -> str:
    """The day holding `key` as xsd:date text ('-0043-03-15' for 15 March 44 BC)."""
    year, month, day = key_to_civil(key)[:3]
    return f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{day:02d}"


def xml_text(value: object) -> str:
    """Element text: escaped, with the characters XML cannot hold removed."""
    return escape(_NOT_XML.sub("", "" if value is None else str(value)))


def xml_attr(value: object) -> str:
    """A quoted attribute value (newlines and tabs kept as character references)."""
    text = _NOT_XML.sub("", "" if value is None else str(value))
    return quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def hex_rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
