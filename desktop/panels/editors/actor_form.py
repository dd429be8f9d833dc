"""The actor editor: name, kind, aliases, description, colour and tags; then its events and
relations."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from db.models import ACTOR_KINDS
from desktop.library import LibraryController
from desktop.panels.editors.bindings import (
    ChoiceBinding,
    ColorBinding,
    LineBinding,
    ListBinding,
    TagsBinding,
    TextBinding,
)
from desktop.panels.editors.form import RecordForm
from desktop.panels.editors.participants import ActorEventsSection
from desktop.panels.editors.relations import RelationsSection
from desktop.widgets.color_button import ColorButton
from desktop.widgets.tag_editor import TagEditor


class ActorForm(RecordForm):
    kind = "actor"
    label_field = "name"
    required = ("name",)

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(controller, stack, parent)
        name = QLineEdit(self)
        name.setObjectName("name_edit")
        self.add_field("&Name", LineBinding("name", name, self))
        kind = QComboBox(self)
        kind.setObjectName("kind_combo")
        for value in ACTOR_KINDS:
            kind.addItem(value.capitalize(), value)
        self.add_field("&Kind", ChoiceBinding("kind", kind, self))
        aliases = QLineEdit(self)
        aliases.setObjectName("aliases_edit")
        aliases.setPlaceholderText("Other names, separated by semicolons")
        self.add_field("A&liases", ListBinding("aliases", aliases, self))
        description = QPlainTextEdit(self)
        description.setObjectName("description_edit")
        description.setFixedHeight(description.fontMetrics().height() * 5)
        self.add_field("&Description", TextBinding("description", description, self))
        color = ColorButton(self, name="Colour")
        color.setObjectName("color_button")
        self.add_field("Colo&ur", ColorBinding("color", color, self))
        self.tags = TagEditor(self)
        self.tags.setObjectName("tags_edit")
        self.add_field("Tag&s", TagsBinding(self.tags, self))
        self.add_section(ActorEventsSection(controller, stack, self))
        self.add_section(RelationsSection("actor", controller, stack, self))

    def defaults(self) -> dict[str, Any]:
        return {"kind": "person"}
