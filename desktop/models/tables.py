"""The Events, Actors and Sources tables: paged models over `db.queries` lists."""

from __future__ import annotations

from typing import Any

from db import queries
from db.dates import format_date
from db.queries import EventFilter
from desktop.library import LibraryController
from desktop.models.paged import PagedTableModel


def display_date(edtf: str | None) -> str:
    """A stored EDTF date as people read it ('Jul 2024', '44 BC'); the raw text if unreadable."""
    if not edtf:
        return ""
    try:
        return format_date(edtf)
    except Exception:  # a display must never fail on one odd stored value
        return edtf


class EventTableModel(PagedTableModel):
    headers = ("Title", "When", "Actors", "Sources", "Category", "Importance", "Best grade")
    sort_keys = ("title", "when", None, "sources", "category", "importance", None)

    def __init__(self, controller: LibraryController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.filter = EventFilter()
        self._sort = "when"

    def set_filter(self, filt: EventFilter) -> None:
        self.filter = filt
        self.reload()

    def fetch_count(self) -> int:
        if not self.controller.is_open:
            return 0
        return queries.count_events(self.controller.lib, self.filter)

    def fetch_page(self, offset, limit, sort, descending):
        return queries.list_events(
            self.controller.lib,
            self.filter,
            sort=sort or "when",
            descending=descending,
            offset=offset,
            limit=limit,
        )

    def fetch_position(self, entity_id, sort, descending):
        return queries.position_of_event(
            self.controller.lib, entity_id, self.filter, sort or "when", descending
        )

    def display(self, row: queries.EventListRow, column: int) -> Any:
        return (
            row.title,
            display_date(row.when_edtf),
            row.actors,
            row.source_count,
            row.category,
            row.importance,
            row.best_grade or "",
        )[column]


class ActorTableModel(PagedTableModel):
    headers = ("Name", "Kind", "Events")
    sort_keys = ("name", "kind", "events")

    def __init__(self, controller: LibraryController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.text = ""
        self._sort = "name"

    def set_text(self, text: str) -> None:
        self.text = text
        self.reload()

    def fetch_count(self) -> int:
        return (
            queries.count_actors(self.controller.lib, self.text) if self.controller.is_open else 0
        )

    def fetch_page(self, offset, limit, sort, descending):
        return queries.list_actors(
            self.controller.lib,
            self.text,
            sort=sort or "name",
            descending=descending,
            offset=offset,
            limit=limit,
        )

    def fetch_position(self, entity_id, sort, descending):
        return queries.position_of_actor(
            self.controller.lib, entity_id, self.text, sort or "name", descending
        )

    def display(self, row: queries.ActorRow, column: int) -> Any:
        return (row.name, row.kind, row.event_count)[column]


class SourceTableModel(PagedTableModel):
    headers = ("Title", "Publisher", "Published", "Grade", "Citations")
    sort_keys = ("title", "publisher", "published", "reliability", "citations")

    def __init__(self, controller: LibraryController, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.text = ""
        self._sort = "title"

    def set_text(self, text: str) -> None:
        self.text = text
        self.reload()

    def fetch_count(self) -> int:
        return (
            queries.count_sources(self.controller.lib, self.text) if self.controller.is_open else 0
        )

    def fetch_page(self, offset, limit, sort, descending):
        return queries.list_sources(
            self.controller.lib,
            self.text,
            sort=sort or "title",
            descending=descending,
            offset=offset,
            limit=limit,
        )

    def fetch_position(self, entity_id, sort, descending):
        return queries.position_of_source(
            self.controller.lib, entity_id, self.text, sort or "title", descending
        )

    def display(self, row: queries.SourceRow, column: int) -> Any:
        return (
            row.title,
            row.publisher,
            display_date(row.published_edtf),
            row.reliability or "",
            row.citation_count,
        )[column]
