"""What the source reader's actions do: ask the user, then push one undoable step.

Event from the selected passage; dated statements of the whole source (scanned off the UI thread
when the text is long); full text pasted for a source or as a new source, with a warning when
it copies another source.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QWidget

from db.curation.actor_finder import KnownActor
from db.curation.passage import analyse_passage
from db.curation.publication_finder import find_publication_date
from db.curation.rows import DatedRow, proposed_rows
from db.curation.statements import find_dated_statements
from db.errors import ChronicleError
from db.progress import Progress
from db.queries.evidence import near_duplicates
from db.queries.sources import SourceText, known_actors, original_of
from desktop.curation import commands
from desktop.curation.dated_statements import DatedStatementsDialog
from desktop.curation.event_from_passage import EventFromPassageDialog
from desktop.curation.publication_date import PublicationDateDialog
from desktop.dialogs.source_text import NearCopiesDialog, SourceTextDialog
from desktop.jobs import Job, start
from desktop.library import LibraryController
from desktop.panels.source_text_view import SourceTextView
from desktop.plain_text import error_box, plain_label
from desktop.selection import SelectionModel


class SourceReaderPanel(Protocol):
    """What these flows use of the reader (`desktop.curation.reader`), which calls them; it is
    also the parent of their dialogs."""

    controller: LibraryController
    undo_stack: QUndoStack
    selection: SelectionModel
    source: SourceText | None
    view: SourceTextView
    scan_job: Job | None


def _parent(panel: SourceReaderPanel) -> QWidget:
    """The reader as the parent of a dialog: it is a QWidget, which a Protocol cannot say."""
    assert isinstance(panel, QWidget)
    return panel


# Texts longer than this (~35,000 words, ~80 ms of scanning) are scanned in a background job.
LONG_TEXT_CHARS = 200_000


def _names_by_id(panel: SourceReaderPanel) -> tuple[list[KnownActor], dict[int, str]]:
    known = known_actors(panel.controller.lib)
    # The library's actor ids are ints (db.curation's ActorId also allows str).
    return known, {int(actor_id): name for actor_id, name, _aliases in known}


def _create(panel: SourceReaderPanel, drafts: list[commands.CitedEventDraft]) -> list[int]:
    try:
        ids = commands.create_cited_events(panel.undo_stack, panel.controller, drafts)
    except ChronicleError as err:
        error_box(_parent(panel), "Events not created", err)
        return []
    panel.selection.select("event", ids, origin=None)
    return ids


# ---------------------------------------------------------------- one passage


def new_event_from_selection(panel: SourceReaderPanel) -> int | None:
    """Open the new-event dialog on the selected passage; create the event if confirmed."""
    span = panel.view.selected_span()
    source = panel.source
    if span is None or source is None or not source.full_text:
        return None
    known, names = _names_by_id(panel)
    try:
        passage = analyse_passage(source.full_text, *span, source.published_edtf, known)
    except ValueError:
        return None  # only whitespace was selected
    dialog = EventFromPassageDialog(passage, source.id, source.title, names, _parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    ids = _create(panel, [dialog.draft()])
    return ids[0] if ids else None


# ---------------------------------------------------------------- the whole source


def scan_dated_statements(panel: SourceReaderPanel) -> Job | None:
    """Scan the shown source for dated sentences and open the review; long texts off-thread."""
    source = panel.source
    if source is None or not source.full_text:
        return None
    published = source.published_edtf
    if published is None:
        asked = ask_publication_date(panel)
        if asked is None:
            return None
        published = asked or None
    known, names = _names_by_id(panel)
    text = source.full_text

    def scan(_progress: Progress | None = None) -> list[DatedRow]:
        statements = find_dated_statements(text, published, known, include_undated=True)
        return proposed_rows(text, statements)

    if len(text) <= LONG_TEXT_CHARS:
        review_statements(panel, scan(), names)
        return None
    job = Job(scan, "Finding dated statements")
    progress = QProgressDialog(_parent(panel))
    progress.setLabel(plain_label(f"Reading “{source.title}” for dated sentences…"))
    progress.setRange(0, 0)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.canceled.connect(job.cancel)

    def finished(rows: list[DatedRow]) -> None:
        progress.reset()
        if not job.is_cancelled:
            review_statements(panel, rows, names)

    def failed(message: str) -> None:
        progress.reset()
        error_box(_parent(panel), "Could not read the source", message)

    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    panel.scan_job = job  # keep it (and its signals) alive until it reports
    progress.show()
    return start(job)


def ask_publication_date(panel: SourceReaderPanel) -> str | None:
    """The publication date to scan with ("" for none), or None if the user cancelled.

    A date the text states (metadata, header line, dateline) is proposed; saving it on the source
    is one undoable step of its own.
    """
    source = panel.source
    assert source is not None
    found = find_publication_date(source.full_text or "")
    dialog = PublicationDateDialog(source.title, found, _parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.save():
        try:
            commands.set_publication_date(
                panel.undo_stack, panel.controller, source.id, dialog.date()
            )
        except ChronicleError as err:
            error_box(_parent(panel), "Publication date not saved", err)
    return dialog.date()


def review_statements(
    panel: SourceReaderPanel, rows: list[DatedRow], names: dict[int, str]
) -> list[int]:
    """Let the user accept, edit or skip each proposed event; create the accepted ones."""
    source = panel.source
    if source is None:
        return []
    if not rows:
        QMessageBox.information(
            _parent(panel), "Dated Statements", "No sentence of this source has a date."
        )
        return []
    dialog = DatedStatementsDialog(rows, source.id, source.title, names, _parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    return _create(panel, dialog.drafts())


# ---------------------------------------------------------------- full text and copies


def ask_copy_of(panel: SourceReaderPanel, text: str, own_id: int | None) -> tuple[bool, int | None]:
    """(go on, original to link as copy of) after warning about near-copies of `text`."""
    lib = panel.controller.lib
    matches = [m for m in near_duplicates(lib, text) if m[0] != own_id]
    if not matches:
        return True, None
    dialog = NearCopiesDialog(matches, _parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False, None
    if dialog.original_id is None:
        return True, None
    # Copies of copies point at the first original, so each counts once.
    return True, original_of(lib, dialog.original_id)


def set_full_text(panel: SourceReaderPanel) -> bool:
    """Paste or edit the shown source's full text (one undo step, copy link included)."""
    source = panel.source
    if source is None:
        return False
    dialog = SourceTextDialog(source.full_text or "", new_source=False, parent=_parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    text = dialog.full_text()
    go_on, original = ask_copy_of(panel, text, source.id) if text.strip() else (True, None)
    if not go_on:
        return False
    try:
        commands.set_full_text(panel.undo_stack, panel.controller, source.id, text, original)
    except ChronicleError as err:
        error_box(_parent(panel), "Full text not set", err)
        return False
    return True


def new_source_from_text(panel: SourceReaderPanel) -> int | None:
    """Add a source by pasting its text; warn if it copies a source already in the library."""
    dialog = SourceTextDialog("", new_source=True, parent=_parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    text = dialog.full_text()
    go_on, original = ask_copy_of(panel, text, None)
    if not go_on:
        return None
    try:
        new_id = commands.create_source_with_text(
            panel.undo_stack, panel.controller, dialog.title(), text, dialog.published(), original
        )
    except ChronicleError as err:
        error_box(_parent(panel), "Source not added", err)
        return None
    panel.selection.select("source", [new_id])
    return new_id


def check_copies(panel: SourceReaderPanel) -> None:
    """List sources whose text is a near-copy of the shown one; offer to link it as a copy."""
    source = panel.source
    if source is None or not source.full_text:
        return
    matches = near_duplicates(panel.controller.lib, source.id)
    if not matches:
        QMessageBox.information(
            _parent(panel), "Check for Copies", "No other source's text is a near-copy of this one."
        )
        return
    dialog = NearCopiesDialog(matches, _parent(panel))
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.original_id is None:
        return
    original = original_of(panel.controller.lib, dialog.original_id)
    if original == source.id:
        error_box(_parent(panel), "Not linked", "That source is already a copy of this one.")
        return
    try:
        commands.mark_copy(panel.undo_stack, panel.controller, source.id, original)
    except ChronicleError as err:
        error_box(_parent(panel), "Not linked", err)
