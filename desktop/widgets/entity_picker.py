"""Pick an actor, source or event by typing its name; a name not in the library can be new.

Suggestions come from full-text search a page at a time, so the picker costs the same with
40 actors or 100,000 events. The picker never writes: the form that uses it creates the new
record (as an undoable command) when the user adds the link.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from db import queries
from db.queries import EventFilter
from desktop.library import LibraryController
from desktop.models.tables import display_date

SUGGESTIONS = 15
RESOLVE_LIMIT = 200  # matches scanned for an exact name; FTS finds the name among them
_PLACEHOLDERS = {
    "actor": "Actor: type a name (a new name adds the actor)",
    "source": "Source: type a title (a new title adds the source)",
}


class EntityPicker(QLineEdit):
    """A line edit with suggestions; `resolve()` gives the chosen record's id (None if new)."""

    stateChanged = Signal()  # the text now names an existing record, a new one, or nothing

    def __init__(
        self,
        controller: LibraryController,
        kind: str,
        parent: QWidget | None = None,
        *,
        allow_create: bool = True,
    ):
        super().__init__(parent)
        self.controller = controller
        self.kind = kind
        self.allow_create = allow_create and kind != "event"
        self._show_placeholder()
        self._choices: dict[str, int] = {}
        self._names = QStringListModel(self)
        completer = QCompleter(self._names, self)
        # The list is already filtered by SQL search; the completer must not filter it again.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        chosen = completer.activated[str]  # type: ignore[index]  # stub lacks overload indexing
        chosen.connect(lambda _text: self.stateChanged.emit())
        self.textEdited.connect(self._suggest)
        self.textChanged.connect(lambda _text: self.stateChanged.emit())

    def set_kind(self, kind: str) -> None:
        """Pick another kind of record (actors can be created in place, events cannot)."""
        self.kind, self.allow_create = kind, kind != "event"
        self._show_placeholder()
        self.clear()

    def _show_placeholder(self) -> None:
        if self.allow_create:
            self.setPlaceholderText(_PLACEHOLDERS[self.kind])
        else:
            noun = "name" if self.kind == "actor" else "title"
            self.setPlaceholderText(f"{self.kind.title()}: type words of its {noun}")

    # -- what the text names -------------------------------------------------------------
    def resolve(self) -> int | None:
        """Id of the record the text names (exactly, ignoring case); None if it names none."""
        text = self.text().strip()
        if not text or not self.controller.is_open:
            return None
        if text in self._choices:
            return self._choices[text]
        wanted = text.casefold()
        for label, record_id, name in self._search(text, limit=RESOLVE_LIMIT):
            if name.casefold() == wanted or label.casefold() == wanted:
                return record_id
        return None

    def is_new(self) -> bool:
        """True if adding would first create a record named by the text."""
        return self.allow_create and bool(self.text().strip()) and self.resolve() is None

    def set_record(self, record_id: int | None, label: str) -> None:
        """Show an existing record (e.g. the current 'copy of' source)."""
        self._choices = {label: record_id} if record_id is not None else {}
        self.setText(label)

    # -- suggestions -----------------------------------------------------------------------
    def _suggest(self, text: str) -> None:
        if not self.controller.is_open:
            return
        found = self._search(text)
        self._choices = {label: record_id for label, record_id, _name in found}
        self._names.setStringList(list(self._choices))
        if found and self.hasFocus():
            self.completer().complete()

    def _search(self, text: str, limit: int = SUGGESTIONS) -> list[tuple[str, int, str]]:
        """(label shown, id, name) of records matching `text`; actors most active first."""
        lib, text = self.controller.lib, text.strip()
        if self.kind == "actor":
            actors = queries.list_actors(lib, text, sort="events", descending=True, limit=limit)
            return [(row.name, row.id, row.name) for row in actors]
        if self.kind == "source":
            sources = queries.list_sources(lib, text, limit=limit)
            return [(row.title, row.id, row.title) for row in sources]
        events = queries.list_events(lib, EventFilter(text=text), limit=limit)
        return [
            (f"{row.title} ({display_date(row.when_edtf)})", row.id, row.title) for row in events
        ]
