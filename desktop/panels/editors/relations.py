"""Relations of an actor or event with any other actor or event: type, direction, period."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QGridLayout, QPushButton, QWidget

from db import queries
from db.models import RELATION_TYPES
from db.queries import RelationRow
from desktop.commands import CreateCommand, link_new, push, relation_command
from desktop.library import LibraryController
from desktop.models.links import LinkColumn
from desktop.models.tables import display_date
from desktop.panels.editors.delegates import ChoiceDelegate
from desktop.panels.editors.link_section import LinkSection
from desktop.widgets.date_field import DateField
from desktop.widgets.entity_picker import EntityPicker

OUTGOING, INCOMING = "out", "in"
End = tuple[str, int]  # (kind, id) of one end of a relation


class RelationsSection(LinkSection[RelationRow]):
    """Relations touching one actor or event (`owner`)."""

    link_kind = "relation"

    def __init__(
        self,
        owner: str,
        controller: LibraryController,
        stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        self.owner = owner
        columns: list[LinkColumn[RelationRow]] = [
            LinkColumn("From", lambda r: r.from_label),
            LinkColumn("Relation", lambda r: r.type, field="type"),
            LinkColumn("To", lambda r: r.to_label),
            LinkColumn(
                "Valid", lambda r: display_date(r.valid_edtf), "valid", lambda r: r.valid_edtf or ""
            ),
            LinkColumn("Notes", lambda r: r.notes, field="notes"),
        ]
        super().__init__("Relations", controller, stack, columns, parent)
        types = [(t, t) for t in RELATION_TYPES]
        self.view.setItemDelegateForColumn(1, ChoiceDelegate(types, self.view))
        self._build_add_row()

    def _build_add_row(self) -> None:
        row = self.add_row
        self.direction = QComboBox(row)
        self.direction.setObjectName("direction_combo")
        self.direction.setAccessibleName("Direction")
        self.direction.addItem(f"This {self.owner} →", OUTGOING)
        self.direction.addItem(f"→ this {self.owner}", INCOMING)
        self.type = QComboBox(row)
        self.type.setObjectName("relation_type_combo")
        self.type.setAccessibleName("Relation type")
        self.type.addItems(list(RELATION_TYPES))
        self.other_kind = QComboBox(row)
        self.other_kind.setObjectName("other_kind_combo")
        self.other_kind.setAccessibleName("Related to an actor or an event")
        self.other_kind.addItem("Actor", "actor")
        self.other_kind.addItem("Event", "event")
        self.picker = EntityPicker(self.controller, "actor", row)
        self.picker.setObjectName("relation_picker")
        self.picker.setAccessibleName("Related actor or event")
        self.valid = DateField(row, optional=True)
        self.valid.setObjectName("valid_field")
        self.valid.setAccessibleName("Valid period (optional)")
        self.valid.edit.setPlaceholderText("Valid period, optional: e.g. 1949 to 1991")
        self.add_button = QPushButton("&Relate", row)
        self.add_button.setObjectName("add_relation")
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.direction, 0, 0)
        grid.addWidget(self.type, 0, 1)
        grid.addWidget(self.other_kind, 1, 0)
        grid.addWidget(self.picker, 1, 1)
        grid.addWidget(self.valid, 2, 0, 1, 2)
        grid.addWidget(self.add_button, 3, 1, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)
        self.setAccessibleDescription("Relation type, direction and the other actor or event")
        self.other_kind.currentIndexChanged.connect(self._switch_kind)
        self.picker.stateChanged.connect(self._update_add)
        self.picker.returnPressed.connect(self.add)
        self.valid.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self._update_add()

    def _switch_kind(self) -> None:
        self.picker.set_kind(self.other_kind.currentData())
        self._update_add()

    def _update_add(self) -> None:
        new = self.picker.is_new()
        self.add_button.setText("Create actor && &relate" if new else "&Relate")
        self.add_button.setEnabled(bool(self.picker.text().strip()))

    def fetch_rows(self, record_id: int) -> list[RelationRow]:
        return queries.relations(self.controller.lib, self.owner, record_id)

    def add(self) -> None:
        name, record_id = self.picker.text().strip(), self.record_id
        if not name or record_id is None:
            return
        if not self.valid.is_valid():
            self.show_problem(f"Valid period: {self.valid.error()}")
            return
        other_id = self.picker.resolve()
        if other_id is None and not self.picker.is_new():
            self.show_problem(f"There is no {self.picker.kind} called '{name}'.")
            return
        # The relation's fields by name, as the library's add_relation takes them.
        fields: dict[str, Any] = {"type": self.type.currentText()}
        if self.valid.text().strip():
            fields["valid"] = self.valid.text().strip()
        if self.run(lambda: self._relate(record_id, other_id, name, fields)):
            self.picker.clear()
            self.valid.setText("")
            self.picker.setFocus()

    def _ends(self, this: End, other: End) -> tuple[End, End]:
        return (this, other) if self.direction.currentData() == OUTGOING else (other, this)

    def _relate(
        self, record_id: int, other_id: int | None, name: str, fields: dict[str, Any]
    ) -> None:
        ctl, kind = self.controller, self.picker.kind
        this: End = (self.owner, record_id)
        if other_id is not None:
            push(self.stack, relation_command(ctl, *self._ends(this, (kind, other_id)), **fields))
            return
        outgoing = self.direction.currentData() == OUTGOING

        def relate_to_new(new_id: Callable[[], int]) -> CreateCommand:
            other = lambda: ("actor", new_id())  # noqa: E731 - the actor exists only later
            ends = (this, other) if outgoing else (other, this)
            return relation_command(ctl, *ends, **fields)

        link_new(self.stack, ctl, "actor", name, relate_to_new)
