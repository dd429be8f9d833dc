"""Which sources depend on which: derivation links and copies, grouped into lineages.

Two sources are in one lineage when a chain of "draws on" links or copies (`copy_of`) joins
them, in either direction and through sources that cite nothing: a report retelling a wire
story and a blog copying that report, or two articles both drawing on one press release, are
one lineage. An event's independent sources are the lineages among the sources citing it (the
WMD Commission's "corroboration" from sources that all came from one informant counts once).

`lineage_roots()` gives each linked source the lowest id of its lineage in SQL (a recursive
CTE, portable to SQLite and PostgreSQL); `Lineages` is the same grouping in Python, with the
links themselves, for explaining a count.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import NamedTuple

import sqlalchemy as sa

from db.store.snapshots import TABLES

_DER, _SOURCE = TABLES["source_derivation"], TABLES["source"]
COPY, DRAWS_ON = "copy", "draws on"
# Sources with these statuses no longer count as support (their links still join lineages).
NOT_COUNTED = ("discredited", "retracted")


@functools.cache
def lineage_roots() -> sa.CTE:
    """CTE (src, root): every source with a derivation or copy link, and its lineage's root.

    One object for the process, so a statement using it twice (a count in the columns and
    in ORDER BY) renders one WITH clause.
    """
    links = sa.union(
        sa.select(_DER.c.source_id.label("a"), _DER.c.derived_from_id.label("b")),
        sa.select(_DER.c.derived_from_id, _DER.c.source_id),
        sa.select(_SOURCE.c.id, _SOURCE.c.copy_of_id).where(_SOURCE.c.copy_of_id.is_not(None)),
        sa.select(_SOURCE.c.copy_of_id, _SOURCE.c.id).where(_SOURCE.c.copy_of_id.is_not(None)),
    ).cte("lineage_link")
    reach = sa.select(links.c.a.label("src"), links.c.a.label("other")).cte(
        "lineage_reach", recursive=True
    )
    # UNION (not UNION ALL) drops pairs already found, so a loop of links ends.
    reach = reach.union(sa.select(reach.c.src, links.c.b).join(links, links.c.a == reach.c.other))
    return (
        sa.select(reach.c.src, sa.func.min(reach.c.other).label("root"))
        .group_by(reach.c.src)
        .cte("lineage_root")
    )


class Link(NamedTuple):
    source_id: int
    other_id: int
    kind: str  # COPY: source_id is a copy of other_id; DRAWS_ON: source_id draws on other_id


class Lineages:
    """Every derivation and copy link of a library, and the lineage of each source."""

    def __init__(self, links: list[Link]):
        self.links = links
        parent: dict[int, int] = {}

        def find(node: int) -> int:
            parent.setdefault(node, node)
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for link in links:
            a, b = find(link.source_id), find(link.other_id)
            if a != b:
                parent[max(a, b)] = min(a, b)
        self._root = {node: find(node) for node in list(parent)}

    @classmethod
    def load(cls, conn: sa.Connection) -> Lineages:
        links = [Link(a, b, DRAWS_ON) for a, b in conn.execute(
            sa.select(_DER.c.source_id, _DER.c.derived_from_id).order_by(_DER.c.id)
        )]  # fmt: skip
        copies = sa.select(_SOURCE.c.id, _SOURCE.c.copy_of_id).where(
            _SOURCE.c.copy_of_id.is_not(None)
        )
        links += [Link(a, b, COPY) for a, b in conn.execute(copies.order_by(_SOURCE.c.id))]
        return cls(links)

    def root(self, source_id: int) -> int:
        return self._root.get(source_id, source_id)

    def groups(self, source_ids: list[int]) -> list[list[int]]:
        """`source_ids` grouped by lineage, each group and the groups in first-seen order."""
        grouped: dict[int, list[int]] = defaultdict(list)
        for source_id in dict.fromkeys(source_ids):
            grouped[self.root(source_id)].append(source_id)
        return list(grouped.values())

    def links_within(self, source_ids: list[int]) -> list[Link]:
        """The links of the lineages of `source_ids` (what joins them, intermediates included)."""
        roots = {self.root(s) for s in source_ids}
        return [link for link in self.links if self.root(link.source_id) in roots]
