"""The inspector: edits the current record of the shared selection, or several events at once.

It follows `SelectionModel.current`; before showing another record it saves what the user typed
(`commit_pending`), so switching records never loses an edit. New records start as drafts here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from desktop.commands import NOUNS, quoted
from desktop.library import LibraryController
from desktop.panels.editors.actor_form import ActorForm
from desktop.panels.editors.bulk_form import BulkEventsForm
from desktop.panels.editors.event_form import EventForm
from desktop.panels.editors.form import RecordForm, ask_keep_editing
from desktop.panels.editors.source_form import SourceForm
from desktop.plain_text import plain_label
from desktop.selection import SelectionModel
from desktop.workspace import Workspace

EMPTY_TEXT = (
    "Select an event, actor or source to see and edit it here.\n\n"
    "Edit ▸ New Event (Ctrl+E), New Actor (Ctrl+Shift+A) or New Source (Ctrl+Shift+R) "
    "starts a new record."
)


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class InspectorPanel(QWidget):
    """A stack of pages: nothing selected, one form per kind, and the bulk event form."""

    notice = Signal(str)  # an edit that could not be saved when the inspector moved on
    record_created = Signal(str, int)  # kind, id: a draft became a record by the user's Create

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("inspector")
        controller, stack = workspace.controller, workspace.undo_stack
        self.controller: LibraryController = controller
        self.selection: SelectionModel = workspace.selection
        self.empty = plain_label(EMPTY_TEXT, self)
        self.empty.setObjectName("inspector_empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        self.forms: dict[str, RecordForm] = {
            "event": EventForm(controller, stack),
            "actor": ActorForm(controller, stack),
            "source": SourceForm(controller, stack),
        }
        self.bulk = BulkEventsForm(controller, stack)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self._scroll: dict[QWidget, QScrollArea] = {}
        for page in (*self.forms.values(), self.bulk):
            self._scroll[page] = _scrolling(page)
            self.pages.addWidget(self._scroll[page])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._leaving = False
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        for form in self.forms.values():
            form.created.connect(self._on_created)
            form.cancelled.connect(self._on_cancelled)
        self.selection.changed.connect(self._follow_selection)
        # Bound methods, not lambdas: Qt drops these connections when the panel goes.
        controller.changed.connect(self._schedule_refresh)
        controller.opened.connect(self.show_empty)
        controller.closing.connect(self.show_empty)

    # -- what is shown ------------------------------------------------------------------------
    def current_page(self) -> QWidget | None:
        widget = self.pages.currentWidget()
        return widget.widget() if isinstance(widget, QScrollArea) else widget

    def current_form(self) -> RecordForm | None:
        page = self.current_page()
        return page if isinstance(page, RecordForm) else None

    def shown(self) -> tuple[str, int] | None:
        """(kind, id) of the record being edited; None for a draft, the bulk form or nothing."""
        form = self.current_form()
        if form is None or form.record_id is None:
            return None
        return form.kind, form.record_id

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(self._scroll.get(page, page))

    def show_empty(self, *_why: object) -> None:
        self.show_page(self.empty)

    # -- following the selection ------------------------------------------------------------
    def commit_pending(self) -> bool:
        """Save what the user typed in the shown form (before switching away or closing)."""
        form = self.current_form()
        return form.commit_pending() if form is not None else True

    def _leave_current(self) -> bool:
        """Save the shown form before another page takes its place (a draft with content is
        created). If the library refuses what was typed (a date it cannot read), ask: keep
        editing (False: stay, the field keeps its text and its warning) or discard it."""
        form = self.current_form()
        if form is None:
            return True
        noun = NOUNS[form.kind]
        if form.record_id is None:
            if not form.has_unsaved_draft():
                return True
            self._leaving = True  # the selection is already moving elsewhere
            try:
                created = form.create_record() is not None
            finally:
                self._leaving = False
            if created:
                return True
            what = f"The new {noun} cannot be created"
        elif form.commit_pending():
            return True
        else:
            what = f"A change to {noun} {quoted(form.record_label())} cannot be saved"
        problem = form.problem_text.text()
        if ask_keep_editing(self, f"{what}: {problem}"):
            return False
        self.notice.emit(f"{what}; it was discarded: {problem}")
        return True

    def _stay(self, form: RecordForm) -> None:
        """Go back to the form the user chose to keep editing (after the selection moved)."""
        if form.record_id is None:
            self.selection.clear(origin=self)
        else:
            self.selection.select(form.kind, [form.record_id], origin=self, current=form.record_id)
        self.show_page(form)
        form.focus_problem()

    def _follow_selection(self, origin: object) -> None:
        if origin is self:
            return
        events = sorted(self.selection.ids("event"))
        current = self.selection.current
        form = self.current_form()  # only a shown form can refuse to be left
        if len(events) > 1:
            if form is not None and not self._leave_current():
                QTimer.singleShot(0, lambda: self._stay(form))
                return
            self.bulk.load(events)
            self.show_page(self.bulk)
            return
        if current == self.shown():
            return
        if form is not None and not self._leave_current():
            # Not while the selection is still telling every panel: once it has finished.
            QTimer.singleShot(0, lambda: self._stay(form))
            return
        if current is None:
            self.show_page(self.empty)
            return
        kind, record_id = current
        self.forms[kind].load(record_id)
        self.show_page(self.forms[kind])

    def new_record(self, kind: str) -> None:
        """Show a blank draft of `kind` and put the cursor in its first field."""
        shown = self.current_form()  # only a shown form can refuse to be left
        if shown is not None and not self._leave_current():
            shown.focus_problem()
            return
        self.selection.clear(origin=self)
        form = self.forms[kind]
        form.load(None)
        self.show_page(form)
        form.focus_first_field()

    def focus_first_field(self) -> None:
        page = self.current_page()
        if isinstance(page, (RecordForm, BulkEventsForm)):  # any page but the empty one
            page.focus_first_field()

    def _on_created(self, kind: str, record_id: int) -> None:
        if not self._leaving:
            self.selection.select(kind, [record_id], origin=self, current=record_id)
            self.record_created.emit(kind, record_id)

    def _on_cancelled(self) -> None:
        current = self.selection.current
        if current is None:
            self.show_page(self.empty)
        else:
            self.forms[current[0]].load(current[1])
            self.show_page(self.forms[current[0]])

    # -- after changes ---------------------------------------------------------------------
    def _schedule_refresh(self, _kinds: frozenset[str]) -> None:
        self._refresh_timer.start()  # one refresh for a burst of changes (a macro, an import)

    def refresh(self) -> None:
        """Show the stored values again; a record deleted meanwhile leaves the inspector."""
        if not self.controller.is_open:
            return
        page = self.current_page()
        if page is self.bulk:
            self._refresh_bulk()
            return
        form = self.current_form()
        if form is None or form.record_id is None:
            return
        if form.exists():
            form.refresh()
        else:
            # Leave the page first, so following the selection does not try to save it.
            self.show_page(self.empty)
            self.selection.forget(form.kind, [form.record_id])

    def _refresh_bulk(self) -> None:
        gone = {i for i in self.bulk.event_ids if not self.forms["event"].exists_id(i)}
        if gone:
            self.show_page(self.empty)
            self.selection.forget("event", gone)
