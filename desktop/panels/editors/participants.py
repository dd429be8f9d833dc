"""Who took part: the actors of an event, and the events of an actor, each with a role."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton

from db import queries
from db.queries import EventFilter
from desktop.commands import add_participation, link_new, participation_command
from desktop.models.links import LinkColumn
from desktop.models.tables import display_date
from desktop.panels.editors.link_section import LinkSection
from desktop.widgets.entity_picker import EntityPicker

ROLE_HINT = "Role, e.g. host, signatory, target (optional)"


class ActorEventRow(NamedTuple):
    id: int
    event_id: int
    title: str
    when: str
    role: str


def events_by_id(lib, event_ids: list[int]) -> dict[int, queries.EventListRow]:
    """Title and date of some events, by id (one query)."""
    if not event_ids:
        return {}
    rows = queries.list_events(lib, EventFilter(event_ids=tuple(event_ids)), limit=len(event_ids))
    return {row.id: row for row in rows}


class _ParticipationSection(LinkSection):
    """Shared add row: a picker for the other side and a role; subclasses define _link."""

    link_kind = "participation"
    other_kind = ""

    def __init__(self, title, controller, stack, columns, parent=None):
        super().__init__(title, controller, stack, columns, parent)
        self.picker = EntityPicker(controller, self.other_kind, self.add_row)
        self.picker.setObjectName(f"{self.other_kind}_picker")
        self.picker.setAccessibleName(f"{self.other_kind.title()} to link")
        self.role = QLineEdit(self.add_row)
        self.role.setObjectName("role_edit")
        self.role.setPlaceholderText(ROLE_HINT)
        self.role.setAccessibleName("Role")
        self.add_button = QPushButton(self.add_row)
        self.add_button.setObjectName("add_participation")
        grid = QGridLayout(self.add_row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.picker, 0, 0)
        grid.addWidget(self.role, 0, 1)
        grid.addWidget(self.add_button, 0, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.picker.stateChanged.connect(self._update_add)
        self.picker.returnPressed.connect(self.add)
        self.role.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self._update_add()

    def _update_add(self) -> None:
        new = self.picker.is_new()
        self.add_button.setText(f"Create && &add {self.other_kind}" if new else "&Add")
        self.add_button.setAccessibleName(
            f"Create the {self.other_kind} and link it" if new else f"Link the {self.other_kind}"
        )
        self.add_button.setEnabled(bool(self.picker.text().strip()))

    def add(self) -> None:
        name = self.picker.text().strip()
        if not name or self.record_id is None:
            return
        other_id, role = self.picker.resolve(), self.role.text().strip()
        if other_id is None and not self.picker.is_new():
            self.show_problem(f"There is no {self.other_kind} called '{name}'.")
            return
        if self.run(lambda: self._link(other_id, name, role)):
            self.picker.clear()
            self.role.clear()
            self.picker.setFocus()


class ParticipantsSection(_ParticipationSection):
    """The actors of one event."""

    other_kind = "actor"

    def __init__(self, controller, stack, parent=None):
        columns = [
            LinkColumn("Actor", lambda r: r.actor_name),
            LinkColumn("Role", lambda r: r.role, field="role"),
        ]
        super().__init__("Actors", controller, stack, columns, parent)

    def fetch_rows(self, record_id: int):
        return queries.participants(self.controller.lib, event_id=record_id)

    def _link(self, actor_id, name, role) -> None:
        event_id = self.record_id
        if actor_id is None:
            link_new(
                self.stack,
                self.controller,
                "actor",
                name,
                lambda new_id: participation_command(self.controller, event_id, new_id, role),
            )
        else:
            add_participation(self.stack, self.controller, event_id, actor_id, role)


class ActorEventsSection(_ParticipationSection):
    """The events one actor took part in."""

    other_kind = "event"

    def __init__(self, controller, stack, parent=None):
        columns = [
            LinkColumn("Event", lambda r: r.title),
            LinkColumn("When", lambda r: r.when),
            LinkColumn("Role", lambda r: r.role, field="role"),
        ]
        super().__init__("Events", controller, stack, columns, parent)

    def fetch_rows(self, record_id: int):
        links = queries.participants(self.controller.lib, actor_id=record_id)
        events = events_by_id(self.controller.lib, [p.event_id for p in links])
        return [
            ActorEventRow(
                p.id,
                p.event_id,
                events[p.event_id].title,
                display_date(events[p.event_id].when_edtf),
                p.role,
            )
            for p in links
        ]

    def _link(self, event_id, _name, role) -> None:
        add_participation(self.stack, self.controller, event_id, self.record_id, role)
