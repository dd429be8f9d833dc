"""Bindings between one form control and one stored field of a record.

A binding shows the stored value, knows whether the user changed it (`is_dirty`), and asks the
form to commit when the user finishes with the control (Enter, leaving it, picking a choice).
Escape puts the stored value back. The form turns a commit into an undo command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop.widgets.color_button import ColorButton
from desktop.widgets.date_field import DateField, readable
from desktop.widgets.entity_picker import EntityPicker
from desktop.widgets.tag_editor import TagEditor, split_tags

LIST_SEPARATOR = ";"

# A control's value as `store.update` takes it: text, a number, a list of texts or an id, or None.
FieldValue = str | int | list[str] | None
WidgetT = TypeVar("WidgetT", bound=QWidget, covariant=True)
LineT = TypeVar("LineT", bound=QLineEdit, covariant=True)


class Binding(QObject, Generic[WidgetT]):
    """One control bound to the stored field `name`."""

    commitRequested = Signal(object)  # self: the user finished editing this control
    submitted = Signal()  # Enter pressed in a one-line control (creates a draft record)

    def __init__(self, name: str, widget: WidgetT, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name, self.widget = name, widget
        self._stored: Any = None  # the record's value as read: its type depends on the field
        self._loading = False
        widget.installEventFilter(self)

    def value(self) -> FieldValue:
        """The control's value, as `store.update` takes it."""
        raise NotImplementedError

    def _put(self, value: Any) -> None:
        """Show a stored value in the control."""
        raise NotImplementedError

    def show(self, value: Any) -> None:
        """Show a stored value; the control is clean afterwards."""
        self._stored = value
        self._loading = True
        try:
            self._put(value)
        finally:
            self._loading = False

    @property
    def loading(self) -> bool:
        """True while `show` puts a stored value in: a change then is not the user's."""
        return self._loading

    @property
    def stored(self) -> Any:
        return self._stored

    def rebase(self, value: Any) -> None:
        """The stored value changed while the user is editing: keep their text, compare anew."""
        self._stored = value

    def is_dirty(self) -> bool:
        return _normal(self.value()) != _normal(self._stored)

    def error(self) -> str | None:
        """Why the control's value cannot be saved (None: it can)."""
        return None

    def revert(self) -> None:
        self.show(self._stored)

    def _finished(self, *_args: object) -> None:
        if not self._loading and self.is_dirty():
            self.commitRequested.emit(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_escape = (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        )
        if is_escape and self.is_dirty():
            self.revert()
            return True
        return False


def _normal(value: object) -> object:
    """Compare '' with None and lists with tuples as equal: both mean the same to a user."""
    if value in (None, ""):
        return None
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


class _OneLineBinding(Binding[LineT]):
    """A control that is a line edit: committed on Enter or when focus leaves it."""

    def __init__(self, name: str, widget: LineT, parent: QObject | None = None) -> None:
        super().__init__(name, widget, parent)
        widget.editingFinished.connect(self._finished)
        widget.returnPressed.connect(self.submitted)


class LineBinding(_OneLineBinding[QLineEdit]):
    def value(self) -> str:
        return self.widget.text().strip()

    def _put(self, value: str | None) -> None:
        self.widget.setText(value or "")
        self.widget.setCursorPosition(0)  # a long title shows its start


class ListBinding(_OneLineBinding[QLineEdit]):
    """A list of short texts (authors, aliases) in one line, separated by semicolons."""

    def value(self) -> list[str]:
        return [part.strip() for part in self.widget.text().split(LIST_SEPARATOR) if part.strip()]

    def _put(self, value: list[str] | None) -> None:
        self.widget.setText(f"{LIST_SEPARATOR} ".join(value or []))


class TextBinding(Binding[QPlainTextEdit]):
    """Multi-line text: committed when focus leaves it or on Ctrl+Enter."""

    def __init__(self, name: str, widget: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(name, widget, parent)
        widget.setTabChangesFocus(True)

    def value(self) -> str:
        return self.widget.toPlainText().strip()

    def _put(self, value: str | None) -> None:
        self.widget.setPlainText(value or "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._finished()
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._finished()
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)


class ChoiceBinding(Binding[QComboBox]):
    """A combo box whose items carry the stored values as user data."""

    def __init__(self, name: str, widget: QComboBox, parent: QObject | None = None) -> None:
        super().__init__(name, widget, parent)
        widget.activated.connect(self._finished)

    def value(self) -> FieldValue:
        data: FieldValue = self.widget.currentData()  # the stored value its item carries
        return data

    def _put(self, value: FieldValue) -> None:
        index = self.widget.findData(value)
        self.widget.setCurrentIndex(max(index, 0))


class EditableChoiceBinding(Binding[QComboBox]):
    """An editable combo box (category): free text with suggestions."""

    def __init__(self, name: str, widget: QComboBox, parent: QObject | None = None) -> None:
        super().__init__(name, widget, parent)
        line = widget.lineEdit()
        assert line is not None, "an editable combo box has a line edit"
        line.editingFinished.connect(self._finished)
        line.returnPressed.connect(self.submitted)
        widget.activated.connect(self._finished)

    def value(self) -> str:
        return self.widget.currentText().strip()

    def _put(self, value: str | None) -> None:
        self.widget.setEditText(value or "")


class SpinBinding(Binding[QSpinBox]):
    def __init__(self, name: str, widget: QSpinBox, parent: QObject | None = None) -> None:
        super().__init__(name, widget, parent)
        widget.setKeyboardTracking(False)
        widget.valueChanged.connect(self._finished)
        widget.lineEdit().returnPressed.connect(self.submitted)

    def value(self) -> int:
        return self.widget.value()

    def _put(self, value: int | str | None) -> None:
        self.widget.setValue(int(value) if value is not None else self.widget.minimum())


class DateBinding(Binding[QLineEdit]):
    """A date: saved as typed (the store turns it into EDTF); refused text is never committed."""

    def __init__(self, name: str, widget: DateField, parent: QObject | None = None) -> None:
        super().__init__(name, widget.edit, parent)
        self.field = widget
        widget.editingFinished.connect(self._finished)
        widget.returnPressed.connect(self.submitted)

    def value(self) -> str:
        return self.field.text().strip()

    def _put(self, value: str | None) -> None:
        # People read 'c. 2025', not '2025~'; the EDTF stays in the tooltip and the reading below.
        self.field.setText(readable(value))
        self.field.edit.setToolTip(f"Stored as EDTF {value}" if value else "")

    def is_dirty(self) -> bool:
        parsed = self.field.parsed()
        stored: str | None = self._stored or None
        if parsed is None:
            return _normal(self.value()) != _normal(stored)
        return parsed.edtf != stored  # '28 July 2024' is no change from '2024-07-28'

    def error(self) -> str | None:
        return self.field.error()


class ColorBinding(Binding[ColorButton]):
    def __init__(self, name: str, widget: ColorButton, parent: QObject | None = None) -> None:
        super().__init__(name, widget, parent)
        widget.colorChanged.connect(self._finished)

    def value(self) -> str | None:
        return self.widget.color()

    def _put(self, value: str | None) -> None:
        self.widget.set_color(value)


class TagsBinding(_OneLineBinding[TagEditor]):
    """The record's tags (saved with set_tags, not update)."""

    def __init__(self, widget: TagEditor, parent: QObject | None = None) -> None:
        super().__init__("tags", widget, parent)

    def value(self) -> list[str]:
        return split_tags(self.widget.text())

    def _put(self, value: list[str] | tuple[str, ...] | None) -> None:
        self.widget.set_tags(list(value or []))


class PickerBinding(_OneLineBinding[EntityPicker]):
    """A reference to another record (a source's 'copy of'): its id, or None when empty."""

    def __init__(
        self,
        name: str,
        widget: EntityPicker,
        label_of: Callable[[int], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(name, widget, parent)
        self._label_of = label_of  # id -> label shown

    def value(self) -> int | None:
        return self.widget.resolve() if self.widget.text().strip() else None

    def _put(self, value: int | None) -> None:
        self.widget.set_record(value, self._label_of(value) if value else "")

    def is_dirty(self) -> bool:
        return self.error() is not None or super().is_dirty()  # an unknown name is a change

    def error(self) -> str | None:
        if self.widget.text().strip() and self.widget.resolve() is None:
            return f"There is no {self.widget.kind} called '{self.widget.text().strip()}'."
        return None
