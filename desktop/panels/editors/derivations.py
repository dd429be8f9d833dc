"""Which sources a source draws on (a report retelling a wire story), and its standing.

Sources joined by these links (or by "Copy of") count as one independent source for the events
they support. Marking a source discredited or retracted first lists the events whose support
drops, and asks.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from db.queries.corroboration import draws_on, support_drops
from db.queries.lineage import NOT_COUNTED
from desktop.commands import CreateCommand, push
from desktop.dialogs.support_drops import confirm_status
from desktop.library import LibraryController
from desktop.models.links import LinkColumn
from desktop.panels.editors.bindings import ChoiceBinding
from desktop.panels.editors.form import RecordForm
from desktop.panels.editors.link_section import LinkSection
from desktop.widgets.entity_picker import EntityPicker

STATUS_CHOICES = (
    ("In good standing", ""),
    ("Discredited", "discredited"),
    ("Retracted", "retracted"),
)


class DrawnOnRow(NamedTuple):
    id: int  # the link's id
    source_id: int
    title: str


class DerivationsSection(LinkSection[DrawnOnRow]):
    """The sources one source draws on; Add links another, Remove unlinks the selected."""

    link_kind = "source_derivation"

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        columns: list[LinkColumn[DrawnOnRow]] = [LinkColumn("Source drawn on", lambda r: r.title)]
        super().__init__("Draws on", controller, stack, columns, parent)
        self.picker = EntityPicker(controller, "source", self.add_row, allow_create=False)
        self.picker.setObjectName("draws_on_picker")
        self.picker.setAccessibleName("Source this one draws on")
        self.add_button = QPushButton("&Add Source Drawn On", self.add_row)
        self.add_button.setObjectName("add_derivation")
        row = QHBoxLayout(self.add_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        self.picker.stateChanged.connect(self._update_add)
        self.picker.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self._update_add()

    def _update_add(self) -> None:
        self.add_button.setEnabled(bool(self.picker.text().strip()))

    def fetch_rows(self, record_id: int) -> list[DrawnOnRow]:
        return [DrawnOnRow(*row) for row in draws_on(self.controller.lib, record_id)]

    def add(self) -> None:
        name = self.picker.text().strip()
        if not name or self.record_id is None:
            return
        other_id = self.picker.resolve()
        if other_id is None:
            self.show_problem(f"There is no source called '{name}'.")
            return
        source_id, ctl = self.record_id, self.controller
        command = CreateCommand(
            ctl,
            "source_derivation",
            create=lambda: ctl.add_derivation(source_id, other_id),
            text=f"Source draws on '{name}'",
        )
        if self.run(lambda: push(self.stack, command)):
            self.picker.clear()


class StatusBinding(ChoiceBinding):
    """The source's standing; discrediting or retracting it asks first, listing what it costs."""

    def __init__(
        self, name: str, widget: QComboBox, form: RecordForm, parent: QObject | None = None
    ) -> None:
        super().__init__(name, widget, parent)
        self.form = form

    def _finished(self, *_args: object) -> None:
        if self.loading or not self.is_dirty():
            return
        status, record_id = self.value(), self.form.record_id
        if status in NOT_COUNTED and record_id is not None:
            drops = support_drops(self.form.controller.lib, record_id)
            title = self.form.record_label()
            if not confirm_status(self.form, title, status, drops):
                self.revert()
                return
        self.commitRequested.emit(self)
