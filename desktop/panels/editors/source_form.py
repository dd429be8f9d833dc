"""The source editor: bibliographic fields, reliability grade, notes, full text and tags; then
what the source is cited for."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from db.models import SOURCE_KINDS
from desktop.library import LibraryController
from desktop.models.links import RELIABILITY
from desktop.panels.editors.bindings import (
    ChoiceBinding,
    DateBinding,
    LineBinding,
    ListBinding,
    PickerBinding,
    TagsBinding,
    TextBinding,
)
from desktop.panels.editors.citations import CitationsSection
from desktop.panels.editors.derivations import STATUS_CHOICES, DerivationsSection, StatusBinding
from desktop.panels.editors.form import RecordForm
from desktop.widgets.date_field import DateField
from desktop.widgets.entity_picker import EntityPicker
from desktop.widgets.tag_editor import TagEditor


def _line(parent: QWidget, name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class SourceForm(RecordForm):
    kind = "source"
    required = ("title",)

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(controller, stack, parent)
        self.add_field("&Title", LineBinding("title", _line(self, "title_edit"), self))
        authors = _line(self, "authors_edit", "Surname, Given; Surname, Given")
        self.add_field("Auth&ors", ListBinding("authors", authors, self))
        self.add_field("&Publisher", LineBinding("publisher", _line(self, "publisher_edit"), self))
        published = DateField(self, optional=True)
        published.edit.setObjectName("published_edit")
        self.add_field("Pu&blished", DateBinding("published", published, self), published)
        self.add_field("&URL", LineBinding("url", _line(self, "url_edit", "https://…"), self))
        accessed = _line(self, "accessed_edit", "When you read it online, e.g. 2025-01-31")
        self.add_field("Accesse&d", LineBinding("accessed", accessed, self))
        kind = QComboBox(self)
        kind.setObjectName("kind_combo")
        for value in SOURCE_KINDS:
            kind.addItem(value.capitalize(), value)
        self.add_field("K&ind", ChoiceBinding("kind", kind, self))
        reliability = QComboBox(self)
        reliability.setObjectName("reliability_combo")
        reliability.addItem("— not graded", None)
        for grade, label in RELIABILITY.items():
            reliability.addItem(label, grade)
        self.add_field("&Reliability", ChoiceBinding("reliability", reliability, self))
        key = _line(self, "citation_key_edit", "BibTeX / CSL key, e.g. smith2024")
        self.add_field("Citation &key", LineBinding("citation_key", key, self))
        copy_of = EntityPicker(controller, "source", self, allow_create=False)
        copy_of.setObjectName("copy_of_picker")
        copy_of.setPlaceholderText("The original, if this is a copy or reprint")
        self.add_field("Cop&y of", PickerBinding("copy_of", copy_of, self._source_title, self))
        status = QComboBox(self)
        status.setObjectName("status_combo")
        for label, value in STATUS_CHOICES:
            status.addItem(label, value)
        status.setToolTip("A discredited or retracted source no longer counts as support")
        self.add_field("Standin&g", StatusBinding("status", status, self, self))
        notes = QPlainTextEdit(self)
        notes.setObjectName("notes_edit")
        notes.setFixedHeight(notes.fontMetrics().height() * 4)
        self.add_field("&Notes", TextBinding("notes", notes, self))
        full_text = QPlainTextEdit(self)
        full_text.setObjectName("full_text_edit")
        full_text.setFixedHeight(full_text.fontMetrics().height() * 6)
        full_text.setPlaceholderText("The source's text, for reading and quoting")
        self.add_field("Full te&xt", TextBinding("full_text", full_text, self))
        self.tags = TagEditor(self)
        self.tags.setObjectName("tags_edit")
        self.add_field("Tag&s", TagsBinding(self.tags, self))
        self.add_section(CitationsSection("source", controller, stack, self))
        self.add_section(DerivationsSection(controller, stack, self))

    def defaults(self) -> dict[str, Any]:
        return {"kind": "article", "status": ""}

    def _source_title(self, source_id: int) -> str:
        title: str = self.controller.get("source", source_id)["title"]
        return title
