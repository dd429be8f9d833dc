"""The event editor: title, date (read back as you type), kind, category, importance, colour,
tags and summary, then the event's actors, cited sources and relations."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop.library import LibraryController
from desktop.panels.editors.bindings import (
    ChoiceBinding,
    ColorBinding,
    DateBinding,
    EditableChoiceBinding,
    LineBinding,
    SpinBinding,
    TagsBinding,
    TextBinding,
)
from desktop.panels.editors.category_names import CategoryNames, offer
from desktop.panels.editors.citations import CitationsSection
from desktop.panels.editors.evidence_summary import EvidenceSummary
from desktop.panels.editors.form import RecordForm
from desktop.panels.editors.participants import ParticipantsSection
from desktop.panels.editors.relations import RelationsSection
from desktop.widgets.color_button import ColorButton
from desktop.widgets.date_field import DateField
from desktop.widgets.tag_editor import TagEditor

EVENT_KINDS = (("Point in time", "point"), ("Span of time", "span"))


class EventForm(RecordForm):
    kind = "event"
    required = ("title", "when")
    derived = ("kind",)

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(controller, stack, parent)
        title = QLineEdit(self)
        title.setObjectName("title_edit")
        self.add_field("&Title", LineBinding("title", title, self))
        self.date = DateField(self)
        self.date.setObjectName("when_field")
        self.date.edit.setObjectName("when_edit")
        self.add_field("&Date", DateBinding("when", self.date, self), self.date)
        kind = QComboBox(self)
        kind.setObjectName("kind_combo")
        for label, value in EVENT_KINDS:
            kind.addItem(label, value)
        self.add_field("&Kind", ChoiceBinding("kind", kind, self))
        self.category = QComboBox(self)
        self.category.setObjectName("category_combo")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_field("Cate&gory", EditableChoiceBinding("category", self.category, self))
        self.category_names = CategoryNames(controller, self)
        self.category_names.ready.connect(lambda names: offer(self.category, names))
        importance = QSpinBox(self)
        importance.setObjectName("importance_spin")
        importance.setRange(1, 5)
        importance.setToolTip("1 minor … 5 major: major events keep their labels when zoomed out")
        self.add_field("&Importance", SpinBinding("importance", importance, self))
        color = ColorButton(self, name="Colour")
        color.setObjectName("color_button")
        self.add_field("Co&lour", ColorBinding("color", color, self))
        self.tags = TagEditor(self)
        self.tags.setObjectName("tags_edit")
        self.add_field("Tag&s", TagsBinding(self.tags, self))
        summary = QPlainTextEdit(self)
        summary.setObjectName("summary_edit")
        summary.setFixedHeight(summary.fontMetrics().height() * 6)
        self.add_field("Su&mmary", TextBinding("summary", summary, self))
        self.add_section(ParticipantsSection(controller, stack, self))
        self.add_section(CitationsSection("event", controller, stack, self))
        self.add_section(EvidenceSummary(controller, self))
        self.add_section(RelationsSection("event", controller, stack, self))

    def defaults(self) -> dict[str, Any]:
        return {"kind": "point", "importance": 3}

    def before_fill(self) -> None:
        super().before_fill()
        offer(self.category, self.category_names.current())
