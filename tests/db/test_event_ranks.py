"""EventRanks (db/queries/event_ranks.py): after random edits, undos and writes by another
connection, every page and every row position read from a freshly made rank array equals the
plain offset query's (`list_events`, `position_of_event`), for every sort, both directions and
a few filters, on both engines. The sources sort is the one made differently (its counts come
from one pass over the citations), so the draws change citations, source statuses, copies and
"draws on" links, which all move an event's number of independent sources."""

from __future__ import annotations

import contextlib
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import queries, store
from db.engine import open_library
from db.errors import NotFoundError, ValidationError
from db.models import SOURCE_STATUSES
from db.queries import EventFilter
from db.queries.event_ranks import rank_events
from db.queries.lists import list_events_by_id

SORTS = ("when", "title", "category", "importance", "sources")
FILTERS = (
    None,
    EventFilter(categories=("war",)),
    EventFilter(max_sources=1),
    EventFilter(start_key=0),  # events ending after 1970
)
WHENS = ["2024-07-28", "2024-07", "2022", "2024-06/2024-12", "1990~", "-0100/0100", "1066"]

_EXAMPLE = itertools.count()  # each example its own library
# One edit: (what, three numbers that pick rows and values).
EDIT = st.tuples(
    st.sampled_from(
        ["event", "edit", "delete", "undo", "cite", "uncite", "status", "copy", "draws_on",
         "delete_source", "elsewhere"]
    ),
    st.integers(0, 1000),
    st.integers(0, 1000),
    st.integers(0, 1000),
)  # fmt: skip


class _Library:
    """A library under random edits, with what is needed to pick rows for the next one."""

    def __init__(self, lib) -> None:
        self.lib = lib
        self.events: list[int] = []
        self.sources = [store.create(lib, "source", title=f"S{i}") for i in range(4)]
        self.citations: list[int] = []
        self.deleted: list = []

    def event(self, a: int, b: int, c: int) -> None:
        new = store.create(
            self.lib, "event", title=f"T{a % 5}", when=WHENS[b % len(WHENS)],
            category=("war", "trade", "")[c % 3], importance=1 + c % 5,
        )  # fmt: skip
        self.events.append(new)

    def edit(self, a: int, b: int, c: int) -> None:
        if self.events:
            event_id = self.events[a % len(self.events)]
            store.update(
                self.lib, "event", event_id, when=WHENS[b % len(WHENS)], title=f"T{c % 4}",
                category=("war", "trade", "")[b % 3],
            )  # fmt: skip

    def delete(self, a: int, _b: int, _c: int) -> None:
        if self.events:
            event_id = self.events.pop(a % len(self.events))
            self.deleted.append(store.delete(self.lib, "event", event_id))

    def undo(self, *_picks: int) -> None:
        if self.deleted:
            snapshot = self.deleted.pop()
            store.restore(self.lib, snapshot)
            self.events.extend(row["id"] for row in snapshot.rows.get("event", []))
            self.sources.extend(row["id"] for row in snapshot.rows.get("source", []))

    def cite(self, a: int, b: int, _c: int) -> None:
        if self.events and self.sources:
            self.citations.append(
                store.add_citation(
                    self.lib,
                    self.sources[b % len(self.sources)],
                    event_id=self.events[a % len(self.events)],
                    locator=f"p. {a}",
                )
            )

    def uncite(self, a: int, _b: int, _c: int) -> None:
        live = [c for c in self.citations if _exists(self.lib, "citation", c)]
        if live:
            store.delete(self.lib, "citation", live[a % len(live)])

    def status(self, a: int, b: int, _c: int) -> None:
        if self.sources:
            source = self.sources[a % len(self.sources)]
            status = SOURCE_STATUSES[b % len(SOURCE_STATUSES)]
            store.update(self.lib, "source", source, status=status)

    def _two_sources(self, a: int, b: int) -> tuple[int, int]:
        return self.sources[a % len(self.sources)], self.sources[b % len(self.sources)]

    def copy(self, a: int, b: int, _c: int) -> None:
        if self.sources:
            copy, original = self._two_sources(a, b)
            if copy != original:
                store.update(self.lib, "source", copy, copy_of=original)

    def draws_on(self, a: int, b: int, _c: int) -> None:
        if self.sources:
            with contextlib.suppress(ValidationError):  # itself, or a link already there
                store.add_derivation(self.lib, *self._two_sources(a, b))

    def delete_source(self, a: int, _b: int, _c: int) -> None:
        if len(self.sources) > 1:
            source = self.sources.pop(a % len(self.sources))
            self.deleted.append(store.delete(self.lib, "source", source))

    def elsewhere(self, a: int, b: int, c: int) -> None:
        """Another connection (another window or process) adds and cites an event."""
        other = open_library(self.lib.url or self.lib.path)
        try:
            new = store.create(other, "event", title=f"T{a % 5}", when=WHENS[b % len(WHENS)])
            if self.sources:
                store.add_citation(other, self.sources[c % len(self.sources)], event_id=new)
        finally:
            other.close()
        self.events.append(new)


def _exists(lib, kind: str, entity_id: int) -> bool:
    try:
        store.get(lib, kind, entity_id)
    except NotFoundError:  # deleted with its event or source
        return False
    return True


def _assert_ranks_equal_plain_queries(lib, filters=FILTERS) -> None:
    every = {r.id for r in queries.list_events(lib, limit=10_000)}
    for sort in SORTS:
        for descending in (False, True):
            for filt in filters:
                ranks = rank_events(lib, filt, sort, descending)
                rows = queries.list_events(lib, filt, sort=sort, descending=descending, limit=10**4)
                plain = [r.id for r in rows]
                assert ranks.page_ids(0, 10_000) == plain, (sort, descending, filt)
                # Pages read by id, as the list shows them: the same rows, values and all.
                for offset in {0, len(plain) // 2}:
                    page = list_events_by_id(lib, ranks.page_ids(offset, 5))
                    assert page == queries.list_events(
                        lib, filt, sort=sort, descending=descending, offset=offset, limit=5
                    )
                for event_id in plain[:: max(1, len(plain) // 3)]:
                    assert ranks.position(event_id) == queries.position_of_event(
                        lib, event_id, filt, sort, descending
                    )
                for outside in every - set(plain):
                    assert ranks.position(outside) is None


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=st.lists(EDIT, min_size=1, max_size=14))
def test_rank_pages_and_positions_equal_the_plain_queries(new_library, edits):
    library = _Library(new_library(f"ranks{next(_EXAMPLE)}"))
    for what, a, b, c in edits:
        getattr(library, what)(a, b, c)
    _assert_ranks_equal_plain_queries(library.lib)


def test_ranks_of_the_demo_equal_the_plain_queries(demo_lib):
    _assert_ranks_equal_plain_queries(demo_lib, FILTERS[:2])


def test_a_build_can_be_cancelled_through_its_progress(demo_lib):
    class StopError(Exception):
        pass

    def stop(_done: int, _total: int) -> None:
        raise StopError

    for sort in SORTS:
        try:
            rank_events(demo_lib, None, sort, False, stop)
        except StopError:
            continue
        raise AssertionError(f"{sort}: progress was never called")
