"""The shared editor form: fields bound to one record, saved one edit at a time.

Each field is committed when the user finishes with it (Enter, Tab away, a choice picked) as
its own undo step, so there is no Save button and nothing typed is lost when the selection
moves on (`commit_pending`). A new record is a draft until Create; then it is a normal form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from db import queries, store
from db.errors import ChronicleError, NotFoundError
from desktop.commands import (
    NOUNS,
    Command,
    CreateCommand,
    EditCommand,
    MacroCommand,
    SetTagsCommand,
    push,
    quoted,
)
from desktop.dialogs import edit_conflict
from desktop.library import LibraryController
from desktop.panels.editors.bindings import Binding, TagsBinding
from desktop.panels.editors.section import RecordSection
from desktop.plain_text import plain_label


def ask_keep_editing(parent: QWidget, message: str) -> bool:
    """Ask before leaving a form whose text the library refused: True to keep editing."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", message, parent=parent)
    box.setObjectName("keep_editing_question")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setInformativeText("Keep editing to fix it, or discard what was typed.")
    keep = box.addButton("&Keep Editing", QMessageBox.ButtonRole.RejectRole)
    box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is keep


class RecordForm(QWidget):
    """Edits one event, actor or source. Subclasses add fields (`add_field`) and sections."""

    kind = ""
    label_field = "title"  # the field that names the record (title or name)
    required: tuple[str, ...] = ()  # fields a draft needs before it can be created
    # Draft defaults the store works out by itself (an event's kind follows its date): sent only
    # when the user changed them. Every other shown default is stored as shown.
    derived: tuple[str, ...] = ()
    created = Signal(str, int)  # kind, id of a record made from the draft
    cancelled = Signal()

    def __init__(
        self, controller: LibraryController, stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"{self.kind}_form")
        self.controller, self.stack = controller, stack
        self.record_id: int | None = None
        # The row version the shown values came from: edits are based on it, so one that lost
        # a race to another analyst is refused and shown as a conflict (db/store/versions.py).
        self.base_version: int | None = None
        self._resolving = False  # the conflict dialog is open: leaving a field saves nothing
        self.bindings: dict[str, Binding[QWidget]] = {}
        self.sections: list[RecordSection] = []
        self._labels: dict[str, str] = {}
        self.heading = plain_label("", self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.problem = self._problem_row()
        self.fields = QFormLayout()
        self.fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.draft_buttons = self._draft_row()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.problem)
        self.layout_.addLayout(self.fields)
        self.layout_.addWidget(self.draft_buttons)
        self.layout_.addStretch(1)  # spare height goes below the form, not between its rows

    # -- building ---------------------------------------------------------------------------
    def add_field(
        self, label: str, binding: Binding[QWidget], widget: QWidget | None = None
    ) -> Binding[QWidget]:
        """Add a row `label` (with & mnemonic) for `binding`; `widget` if it is not the control."""
        shown = widget or binding.widget
        row_label = QLabel(label, self)
        row_label.setBuddy(binding.widget)
        plain = label.replace("&", "")
        binding.widget.setAccessibleName(plain)
        self.fields.addRow(row_label, shown)
        self.bindings[binding.name] = binding
        self._labels[binding.name] = plain.lower()
        binding.commitRequested.connect(self.commit)
        binding.submitted.connect(self._on_submitted)
        return binding

    def add_section(self, section: RecordSection) -> None:
        self.sections.append(section)
        self.layout_.insertWidget(self.layout_.count() - 1, section)

    def _problem_row(self) -> QWidget:
        row = QWidget(self)
        icon = QLabel(row)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        self.problem_text = plain_label("", row)
        self.problem_text.setObjectName("problem")
        self.problem_text.setWordWrap(True)
        self.problem_text.setAccessibleName("Problem")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.problem_text, 1)
        row.hide()
        return row

    def _draft_row(self) -> QWidget:
        row = QWidget(self)
        # No mnemonic: Enter creates, and Alt+C is the Curation menu's.
        self.create_button = QPushButton(f"Create {NOUNS[self.kind]}", row)
        self.create_button.setObjectName("create_button")
        self.create_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel", row)
        self.create_button.clicked.connect(self.create_record)
        self.cancel_button.clicked.connect(self.cancelled)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.create_button)
        return row

    # -- showing ------------------------------------------------------------------------------
    def load(self, record_id: int | None) -> None:
        """Show a stored record, or (None) a blank draft for a new one."""
        self.record_id = record_id
        self.show_problem(None)
        is_draft = record_id is None
        self.draft_buttons.setVisible(is_draft)
        for section in self.sections:
            section.setVisible(not is_draft)
        self._fill(self.defaults() if is_draft else self.stored_values(), keep_edits=False)

    def refresh(self) -> None:
        """Show the stored values again (after any change), keeping what the user is editing."""
        if self.record_id is None:
            return
        self._fill(self.stored_values(), keep_edits=True)

    def _fill(self, values: dict[str, Any], *, keep_edits: bool) -> None:
        self.before_fill()
        for name, binding in self.bindings.items():
            if keep_edits and binding.is_dirty():
                binding.rebase(values.get(name))
            else:
                binding.show(values.get(name))
        if self.record_id is None:
            self.heading.setText(f"New {NOUNS[self.kind]}")
        else:
            if not any(binding.is_dirty() for binding in self.bindings.values()):
                self.base_version = store.version(self.controller.lib, self.kind, self.record_id)
            self.heading.setText(values.get(self.label_field) or "")
            for section in self.sections:
                section.show_for(self.record_id)

    def stored_values(self) -> dict[str, Any]:
        """The shown record's fields and tags (only called while a stored record is shown)."""
        assert self.record_id is not None, "a draft has no stored values"
        values = self.controller.get(self.kind, self.record_id)
        values["tags"] = queries.tags_of(self.controller.lib, self.kind, self.record_id)
        return values

    def defaults(self) -> dict[str, Any]:
        """Field values of a new draft."""
        return {}

    def before_fill(self) -> None:
        """Refresh suggestions (tags; subclasses add e.g. categories) before values are shown."""
        tags = self.bindings.get("tags")
        if isinstance(tags, TagsBinding):
            tags.widget.set_known([name for _id, name, _c in self.controller.all_tags()])

    def record_label(self) -> str:
        binding = self.bindings[self.label_field]
        return str(binding.stored or binding.value() or "")

    def show_problem(self, message: str | None) -> None:
        message = message[:1].upper() + message[1:] if message else ""
        self.problem_text.setText(message)
        self.problem.setVisible(bool(message))

    def focus_problem(self) -> None:
        """Put the cursor in the first field the library refused (else the first field)."""
        refused = [b for b in self.bindings.values() if b.error() is not None]
        target = refused[0] if refused else next(iter(self.bindings.values()))
        target.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first_field(self) -> None:
        next(iter(self.bindings.values())).widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- saving -------------------------------------------------------------------------------
    def commit(self, binding: Binding[QWidget]) -> bool:
        """Save one changed field as an undo step; on refusal say why and keep the user's text."""
        if self.record_id is None or self._resolving or not binding.is_dirty():
            return True
        problem = binding.error()
        if problem is None:
            what = f"{NOUNS[self.kind]} {quoted(self.record_label())}"
            text = f"Change {self._labels[binding.name]} of {what}"
            command: Command
            if isinstance(binding, TagsBinding):  # the field named "tags"
                command = SetTagsCommand(
                    self.controller, self.kind, self.record_id, binding.value(), text=text
                )
            else:
                command = EditCommand(
                    self.controller,
                    self.kind,
                    self.record_id,
                    text=text,
                    based_on=self.base_version,
                    **{binding.name: binding.value()},
                )
            try:
                push(self.stack, command)
            except store.EditConflictError as conflict:
                problem = self._resolve_conflict(binding, conflict, text)
            except ChronicleError as err:
                problem = str(err)
        self.show_problem(problem)
        if problem is None:
            self.refresh()
        return problem is None

    def _resolve_conflict(
        self, binding: Binding[QWidget], conflict: store.EditConflictError, text: str
    ) -> str | None:
        """Another analyst changed this field meanwhile: keep theirs, or apply mine over it."""
        assert self.record_id is not None, "only a stored record's edit can conflict"
        self._resolving = True
        try:
            choice = edit_conflict.resolve(conflict, self)
        finally:
            self._resolving = False
        if choice != edit_conflict.MINE:
            binding.show(conflict.theirs.get(binding.name))  # what I typed is dropped
            return None
        command = EditCommand(
            self.controller, self.kind, self.record_id, text=text, based_on=conflict.version,
            **conflict.mine,
        )  # fmt: skip
        try:
            push(self.stack, command)
        except store.EditConflictError as again:  # they changed it once more meanwhile
            return self._resolve_conflict(binding, again, text)
        except ChronicleError as err:
            return str(err)
        return None

    def commit_pending(self) -> bool:
        """Save every changed field (before the form shows another record); False if refused."""
        if self.record_id is None:
            return True
        results = [self.commit(b) for b in list(self.bindings.values()) if b.is_dirty()]
        return all(results)

    def has_unsaved_draft(self) -> bool:
        return self.record_id is None and any(
            b.is_dirty() for b in self.bindings.values() if b.name != "kind"
        )

    def _on_submitted(self) -> None:
        if self.record_id is None:
            self.create_record()

    def create_record(self) -> int | None:
        """Make the draft a stored record (one undo step, tags included); None if refused."""
        try:
            fields = self._draft_fields()
            tag_binding = self.bindings.get("tags")
            tags = tag_binding.value() if isinstance(tag_binding, TagsBinding) else []
            make = CreateCommand(self.controller, self.kind, **fields)
            command: Command = make
            if tags:
                tag = SetTagsCommand(self.controller, self.kind, lambda: make.new_id, tags)
                command = MacroCommand(self.controller, make.text(), [make, tag])
            push(self.stack, command)
        except ChronicleError as err:
            self.show_problem(str(err))
            return None
        self.load(make.new_id)
        self.created.emit(self.kind, make.new_id)
        return make.new_id

    def _draft_fields(self) -> dict[str, Any]:
        # What the draft shows is what is stored: an actor left at "Person" is a person.
        fields = {k: v for k, v in self.defaults().items() if k not in self.derived}
        for name in self.required:
            if self.bindings[name].value() in (None, ""):
                raise ChronicleError(f"Give the new {NOUNS[self.kind]} a {self._labels[name]}.")
        for name, binding in self.bindings.items():
            problem = binding.error()
            if problem:
                raise ChronicleError(problem)
            if name != "tags" and binding.is_dirty():
                fields[name] = binding.value()
        return fields

    def exists(self) -> bool:
        """False once the shown record was deleted (by an undo, or another window)."""
        return self.record_id is None or self.exists_id(self.record_id)

    def exists_id(self, record_id: int) -> bool:
        try:
            self.controller.get(self.kind, record_id)
        except NotFoundError:
            return False
        return True
