"""Edit several selected events at once: category, importance, tags added or removed.

Apply makes one undo step (a macro of per-event edits); fields left blank change nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db import queries
from db.errors import ChronicleError
from desktop.commands import Command, EditCommand, MacroCommand, SetTagsCommand, push
from desktop.library import LibraryController
from desktop.panels.editors.category_names import CategoryNames, offer
from desktop.plain_text import plain_label
from desktop.widgets.tag_editor import TagEditor

KEEP = "Keep as is"


class BulkEventsForm(QWidget):
    """Shows how many events are selected and applies the same change to all of them."""

    applied = Signal(int)  # number of events changed

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulk_form")
        self.controller, self.stack = controller, stack
        self.event_ids: list[int] = []
        self.heading = plain_label("", self)
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        explain = plain_label(
            "Changes here apply to every selected event as one step (Undo reverts them all). "
            "Blank fields change nothing.",
            self,
        )
        explain.setWordWrap(True)
        self.category = QComboBox(self)
        self.category.setObjectName("bulk_category")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category_names = CategoryNames(controller, self)
        self.category_names.ready.connect(lambda names: offer(self.category, names))
        category_line = self.category.lineEdit()
        assert category_line is not None, "an editable combo box has a line edit"
        category_line.setPlaceholderText("Keep each event's category")
        self.importance = QComboBox(self)
        self.importance.setObjectName("bulk_importance")
        self.importance.addItem(KEEP, None)
        for level in range(1, 6):
            self.importance.addItem(str(level), level)
        self.add_tags = TagEditor(self)
        self.add_tags.setObjectName("bulk_add_tags")
        self.add_tags.setPlaceholderText("Tags to add, separated by commas")
        self.remove_tags = TagEditor(self)
        self.remove_tags.setObjectName("bulk_remove_tags")
        self.remove_tags.setPlaceholderText("Tags to remove, separated by commas")
        self.apply_button = QPushButton("A&pply", self)
        self.apply_button.setObjectName("bulk_apply")
        self.problem = plain_label("", self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._lay_out(explain)
        self.apply_button.clicked.connect(self.apply)
        for edit in (category_line, self.add_tags, self.remove_tags):
            edit.returnPressed.connect(self.apply)

    def _lay_out(self, explain: QLabel) -> None:
        form = QFormLayout()
        for text, widget in (
            ("Cate&gory", self.category),
            ("&Importance", self.importance),
            ("&Add tags", self.add_tags),
            ("Re&move tags", self.remove_tags),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def load(self, event_ids: list[int]) -> None:
        self.event_ids = sorted(event_ids)
        n = len(self.event_ids)
        self.heading.setText(f"{n} events selected")
        self.apply_button.setText(f"A&pply to {n} events")
        self.apply_button.setAccessibleName(f"Apply to {n} events")
        self.category.setEditText("")
        offer(self.category, self.category_names.current())
        self.importance.setCurrentIndex(0)
        known = [name for _id, name, _color in self.controller.all_tags()]
        for editor in (self.add_tags, self.remove_tags):
            editor.set_known(known)
            editor.clear()
        self.problem.hide()

    def focus_first_field(self) -> None:
        self.category.setFocus(Qt.FocusReason.OtherFocusReason)

    def apply(self) -> bool:
        """Apply the filled fields to every selected event as one undo step."""
        filled = any(
            (self.category.currentText().strip(), self.importance.currentData() is not None)
        ) or any((self.add_tags.tags(), self.remove_tags.tags()))
        children = self._commands()
        if not children:
            self._show_problem(
                "The selected events already look like that."
                if filled
                else "Fill in a category, an importance or tags to change."
            )
            return False
        text = f"Edit {len(self.event_ids)} events"
        try:
            push(self.stack, MacroCommand(self.controller, text, children))
        except ChronicleError as err:
            self._show_problem(str(err))
            return False
        self.applied.emit(len(self.event_ids))
        self.load(self.event_ids)
        return True

    def _commands(self) -> list[Command]:
        changes: dict[str, Any] = {}  # event fields by name, as EditCommand takes them
        if self.category.currentText().strip():
            changes["category"] = self.category.currentText().strip()
        if self.importance.currentData() is not None:
            changes["importance"] = self.importance.currentData()
        adding, removing = self.add_tags.tags(), set(self.remove_tags.tags())
        commands: list[Command] = []
        for event_id in self.event_ids:
            if changes:
                commands.append(EditCommand(self.controller, "event", event_id, **changes))
            if adding or removing:
                before = queries.tags_of(self.controller.lib, "event", event_id)
                after = [t for t in dict.fromkeys(before + adding) if t not in removing]
                if after != before:
                    commands.append(SetTagsCommand(self.controller, "event", event_id, after))
        return commands

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
