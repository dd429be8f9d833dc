"""Evidence: the sources cited for an event, and what a source is cited for.

Each citation carries a locator (page, paragraph), the quoted passage, a credibility grade
(1 confirmed … 6 cannot be judged), when its source said it (its publication date unless the
citation names another, e.g. for a dated passage of a diary) and the date its source gives for
the event (which may disagree with another source's).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from db import queries
from db.queries import CitationRow, RelationRow
from db.queries.record_links import event_titles, source_citation_links
from desktop.commands import citation_command, link_new, push
from desktop.library import LibraryController
from desktop.models.links import CREDIBILITY, LinkColumn
from desktop.panels.editors.delegates import ChoiceDelegate
from desktop.panels.editors.evidence_summary import readable
from desktop.panels.editors.link_section import LinkSection, how_many
from desktop.widgets.entity_picker import EntityPicker

NO_GRADE = "— not graded"
CREDIBILITY_CHOICES = [(NO_GRADE, None), *((label, n) for n, label in CREDIBILITY.items())]


class CitedRow(NamedTuple):
    id: int
    label: str  # the source (on an event) or what is cited (on a source)
    locator: str
    quote: str
    credibility: int | None
    reported: str | None  # the citation's own report date
    asserted: str | None  # the date the source gives for the event
    published: str | None  # the source's publication date (the default report date)


def _reported(row: CitedRow) -> str:
    if row.reported:
        return readable(row.reported)
    return f"{readable(row.published)} (published)" if row.published else ""


def _cited_row(c: CitationRow, label: str) -> CitedRow:
    return CitedRow(
        c.id,
        label,
        c.locator,
        c.quote,
        c.credibility,
        c.reported_edtf,
        c.asserted_edtf,
        c.published_edtf,
    )


def _columns(first: str) -> list[LinkColumn[CitedRow]]:
    # The quoted passage comes last: it takes the width that is left.
    return [
        LinkColumn(first, lambda r: r.label),
        LinkColumn("Locator", lambda r: r.locator, field="locator"),
        LinkColumn(
            "Credibility",
            lambda r: CREDIBILITY.get(r.credibility, ""),
            field="credibility",
            value=lambda r: r.credibility,
        ),
        LinkColumn("Reported", _reported, field="reported", value=lambda r: r.reported or ""),
        LinkColumn(
            "Date given",
            lambda r: readable(r.asserted),
            field="asserted",
            value=lambda r: r.asserted or "",
        ),
        LinkColumn("Quoted passage", lambda r: r.quote, field="quote"),
    ]


class CitationsSection(LinkSection[CitedRow]):
    """Citations of one event (`owner` 'event') or of one source (`owner` 'source')."""

    link_kind = "citation"

    def __init__(
        self,
        owner: str,
        controller: LibraryController,
        stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        self.owner = owner
        self.other_kind = "source" if owner == "event" else "event"
        title = "Sources cited" if owner == "event" else "Cited for"
        first = "Source" if owner == "event" else "Event or relation"
        super().__init__(title, controller, stack, _columns(first), parent)
        self.view.setItemDelegateForColumn(2, ChoiceDelegate(CREDIBILITY_CHOICES, self.view))
        self._build_add_row()

    def _build_add_row(self) -> None:
        row = self.add_row
        self.picker = EntityPicker(self.controller, self.other_kind, row)
        self.picker.setObjectName(f"{self.other_kind}_picker")
        self.picker.setAccessibleName(f"{self.other_kind.title()} to cite")
        self.locator = QLineEdit(row)
        self.locator.setObjectName("locator_edit")
        self.locator.setPlaceholderText("Locator: page, paragraph…")
        self.locator.setAccessibleName("Locator")
        self.credibility = QComboBox(row)
        self.credibility.setObjectName("credibility_combo")
        self.credibility.setAccessibleName("Credibility")
        for label, value in CREDIBILITY_CHOICES:
            self.credibility.addItem(label, value)
        self.quote = QPlainTextEdit(row)
        self.quote.setObjectName("quote_edit")
        self.quote.setPlaceholderText("The quoted passage that supports it (Ctrl+Enter adds)")
        self.quote.setAccessibleName("Quoted passage")
        self.quote.setTabChangesFocus(True)
        self.quote.setFixedHeight(self.fontMetrics().height() * 4)
        self.add_button = QPushButton("Cite", row)  # Enter adds; Alt+C is the Curation menu
        self.add_button.setObjectName("add_citation")
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.picker, 0, 0, 1, 2)
        grid.addWidget(self.locator, 1, 0)
        grid.addWidget(self.credibility, 1, 1)
        grid.addWidget(self.quote, 2, 0, 1, 2)
        grid.addWidget(self.add_button, 3, 1, Qt.AlignmentFlag.AlignRight)
        self.picker.stateChanged.connect(self._update_add)
        self.picker.returnPressed.connect(self.add)
        self.locator.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.quote.installEventFilter(self)
        self._update_add()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.quote
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.add()
            return True
        return super().eventFilter(watched, event)

    def _update_add(self) -> None:
        new = self.picker.is_new()
        self.add_button.setText("Create source && cite" if new else "Cite")
        self.add_button.setEnabled(bool(self.picker.text().strip()))

    def fetch_page(self, record_id: int) -> tuple[list[CitedRow], int]:
        lib = self.controller.lib
        if self.owner == "event":
            rows = queries.citations(lib, event_id=record_id)
            return [_cited_row(c, c.source_title) for c in rows], len(rows)
        rows, total = source_citation_links(lib, record_id)
        events = event_titles(lib, [c.event_id for c in rows if c.event_id is not None])
        relation_ids = [c.relation_id for c in rows if c.relation_id is not None]
        relations: dict[int, RelationRow] = {}
        if relation_ids:
            relations = {r.id: r for r in queries.relations(lib, ids=relation_ids)}

        def label(c: CitationRow) -> str:
            if c.event_id is not None:
                return events[c.event_id]
            assert c.relation_id is not None, "a citation is of an event or of a relation"
            r = relations[c.relation_id]
            return f"{r.from_label} {r.type} {r.to_label}"

        return [_cited_row(c, label(c)) for c in rows], total

    def more_text(self, shown: int, total: int) -> str:
        return (
            f"Showing the first {shown:,} of {how_many(total)} citations, "
            f"in the order they were made. "
            "Filter by this source above the timeline to see its events in the Events list."
        )

    def add(self) -> None:
        name, record_id = self.picker.text().strip(), self.record_id
        if not name or record_id is None:
            return
        other_id = self.picker.resolve()
        if other_id is None and not self.picker.is_new():
            self.show_problem(f"There is no {self.other_kind} called '{name}'.")
            return
        credibility: int | None = self.credibility.currentData()  # a grade, or None
        fields: dict[str, str | int | None] = {
            "locator": self.locator.text().strip(),
            "quote": self.quote.toPlainText().strip(),
            "credibility": credibility,
        }
        if self.run(lambda: self._cite(record_id, other_id, name, fields)):
            self.picker.clear()
            self.locator.clear()
            self.quote.clear()
            self.credibility.setCurrentIndex(0)
            self.picker.setFocus()

    def _cite(
        self,
        record_id: int,
        other_id: int | None,
        name: str,
        fields: dict[str, str | int | None],
    ) -> None:
        ctl = self.controller
        if self.owner == "source":
            push(self.stack, citation_command(ctl, record_id, event_id=other_id, **fields))
        elif other_id is None:
            event_id = record_id
            link_new(
                self.stack,
                ctl,
                "source",
                name,
                lambda new_id: citation_command(ctl, new_id, event_id=event_id, **fields),
            )
        else:
            push(self.stack, citation_command(ctl, other_id, event_id=record_id, **fields))
