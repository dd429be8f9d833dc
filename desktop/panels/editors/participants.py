"""Who took part: the actors of an event, and the events of an actor, each with a role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from db import queries
from db.queries import ParticipantRow
from db.queries.record_links import actor_event_links
from desktop.commands import add_participation, link_new, participation_command
from desktop.library import LibraryController
from desktop.models.links import LinkColumn, LinkRowT
from desktop.models.tables import display_date
from desktop.panels.editors.link_section import LinkSection, how_many
from desktop.widgets.entity_picker import EntityPicker

ROLE_HINT = "Role, e.g. host, signatory, target (optional)"


class ActorEventRow(NamedTuple):
    id: int
    event_id: int
    title: str
    when: str
    role: str


class _ParticipationSection(LinkSection[LinkRowT]):
    """Shared add row: a picker for the other side and a role; subclasses define _link."""

    link_kind = "participation"
    other_kind = ""

    def __init__(
        self,
        title: str,
        controller: LibraryController,
        stack: QUndoStack,
        columns: Sequence[LinkColumn[LinkRowT]],
        parent: QWidget | None = None,
    ) -> None:
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
        name, record_id = self.picker.text().strip(), self.record_id
        if not name or record_id is None:
            return
        other_id, role = self.picker.resolve(), self.role.text().strip()
        if other_id is None and not self.picker.is_new():
            self.show_problem(f"There is no {self.other_kind} called '{name}'.")
            return
        if self.run(lambda: self._link(record_id, other_id, name, role)):
            self.picker.clear()
            self.role.clear()
            self.picker.setFocus()

    def _link(self, record_id: int, other_id: int | None, name: str, role: str) -> None:
        """Link the shown record to the other one (`other_id`; None: create it named `name`)."""
        raise NotImplementedError


class ParticipantsSection(_ParticipationSection[ParticipantRow]):
    """The actors of one event."""

    other_kind = "actor"

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        columns: list[LinkColumn[ParticipantRow]] = [
            LinkColumn("Actor", lambda r: r.actor_name),
            LinkColumn("Role", lambda r: r.role, field="role"),
        ]
        super().__init__("Actors", controller, stack, columns, parent)

    def fetch_rows(self, record_id: int) -> list[ParticipantRow]:
        return queries.participants(self.controller.lib, event_id=record_id)

    def _link(self, record_id: int, other_id: int | None, name: str, role: str) -> None:
        event_id, actor_id = record_id, other_id
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


class ActorEventsSection(_ParticipationSection[ActorEventRow]):
    """The events one actor took part in."""

    other_kind = "event"

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        columns: list[LinkColumn[ActorEventRow]] = [
            LinkColumn("Event", lambda r: r.title),
            LinkColumn("When", lambda r: r.when),
            LinkColumn("Role", lambda r: r.role, field="role"),
        ]
        super().__init__("Events", controller, stack, columns, parent)

    def fetch_page(self, record_id: int) -> tuple[list[ActorEventRow], int]:
        links, total = actor_event_links(self.controller.lib, record_id)
        rows = [
            ActorEventRow(p.id, p.event_id, p.title, display_date(p.when_edtf), p.role)
            for p in links
        ]
        return rows, total

    def more_text(self, shown: int, total: int) -> str:
        return (
            f"Showing the first {shown:,} of {how_many(total)} events, "
            f"in the order they were linked. "
            "Filter by this actor above the timeline to see them all in the Events list."
        )

    def _link(self, record_id: int, other_id: int | None, name: str, role: str) -> None:
        event_id, actor_id = other_id, record_id
        assert event_id is not None, "the picker creates no events: `add` refused the name"
        add_participation(self.stack, self.controller, event_id, actor_id, role)
