"""Select lists for rows of records, read off the row types' own fields.

Each row type (`EventRow`, `EventListRow`, `EventNode`, `EventEvidence`, `ActorRow`,
`SourceRow`) names its columns once, as NamedTuple fields; the query selects the table's column
of each name, or the computed value given for it, in the same order, so a field added to a row
type cannot be left out of its query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from db.queries.filters import EVENT


def row_columns(
    table: sa.Table, fields: Iterable[str], **computed: sa.ColumnElement[Any]
) -> list[sa.ColumnElement[Any]]:
    """`table`'s column for each field name, or `computed[name]` labelled `name`."""
    return [computed[name].label(name) if name in computed else table.c[name] for name in fields]


def event_columns(
    fields: Iterable[str], **computed: sa.ColumnElement[Any]
) -> list[sa.ColumnElement[Any]]:
    """The event table's column for each field name, or `computed[name]` labelled `name`."""
    return row_columns(EVENT, fields, **computed)
