"""After an import: which new source texts nearly copy a source already there, and linking them.

Each imported source with a text (and no copy link of its own) is compared with every source that
was there before it (and with the ones imported before it in the same file), so a pair is reported
once. A copy is linked to the first original of the source it copies (copies of copies count once).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from db import store
from db.curation.copies import cached_profile, copy_score
from db.engine import Library
from db.exchange.records import ImportReport
from db.queries.sources import original_of
from db.store.snapshots import TABLES

_SOURCE = TABLES["source"]


@dataclass(frozen=True, slots=True)
class FoundCopy:
    source_id: int
    title: str
    original_id: int  # the first original of the source it copies
    original_title: str
    score: float


def imported_copies(lib: Library, report: ImportReport) -> list[FoundCopy]:
    """Near-copies among the sources `report` says were imported (none if no text came in)."""
    first, last = report.id_ranges.get("source", (0, -1))
    if first > last:
        return []
    with lib.read() as conn:
        rows = conn.execute(
            sa.select(_SOURCE.c.id, _SOURCE.c.title, _SOURCE.c.full_text, _SOURCE.c.copy_of_id)
            .where(_SOURCE.c.full_text.is_not(None), _SOURCE.c.id <= last)
            .order_by(_SOURCE.c.id)
        ).all()
    profiles = {r.id: cached_profile(r.full_text) for r in rows if r.full_text.strip()}
    titles = {r.id: r.title for r in rows}
    # A source the file already marks as a copy (a Chronicle library) keeps its own link.
    linked = {r.id for r in rows if r.copy_of_id is not None}
    found = []
    for new_id in (i for i in profiles if i >= first and i not in linked):
        best = max(
            ((other, copy_score(profiles[new_id], profiles[other])) for other in profiles
             if other < new_id),
            key=lambda pair: pair[1].value,
            default=None,
        )  # fmt: skip
        if best is not None and best[1].is_copy:
            original = original_of(lib, best[0])
            found.append(
                FoundCopy(new_id, titles[new_id], original, titles[original], best[1].value)
            )
    return found


def link_copies(lib: Library, copies: list[FoundCopy]) -> None:
    """Record each found copy as a copy of its original, all in one transaction."""
    stamp = store.now_stamp()
    with lib.write() as conn:
        for copy in copies:
            conn.execute(
                sa.update(_SOURCE)
                .where(_SOURCE.c.id == copy.source_id)
                .values(copy_of_id=copy.original_id, modified_at=stamp)
            )
