"""Where one record sits in a sorted, filtered list, so a list view can scroll to it.

The position is the number of rows that sort before the record, counted in SQL with the same
order as the list queries (sort columns, then id), so no page has to be loaded to find it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from db.engine import Library
from db.queries.filters import EVENT, EventFilter, conditions, source_count_expr
from db.queries.lists import (
    ACTOR,
    EVENT_SORTS,
    SOURCE,
    actor_conditions,
    actor_sorts,
    source_conditions,
    source_sorts,
)
from db.queries.search import without_jit

SortTerm = sa.ColumnElement[Any]  # a column or expression a list sorts by


def _precedes(expr: SortTerm, value: object, descending: bool) -> sa.ColumnElement[bool]:
    """`expr` sorts strictly before `value` (SQLite puts NULLs first ascending, last descending)."""
    if value is None:
        return expr.is_not(None) if descending else sa.false()
    if descending:
        return expr > value
    return sa.or_(expr.is_(None), expr < value)


def _equals(expr: SortTerm, value: object) -> sa.ColumnElement[bool]:
    return expr.is_(None) if value is None else expr == value


def _before(
    exprs: list[SortTerm],
    values: tuple[object, ...],
    descending: bool,
    id_col: sa.ColumnElement[int],
    entity_id: int,
) -> sa.ColumnElement[bool]:
    """Rows ordered before (values..., entity_id) in ORDER BY exprs (desc or asc), id ASC."""
    alternatives: list[sa.ColumnElement[bool]] = []
    same_so_far: list[sa.ColumnElement[bool]] = []
    for expr, value in zip(exprs, values, strict=True):
        alternatives.append(sa.and_(*same_so_far, _precedes(expr, value, descending)))
        same_so_far.append(_equals(expr, value))
    alternatives.append(sa.and_(*same_so_far, id_col < entity_id))
    return sa.or_(*alternatives)


def _position(
    conn: sa.Connection,
    table: sa.Table,
    exprs: list[SortTerm],
    where: list[sa.ColumnElement[bool]],
    entity_id: int,
    descending: bool,
) -> int | None:
    values = conn.execute(sa.select(*exprs).where(table.c.id == entity_id, *where)).first()
    if values is None:
        return None
    before = _before(exprs, tuple(values), descending, table.c.id, entity_id)
    stmt = sa.select(sa.func.count()).select_from(table).where(*where, before)
    count: int = conn.execute(stmt).scalar_one()
    return count


def position_of_event(
    lib: Library,
    event_id: int,
    filt: EventFilter | None = None,
    sort: str = "when",
    descending: bool = False,
) -> int | None:
    """Row of `event_id` in `list_events(lib, filt, sort=, descending=)`; None if filtered out."""
    exprs: list[SortTerm] = [source_count_expr()] if sort == "sources" else list(EVENT_SORTS[sort])
    with lib.read() as conn:
        without_jit(conn)  # PostgreSQL compiled this count first: 0.8 s for a few events
        return _position(conn, EVENT, exprs, conditions(filt, conn), event_id, descending)


def position_of_actor(
    lib: Library, actor_id: int, text: str = "", sort: str = "name", descending: bool = False
) -> int | None:
    """Row of `actor_id` in `list_actors(lib, text, sort=, descending=)`; None if filtered out."""
    with lib.read() as conn:
        where = actor_conditions(conn, text)
        return _position(conn, ACTOR, [actor_sorts()[sort]], where, actor_id, descending)


def position_of_source(
    lib: Library, source_id: int, text: str = "", sort: str = "title", descending: bool = False
) -> int | None:
    """Row of `source_id` in `list_sources(lib, text, sort=, descending=)`; None if filtered out."""
    with lib.read() as conn:
        where = source_conditions(conn, text)
        return _position(conn, SOURCE, [source_sorts()[sort]], where, source_id, descending)
