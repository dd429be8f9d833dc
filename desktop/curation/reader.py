"""The source reader: a source's full text, numbered by paragraph, its cited passages highlighted.

It follows the shared selection: a selected source is shown; a selected event shows the first
source citing it that has full text (or stays on the shown source if that cites it too),
scrolled to the cited passage. Clicking a highlight selects its event. Text selected here
becomes a new cited event (see `desktop.curation.flows`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from db import queries
from db.curation.quotes import FoldedText, find_quote
from db.errors import ChronicleError
from db.queries.evidence import CREDIBILITY_MEANINGS, GRADE_MEANINGS, event_evidence
from db.queries.sources import SourceText, source_text, sources_with_text
from desktop.commands import Command, EditCommand, push
from desktop.curation import flows
from desktop.jobs import Job
from desktop.library import LibraryController
from desktop.panels.source_text_view import Highlight, SourceTextView
from desktop.plain_text import error_box, plain_label
from desktop.selection import SelectionModel
from desktop.workspace import Workspace

_REFRESH_ON = frozenset({"source", "event", "link"})
NEW_EVENT_SHORTCUT = QKeySequence("Ctrl+Shift+E")


class SourceReaderPanel(QWidget):
    """Reads one source at a time; `source` is what is shown (None: nothing)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("source_reader")
        controller, selection = workspace.controller, workspace.selection
        self.controller: LibraryController = controller
        self.selection: SelectionModel = selection
        self.undo_stack: QUndoStack = workspace.undo_stack
        self.source: SourceText | None = None
        self.selected_event: int | None = None
        self.unmatched: list[queries.CitationRow] = []
        self.scan_job: Job | None = None  # a long scan of dated statements (flows keeps it alive)
        self._folded = FoldedText("")
        self.view = SourceTextView(self)
        self.view.setObjectName("source_text")
        self.view.menu_builder = self._fill_context_menu
        self.view.highlight_activated.connect(self._select_event_of)
        self.view.selectionChanged.connect(self._update_actions)
        self._build_actions()
        self._build_layout()
        selection.changed.connect(self._on_selection)
        controller.changed.connect(self._on_data_changed)
        controller.opened.connect(lambda _lib: self.show_source(None))
        controller.closing.connect(lambda: self.show_source(None))
        self.show_source(None)

    # -- building ---------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_event_action = self._action(
            "New &Event from Selection…",
            lambda: flows.new_event_from_selection(self),
            "Create an event cited by the selected passage",
        )
        self.new_event_action.setShortcut(NEW_EVENT_SHORTCUT)
        self.find_statements_action = self._action(
            "Find &Dated Statements…",
            lambda: flows.scan_dated_statements(self),
            "List every sentence of this source that carries a date",
        )
        self.set_text_action = self._action(
            "Set &Full Text…", lambda: flows.set_full_text(self), "Paste or edit this source's text"
        )
        self.new_source_action = self._action(
            "New &Source from Text…",
            self._new_source_from_text,
            "Add a source by pasting its text",
        )
        self.check_copies_action = self._action(
            "Check for &Copies…",
            lambda: flows.check_copies(self),
            "Find sources whose text this one copies (or that copy it)",
        )
        self.actions_for_menu = [
            self.new_event_action,
            self.find_statements_action,
            None,
            self.set_text_action,
            self.new_source_action,
            self.check_copies_action,
        ]

    def _build_layout(self) -> None:
        self.title_label = plain_label("", self)
        self.title_label.setObjectName("source_title")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.grade_box = QComboBox(self)
        self.grade_box.setObjectName("source_grade")
        self.grade_box.setAccessibleName("Reliability grade of the source")
        # Long grade meanings show in the popup; the closed box must not widen the dock.
        self.grade_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.grade_box.setMinimumContentsLength(12)
        self.grade_box.addItem("Not graded", None)
        for grade, meaning in GRADE_MEANINGS.items():
            self.grade_box.addItem(f"{grade} — {meaning}", grade)
        self.grade_box.activated.connect(self._grade_chosen)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.grade_box)
        self.info_label = plain_label("", self)
        self.info_label.setObjectName("source_info")
        self.info_label.setWordWrap(True)
        self.evidence_label = plain_label("", self)
        self.evidence_label.setObjectName("event_evidence")
        self.evidence_label.setWordWrap(True)
        toolbar = QToolBar(self)
        toolbar.setObjectName("source_reader_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.actions_for_menu:
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
                name = action.text().replace("&", "").rstrip("…")
                toolbar.widgetForAction(action).setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(toolbar)
        layout.addLayout(header)
        layout.addWidget(self.info_label)
        layout.addWidget(self.evidence_label)
        layout.addWidget(self.view, 1)

    def _new_source_from_text(self) -> None:
        # The text was pasted to be read and marked: bring the reader forward, which was often
        # a tab behind the Relationships panel, so the new source seemed to go nowhere.
        if flows.new_source_from_text(self) is not None:
            dock = self.parentWidget()
            if isinstance(dock, QDockWidget):
                dock.show()
                dock.raise_()

    # -- what is shown ----------------------------------------------------------------------
    def show_source(self, source_id: int | None) -> None:
        """Show a source's text and highlights (None: show nothing)."""
        self.source = None
        if source_id is not None and self.controller.is_open:
            try:
                self.source = source_text(self.controller.lib, source_id)
            except ChronicleError:
                self.source = None
        self.view.set_source_text(self.source.full_text or "" if self.source else "")
        self._folded = FoldedText(self.view.text)  # folded only if a quote needs it
        self._refresh_highlights()
        self._update_header()
        self._update_actions()

    def _reload(self) -> None:
        """After a change: the same source, its new text or highlights, same scroll position."""
        if self.source is None:
            self._update_header()
            return
        try:
            fresh = source_text(self.controller.lib, self.source.id)
        except ChronicleError:
            self.show_source(None)
            return
        if fresh.full_text != self.source.full_text:
            self.show_source(fresh.id)
            return
        self.source = fresh
        scroll = self.view.verticalScrollBar().value()
        self._refresh_highlights()
        self.view.verticalScrollBar().setValue(scroll)
        self._update_header()
        self._update_actions()

    def _refresh_highlights(self) -> None:
        self.unmatched = []
        highlights: list[Highlight] = []
        text = self.view.text
        if self.source is not None and text:
            cites = queries.citations(self.controller.lib, source_id=self.source.id)
            titles = self._event_titles([c.event_id for c in cites if c.event_id is not None])
            for c in cites:
                span = find_quote(text, c.quote, c.locator, self._folded)
                if span is None:
                    self.unmatched.append(c)
                    continue
                label = titles.get(c.event_id, "a relation") if c.event_id else "a relation"
                highlights.append(
                    Highlight(
                        span.start, span.end, c.id, c.event_id, label, span.exact, c.credibility
                    )
                )
        self.view.set_highlights(highlights, self.selected_event)

    def _event_titles(self, event_ids: list[int]) -> dict[int, str]:
        found = event_evidence(self.controller.lib, event_ids)
        return {event_id: e.title for event_id, e in found.items()}

    def _update_header(self) -> None:
        source = self.source
        self.grade_box.setEnabled(source is not None and not self.controller.read_only)
        if source is None:
            self.title_label.setText("No source shown")
            self.info_label.setText("Select a source, or an event cited from one, to read it here.")
            self.grade_box.setCurrentIndex(0)
            self.evidence_label.setText("")
            return
        self.title_label.setText(source.title)
        self.grade_box.setCurrentIndex(max(0, self.grade_box.findData(source.reliability)))
        notes = []
        if not source.full_text:
            notes.append("This source has no full text yet: use Set Full Text… to paste it.")
        else:
            count = len(self.view.highlights)
            notes.append(f"{count} cited passage{'' if count == 1 else 's'} highlighted.")
        if self.unmatched:
            count = len(self.unmatched)
            quote = "citation quotes" if count == 1 else "citations quote"
            notes.append(f"{count} {quote} words not found in this text.")
        if source.copy_of_id is not None:
            try:
                original = source_text(self.controller.lib, source.copy_of_id).title
            except ChronicleError:
                original = f"source {source.copy_of_id}"
            notes.append(f"A copy of “{original}”: it does not count as independent evidence.")
        self.info_label.setText(" ".join(notes))
        self._update_evidence()

    def _update_evidence(self) -> None:
        if self.selected_event is None or not self.controller.is_open:
            self.evidence_label.setText("")
            return
        found = event_evidence(self.controller.lib, [self.selected_event])
        evidence = found.get(self.selected_event)
        if evidence is None:
            self.evidence_label.setText("")
            return
        count = evidence.source_count
        parts = [f"{count} independent source{'' if count == 1 else 's'}"]
        if evidence.best_grade:
            parts.append(f"best grade {evidence.best_grade}")
        if evidence.best_credibility:
            parts.append(f"best credibility {evidence.best_credibility}")
        self.evidence_label.setText(f"Event “{evidence.title}”: " + ", ".join(parts) + ".")

    def _update_actions(self) -> None:
        writable = self.controller.is_open and not self.controller.read_only
        has_text = self.source is not None and bool(self.source.full_text)
        self.new_event_action.setEnabled(
            writable and has_text and self.view.selected_span() is not None
        )
        self.find_statements_action.setEnabled(writable and has_text)
        self.set_text_action.setEnabled(writable and self.source is not None)
        self.new_source_action.setEnabled(writable)
        self.check_copies_action.setEnabled(self.controller.is_open and has_text)

    # -- following the selection and the data --------------------------------------------------
    def _on_selection(self, origin: object) -> None:
        current = self.selection.current
        self.selected_event = current[1] if current and current[0] == "event" else None
        if origin is self or current is None or current[0] == "actor":
            self.view.set_highlights(self.view.highlights, self.selected_event)
            self._update_evidence()
            return
        kind, entity_id = current
        if kind == "source":
            if self.source is None or self.source.id != entity_id:
                self.show_source(entity_id)
            else:
                self._update_evidence()
            return
        self._show_event(entity_id)

    def _show_event(self, event_id: int) -> None:
        cites = queries.citations(self.controller.lib, event_id=event_id)
        readable = sources_with_text(self.controller.lib, [c.source_id for c in cites])
        cited = [c.source_id for c in cites if c.source_id in readable]
        if cited and (self.source is None or self.source.id not in cited):
            self.show_source(cited[0])
        else:
            self.view.set_highlights(self.view.highlights, event_id)
            self._update_evidence()
        own = [h for h in self.view.highlights if h.event_id == event_id]
        if own:
            self.view.scroll_to(own[0].start)

    def _on_data_changed(self, kinds: frozenset[str]) -> None:
        if kinds & _REFRESH_ON and self.controller.is_open:
            self._reload()

    def _select_event_of(self, highlight: Highlight) -> None:
        if highlight.event_id is not None:
            self.selection.select("event", [highlight.event_id], origin=self)

    # -- editing evidence -----------------------------------------------------------------------
    def _grade_chosen(self, index: int) -> None:
        grade = self.grade_box.itemData(index)
        if self.source is None or grade == self.source.reliability:
            return
        text = f"Grade source {grade}" if grade else "Remove source grade"
        self._push(EditCommand(self.controller, "source", self.source.id, text, reliability=grade))

    def _push(self, command: Command) -> bool:
        try:
            push(self.undo_stack, command)
        except ChronicleError as err:
            error_box(self, "Change refused", err)
            self._update_header()
            return False
        return True

    def _fill_context_menu(self, menu: QMenu, highlight: Highlight | None) -> None:
        menu.addSeparator()
        menu.addAction(self.new_event_action)
        if highlight is None:
            return
        if highlight.event_id is not None:
            go = menu.addAction(f"Select Event “{highlight.label}”")
            go.triggered.connect(lambda: self._select_event_of(highlight))
        menu.addMenu(self._credibility_menu(menu, highlight))

    def _credibility_menu(self, parent: QMenu, highlight: Highlight) -> QMenu:
        submenu = QMenu("Citation &Credibility", parent)
        group = QActionGroup(submenu)
        choices = [(None, "Not judged"), *CREDIBILITY_MEANINGS.items()]
        for value, meaning in choices:
            label = meaning if value is None else f"{value} — {meaning}"
            action = submenu.addAction(label)
            action.setCheckable(True)
            action.setChecked(value == highlight.credibility)
            action.setEnabled(not self.controller.read_only)
            group.addAction(action)
            action.triggered.connect(
                lambda _=False, v=value: self._push(
                    EditCommand(
                        self.controller,
                        "citation",
                        highlight.citation_id,
                        "Set citation credibility",
                        credibility=v,
                    )
                )
            )
        return submenu
