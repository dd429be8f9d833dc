"""Where each node sits in a graph layout, kept in the library so a layout survives reopening.

A position belongs to one actor, event or source and one layout name ("spring", "circular",
"ego:12"...). Deleting the entity removes its positions (ON DELETE CASCADE).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping

import sqlalchemy as sa

from db.engine import Library
from db.errors import ValidationError
from db.models import NODE_KINDS, NodePosition, table_of
from db.store.snapshots import TABLES
from db.validation import clean_text

NodeKey = tuple[str, int]
_POSITION = table_of(NodePosition)
_LAYOUT_MAX = 200
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


def _layout_name(layout: object) -> str:
    return clean_text(layout, "Layout name", required=True, max_len=_LAYOUT_MAX)


def _checked(
    positions: Mapping[NodeKey, tuple[float, float]],
) -> dict[str, dict[int, tuple[float, float]]]:
    """Group positions by node kind, refusing unknown kinds and coordinates that are not finite."""
    by_kind: dict[str, dict[int, tuple[float, float]]] = {kind: {} for kind in NODE_KINDS}
    for (kind, entity_id), (x, y) in positions.items():
        if kind not in NODE_KINDS:
            raise ValidationError(f"Only actors, events and sources have positions, not {kind!r}.")
        x, y = float(x), float(y)
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValidationError(f"The position of {kind} {entity_id} is not a finite point.")
        by_kind[kind][int(entity_id)] = (x, y)
    return by_kind


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _existing(conn: sa.Connection, kind: str, ids: list[int]) -> set[int]:
    table = TABLES[kind]
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(conn.execute(sa.select(table.c.id).where(table.c.id.in_(chunk))).scalars())
    return found


def save_positions(
    lib: Library, layout: str, positions: Mapping[NodeKey, tuple[float, float]]
) -> int:
    """Store (or move) nodes in `layout`; nodes deleted meanwhile are skipped. Returns how many."""
    layout = _layout_name(layout)
    by_kind = _checked(positions)
    saved = 0
    with lib.write() as conn:
        for kind, points in by_kind.items():
            column = _POSITION.c[f"{kind}_id"]
            ids = sorted(_existing(conn, kind, list(points)))
            for chunk in _chunks(ids):
                conn.execute(
                    sa.delete(_POSITION).where(_POSITION.c.layout == layout, column.in_(chunk))
                )
            if ids:
                rows = [
                    {"layout": layout, f"{kind}_id": i, "x": points[i][0], "y": points[i][1]}
                    for i in ids
                ]
                conn.execute(sa.insert(_POSITION), _with_all_node_columns(rows))
            saved += len(ids)
    return saved


def _with_all_node_columns(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    # executemany needs the same keys in every row.
    blank = {f"{kind}_id": None for kind in NODE_KINDS}
    return [blank | row for row in rows]


def load_positions(lib: Library, layout: str) -> dict[NodeKey, tuple[float, float]]:
    """Every stored node position of `layout`, keyed by (kind, id)."""
    layout = _layout_name(layout)
    p = _POSITION.c
    stmt = sa.select(p.actor_id, p.event_id, p.source_id, p.x, p.y).where(p.layout == layout)
    result: dict[NodeKey, tuple[float, float]] = {}
    with lib.read() as conn:
        for actor_id, event_id, source_id, x, y in conn.execute(stmt):
            if actor_id is not None:
                key = ("actor", actor_id)
            elif event_id is not None:
                key = ("event", event_id)
            else:
                key = ("source", source_id)
            result[key] = (x, y)
    return result
