"""A compact row of filters (actor, tag, source, reliability, text, date range).

It emits an `EventFilter`, which every view applies in SQL: the timeline, its overview and the
Events list show the same events. A date the bar cannot read is marked and left out of the
filter rather than guessed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLayout,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)

from db import queries
from db.dates import parse_date
from db.errors import DateError
from db.models import RELIABILITY_GRADES
from db.queries import EventFilter
from desktop.library import LibraryController

_CHOICE_LIMIT = 5000
_TEXT_WIDTH, _DATE_WIDTH = 140, 90
_TEXT_DELAY_MS = 250
_CHOICE_KINDS = frozenset({"actor", "source", "tag", "link"})
ValueT = TypeVar("ValueT", int, str)  # what a choice stands for: a record's id, or a tag


class SearchableCombo(QComboBox, Generic[ValueT]):
    """A combo box you can type into; the popup lists the items containing what you typed."""

    def __init__(self, any_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.any_text = any_text
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(9)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None, "an editable combo box has a line edit"
        line.editingFinished.connect(self._settle_text)
        self.set_choices([])

    def set_choices(self, choices: list[tuple[str, ValueT]]) -> None:
        """Replace the items by (label, value), keeping the current value when still listed."""
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.any_text, None)
        for label, value in choices:
            self.addItem(label, value)
        index = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        if self.value() != current:
            self.currentIndexChanged.emit(self.currentIndex())

    def value(self) -> ValueT | None:
        chosen: ValueT | None = self.currentData()  # None: the "any" item
        return chosen

    def _settle_text(self) -> None:
        """Typed text picks the item it names (ignoring case), or falls back to the current one."""
        typed = self.currentText().strip().casefold()
        for index in range(self.count()):
            if self.itemText(index).casefold() == typed:
                self.setCurrentIndex(index)
                return
        self.setEditText(self.itemText(self.currentIndex()))


class FilterBar(QWidget):
    """Filters for the events shown; `filter_changed` carries the new `EventFilter`."""

    filter_changed = Signal(object)

    def __init__(self, controller: LibraryController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("filter_bar")
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Filter by words…")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(_TEXT_WIDTH)
        self.actor: SearchableCombo[int] = SearchableCombo("Any actor", self)
        self.tag: SearchableCombo[str] = SearchableCombo("Any tag", self)
        self.source: SearchableCombo[int] = SearchableCombo("Any source", self)
        self.reliability = QComboBox(self)
        self.reliability.addItem("Any reliability", None)
        for grade in RELIABILITY_GRADES[:-1]:
            label = "Sources graded A" if grade == "A" else f"Sources graded A–{grade}"
            self.reliability.addItem(label, grade)
        self.date_from = self._date_edit("From date")
        self.date_to = self._date_edit("To date")
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Clear all filters")
        self._name_controls()
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 2, 4, 2)
        self._grid.setSpacing(4)
        # The bar wraps to two rows when narrow, so the one-row width must not be its minimum.
        self._grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._controls: list[QWidget] = [
            self.text, self.actor, self.tag, self.source,
            self.reliability, self.date_from, self.date_to, self.clear_button,
        ]  # fmt: skip
        self._columns = 0
        self._arrange(len(self._controls))
        self._timer = QTimer(self, singleShot=True, interval=_TEXT_DELAY_MS)
        self._timer.timeout.connect(self._emit)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.date_from.textChanged.connect(lambda _t: self._timer.start())
        self.date_to.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.actor, self.tag, self.source, self.reliability):
            combo.currentIndexChanged.connect(lambda _i: self._emit())
        self.clear_button.clicked.connect(self.clear)
        controller.changed.connect(self._on_data_changed)
        controller.opened.connect(lambda _lib: self.reload_choices())
        self._last: EventFilter = EventFilter()
        if controller.is_open:
            self.reload_choices()

    def _date_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(name)
        edit.setMinimumWidth(_DATE_WIDTH)
        edit.setMaximumWidth(_DATE_WIDTH + 40)
        return edit

    def _arrange(self, columns: int) -> None:
        """Lay the controls out `columns` to a row (one row when wide, two when narrow)."""
        if columns == self._columns:
            return
        self._columns = columns
        for widget in self._controls:
            self._grid.removeWidget(widget)
        for index, widget in enumerate(self._controls):
            self._grid.addWidget(widget, index // columns, index % columns)
        for column in range(len(self._controls)):
            self._grid.setColumnStretch(column, 0)
        self._grid.setColumnStretch(0, 1)

    def _row_width(self, controls: Sequence[QWidget]) -> int:
        margins = self._grid.contentsMargins()
        spacing = self._grid.spacing() * (len(controls) - 1)
        return sum(w.minimumSizeHint().width() for w in controls) + spacing + margins.left() * 2

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(self._row_width(self._controls[:4]), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        fits = event.size().width() >= self._row_width(self._controls)
        self._arrange(len(self._controls) if fits else 4)
        super().resizeEvent(event)

    def _name_controls(self) -> None:
        names = {
            self.text: "Filter text",
            self.actor: "Filter by actor",
            self.tag: "Filter by tag",
            self.source: "Filter by source",
            self.reliability: "Filter by source reliability",
            self.date_from: "Filter from date",
            self.date_to: "Filter to date",
            self.clear_button: "Clear filters",
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)

    # -- choices ----------------------------------------------------------------------------------
    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & _CHOICE_KINDS:
            self.reload_choices()

    def reload_choices(self) -> None:
        """Fill the actor, tag and source lists from the library."""
        if not self.controller.is_open:
            for combo in (self.actor, self.tag, self.source):
                combo.set_choices([])
            return
        lib = self.controller.lib
        actors = queries.list_actors(lib, sort="events", descending=True, limit=_CHOICE_LIMIT)
        self.actor.set_choices([(row.name, row.id) for row in actors])
        self.tag.set_choices([(name, name) for _id, name, _color in self.controller.all_tags()])
        sources = queries.list_sources(lib, limit=_CHOICE_LIMIT)
        self.source.set_choices([(row.title, row.id) for row in sources])

    # -- the filter -------------------------------------------------------------------------------
    def current_filter(self) -> EventFilter:
        """The filter the controls describe (unreadable dates are left out)."""
        actor, tag, source = self.actor.value(), self.tag.value(), self.source.value()
        start = self._date_key(self.date_from, end=False)
        end = self._date_key(self.date_to, end=True)
        return EventFilter(
            actor_ids=(actor,) if actor is not None else (),
            tags=(tag,) if tag is not None else (),
            source_ids=(source,) if source is not None else (),
            min_reliability=self.reliability.currentData(),
            text=self.text.text().strip(),
            start_key=start,
            end_key=end,
        )

    def _date_key(self, edit: QLineEdit, *, end: bool) -> int | None:
        text = edit.text().strip()
        if not text:
            self._mark_date(edit, None)
            return None
        try:
            date = parse_date(text)
        except DateError as err:
            self._mark_date(edit, str(err))
            return None
        self._mark_date(edit, None)
        return date.end_key if end else date.start_key

    def _mark_date(self, edit: QLineEdit, problem: str | None) -> None:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for action in edit.actions():
            edit.removeAction(action)
        if problem is None:
            edit.setToolTip("")
            return
        edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        edit.setToolTip("<qt>" + html.escape(f"Not used: {problem}") + "</qt>")

    def _emit(self) -> None:
        filt = self.current_filter()
        if filt != self._last:
            self._last = filt
            self.filter_changed.emit(filt)

    def clear(self) -> None:
        """Drop every filter."""
        for widget in (self.text, self.date_from, self.date_to):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        for combo in (self.actor, self.tag, self.source, self.reliability):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._emit()
