"""New event from a passage: the quote and locator filled in, dates and actors proposed.

The user picks one of the dates found in the passage (resolved against the source's publication
date) or types another, ticks the actors taking part, and confirms; nothing is written here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.curation.passage import Passage
from db.dates import format_date
from db.queries.evidence import CREDIBILITY_MEANINGS
from desktop.curation.actor_choices import ActorCandidate, ActorChoicesModel
from desktop.curation.commands import ActorChoice, CitedEventDraft
from desktop.plain_text import plain_label
from desktop.widgets.date_field import DateField


def credibility_box(parent: QWidget | None = None) -> QComboBox:
    """Admiralty credibility 1-6, or not judged (None)."""
    box = QComboBox(parent)
    box.addItem("Not judged", None)
    for value, meaning in CREDIBILITY_MEANINGS.items():
        box.addItem(f"{value} — {meaning}", value)
    box.setAccessibleName("Credibility")
    return box


def actor_candidates(passage: Passage, names_by_id: dict[int, str]) -> list[ActorCandidate]:
    """Known actors found (checked) and then new names (unchecked)."""
    known = []
    for m in passage.actors:
        actor_id = int(m.actor_id)  # the library's ids are ints (db.curation's ActorId allows str)
        choice = ActorChoice(names_by_id.get(actor_id, m.text), actor_id)
        known.append(ActorCandidate(choice, m.text, True))
    new = [
        ActorCandidate(
            ActorChoice(n.name, None, kind="person" if n.title else "other"),
            f"{n.title} {n.name}".strip(),
            False,
        )
        for n in passage.new_names
    ]
    return known + new


class EventFromPassageDialog(QDialog):
    """Confirm a new event proved by `passage` of source `source_id`."""

    def __init__(
        self,
        passage: Passage,
        source_id: int,
        source_title: str,
        names_by_id: dict[int, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("New Event from Passage")
        self.setObjectName("event_from_passage")
        self.passage, self.source_id = passage, source_id
        self.resize(640, 620)
        form = QFormLayout()
        source_label = plain_label(source_title, self)
        source_label.setWordWrap(True)
        form.addRow("Source:", source_label)
        self.quote_view = QPlainTextEdit(self)
        self.quote_view.setPlainText(passage.quote)
        self.quote_view.setReadOnly(True)
        self.quote_view.setAccessibleName("Quoted passage")
        self.quote_view.setMaximumHeight(110)
        form.addRow("Quote:", self.quote_view)
        self.locator_edit = self._line(passage.locator, "Locator")
        form.addRow("&Locator:", self.locator_edit)
        self.title_edit = self._line(passage.title, "Title")
        form.addRow("&Title:", self.title_edit)
        self.date_choice = QComboBox(self)
        self.date_choice.setAccessibleName("Dates found in the passage")
        self._fill_date_choices()
        form.addRow("Dates found:", self.date_choice)
        self.date_field = DateField(self)
        self.date_field.setAccessibleName("Date")
        form.addRow("&Date:", self.date_field)
        self.credibility = credibility_box(self)
        form.addRow("&Credibility:", self.credibility)
        self.actors = ActorChoicesModel(actor_candidates(passage, names_by_id), self)
        self.actor_view = self._actor_table()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create Event")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(plain_label("Actors taking part (tick to link; new names are created):"))
        layout.addWidget(self.actor_view, 1)
        layout.addWidget(self.buttons)
        self.date_choice.currentIndexChanged.connect(self._use_date_choice)
        self.date_field.edit.textChanged.connect(self._validate)
        self.title_edit.textChanged.connect(self._validate)
        self._use_date_choice(self.date_choice.currentIndex())
        self._validate()

    def _line(self, text: str, name: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setAccessibleName(name)
        return edit

    def _fill_date_choices(self) -> None:
        resolved = [(d, d.edtf) for d in self.passage.dates if d.edtf is not None]
        for candidate, edtf in resolved:
            label = f"“{candidate.text}” → {format_date(edtf)}"
            if candidate.approximate:
                label += " (approximate)"
            self.date_choice.addItem(label, edtf)
        if not resolved:
            self.date_choice.addItem("No date found in the passage: type one below", None)
            self.date_choice.setEnabled(False)

    def _actor_table(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("actor_choices")
        view.setAccessibleName("Actors")
        view.setModel(self.actors)
        view.verticalHeader().hide()
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        return view

    def _use_date_choice(self, index: int) -> None:
        edtf = self.date_choice.itemData(index)
        if edtf:
            self.date_field.setText(edtf)

    def _validate(self) -> None:
        ok = self.date_field.parsed() is not None and bool(self.title_edit.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def draft(self) -> CitedEventDraft:
        """The event as confirmed (call after the dialog was accepted)."""
        return CitedEventDraft(
            title=self.title_edit.text().strip(),
            when=self.date_field.text().strip(),
            source_id=self.source_id,
            quote=self.passage.quote,
            locator=self.locator_edit.text().strip(),
            credibility=self.credibility.currentData(),
            actors=tuple(self.actors.chosen()),
        )
