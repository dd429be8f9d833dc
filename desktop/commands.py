"""Every user edit as a QUndoCommand. Widgets never write: they build a command and `push` it.

A command does its work once in `push` (so a refused edit raises there and never reaches the
stack), then QUndoStack's first redo() is skipped. Undo of a create deletes with a snapshot, and
redo restores that snapshot, so ids stay stable across any number of undo/redo steps. If an undo
or redo is refused later (another window deleted the record meanwhile), the command reports the
reason through `LibraryController.failed` and drops out of the stack instead of raising into Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

from db import store
from db.errors import ChronicleError
from db.store import Snapshot
from desktop.library import LibraryController

T = TypeVar("T")
C = TypeVar("C", bound="Command")

NOUNS = {
    "event": "event",
    "actor": "actor",
    "source": "source",
    "participation": "actor link",
    "citation": "citation",
    "relation": "relation",
    "tag": "tag",
    "source_derivation": "source drawn on",
}
_LABEL_MAX = 40


def quoted(label: str) -> str:
    """A record's name as it appears in undo texts: quoted, one line, shortened."""
    line = " ".join(label.split())
    if len(line) > _LABEL_MAX:
        line = line[: _LABEL_MAX - 1] + "…"
    return f"'{line}'"


def plural(kind: str, count: int) -> str:
    noun = NOUNS[kind]
    return noun if count == 1 else f"{count} {noun}s"


class Command(QUndoCommand):
    """Base of our commands: subclasses define do() and revert()."""

    def __init__(self, controller: LibraryController, text: str):
        # Before '\n': the history's text; after: the Undo menu's, where '&' marks a mnemonic.
        super().__init__(f"{text}\n{text.replace('&', '&&')}")
        self.controller = controller
        self._first = True

    def do(self) -> None:
        """Make the change (first from `push`, later on redo); raise ChronicleError if refused."""
        raise NotImplementedError

    def revert(self) -> None:
        """Take the change back (on undo); raise ChronicleError if refused."""
        raise NotImplementedError

    def redo(self) -> None:
        if self._first:  # already done by push()
            self._first = False
            return
        self._guarded("redo", self.do)

    def undo(self) -> None:
        self._guarded("undo", self.revert)

    def _guarded(self, verb: str, step: Callable[[], None]) -> None:
        try:
            step()
        except ChronicleError as err:
            self.setObsolete(True)  # QUndoStack then drops it; the rest of the stack stays.
            self.controller.failed.emit(f"Cannot {verb} “{self.text()}”", str(err))


def push(stack: QUndoStack, command: C) -> C:
    """Do `command` now (raising ChronicleError if refused) and put it on the undo stack."""
    command.do()
    stack.push(command)
    return command


class MacroCommand(Command):
    """Several commands as one undo step; if one is refused, those done before are reverted."""

    def __init__(self, controller: LibraryController, text: str, children: Sequence[Command]):
        super().__init__(controller, text)
        self.children = list(children)

    def do(self) -> None:
        done: list[Command] = []
        try:
            for child in self.children:
                child.do()
                done.append(child)
        except ChronicleError:
            for child in reversed(done):
                child.revert()
            raise

    def revert(self) -> None:
        for child in reversed(self.children):
            child.revert()


class CreateCommand(Command):
    """Create a record (event, actor, source, or a link through `create`)."""

    def __init__(
        self,
        controller: LibraryController,
        kind: str,
        /,
        create: Callable[[], int] | None = None,
        text: str | None = None,
        **fields: Any,
    ):
        # Positional-only, so that a record's own `kind` field (actor: "state") can be a field.
        label = fields.get("title") or fields.get("name")
        default = f"Add {NOUNS[kind]}" + (f" {quoted(label)}" if label else "")
        super().__init__(controller, text or default)
        self.kind = kind
        self.fields = fields
        self._create = create or (lambda: controller.create(kind, **fields))
        self._new_id: int | None = None
        self._snapshot: Snapshot | None = None
        self._version: int | None = None

    @property
    def new_id(self) -> int:
        """The created record's id (the same after any undo/redo); only once the command ran."""
        if self._new_id is None:
            raise RuntimeError(f"{self.text()!r} has not created its {self.kind} yet")
        return self._new_id

    def do(self) -> None:
        if self._snapshot is None:
            self._new_id = self._create()
        else:
            self.controller.restore(self._snapshot)
        # Undo deletes it only if nobody else has changed it since (db/store/versions.py).
        self._version = store.version(self.controller.lib, self.kind, self.new_id)

    def revert(self) -> None:
        self._snapshot = self.controller.delete(self.kind, self.new_id, undoing=self._version)


class EditCommand(Command):
    """Change some fields of one record (or of a link: participation, citation, relation)."""

    def __init__(
        self,
        controller: LibraryController,
        kind: str,
        entity_id: int,
        /,
        text: str | None = None,
        based_on: int | None = None,
        **changes: Any,
    ):
        # Positional-only, so that a record's own `kind` field can be among the changes.
        # `based_on`: the row version the editor showed; if the fields changed since, the edit
        # is refused with store.EditConflictError (db/store/versions.py).
        fields = ", ".join(name.replace("_", " ") for name in changes)
        super().__init__(controller, text or f"Change {fields} of {NOUNS[kind]}")
        self.kind, self.entity_id, self.changes = kind, entity_id, changes
        self._before: dict[str, Any] = {}
        self._based_on = based_on
        self._version: int | None = None  # left by my last step: undo/redo check against it

    def do(self) -> None:
        check: dict[str, int | None]
        check = {"based_on": self._based_on} if self._version is None else self._undoing()
        self._before, self._version = self.controller.update_versioned(
            self.kind, self.entity_id, self.changes, **check
        )

    def revert(self) -> None:
        _after, self._version = self.controller.update_versioned(
            self.kind, self.entity_id, self._before, **self._undoing()
        )

    def _undoing(self) -> dict[str, int | None]:
        return {"undoing": self._version}


class SettingCommand(Command):
    """Change one library setting (undo puts back the old value; "" for one that was unset)."""

    def __init__(self, controller: LibraryController, key: str, value: str, text: str):
        super().__init__(controller, text)
        self.key, self.value = key, value
        self._before: str | None = None

    def do(self) -> None:
        self._before = self.controller.set_setting(self.key, self.value)

    def revert(self) -> None:
        self.controller.set_setting(self.key, self._before or "")


class DeleteCommand(Command):
    """Delete records of one kind with everything that hangs on them."""

    def __init__(
        self, controller: LibraryController, kind: str, ids: list[int], text: str | None = None
    ):
        super().__init__(controller, text or f"Delete {plural(kind, len(ids))}")
        self.kind, self.ids = kind, list(ids)
        self._snapshot: Snapshot | None = None

    def do(self) -> None:
        self._snapshot = self.controller.delete_many(self.kind, self.ids)

    def revert(self) -> None:
        assert self._snapshot is not None, "undone before done"  # Qt undoes only what was done
        self.controller.restore(self._snapshot)


class SetTagsCommand(Command):
    """Replace the tags of an event, actor or source; undo also drops tags it had to create.

    Undo and redo swap snapshots of the tagging rows (and of new tags), so every row comes back
    with its own id. `entity_id` may be a callable giving the id of a record created earlier in
    the same step.
    """

    def __init__(
        self,
        controller: LibraryController,
        kind: str,
        entity_id: int | Callable[[], int],
        names: list[str],
        text: str | None = None,
    ):
        super().__init__(controller, text or f"Tag {NOUNS[kind]}")
        self.kind, self.names = kind, list(names)
        self._entity = _later(entity_id)
        self._before: Snapshot | None = None  # the tagging rows replaced
        self._after: Snapshot | None = None  # the tagging rows (and new tags) put in
        self._created: list[int] = []  # tags this command had to create

    @property
    def entity_id(self) -> int:
        return self._entity()

    def do(self) -> None:
        ctl = self.controller
        existing = self._tag_ids()
        self._before = ctl.delete_many("tagging", ctl.tagging_ids(self.kind, self.entity_id))
        if self._after is not None:
            ctl.restore(self._after)
            return
        try:
            ctl.set_tags(self.kind, self.entity_id, self.names)
        except ChronicleError:
            ctl.restore(self._before)
            raise
        self._created = sorted(self._tag_ids() - existing)

    def revert(self) -> None:
        ctl = self.controller
        after = ctl.delete_many("tagging", ctl.tagging_ids(self.kind, self.entity_id))
        for tag_id in self._created:
            after.merge(ctl.delete("tag", tag_id))
        self._after = after
        assert self._before is not None, "undone before done"  # Qt undoes only what was done
        ctl.restore(self._before)

    def _tag_ids(self) -> set[int]:
        return {tag_id for tag_id, _name, _color in self.controller.all_tags()}


def _later(value: T | Callable[[], T]) -> Callable[[], T]:
    """A value, or a callable giving it once an earlier command in the same step has run."""
    return value if callable(value) else (lambda: value)


# The link commands below take their ends as values or as callables (see `_later`), so that
# `link_new` can link an actor or source that the same undo step creates.


def participation_command(
    controller: LibraryController,
    event_id: int | Callable[[], int],
    actor_id: int | Callable[[], int],
    role: str = "",
) -> CreateCommand:
    """Link an actor to an event in a role."""
    event, actor = _later(event_id), _later(actor_id)
    return CreateCommand(
        controller,
        "participation",
        create=lambda: controller.add_participation(event(), actor(), role),
        text="Link actor to event",
    )


def citation_command(
    controller: LibraryController, source_id: int | Callable[[], int], **fields: Any
) -> CreateCommand:
    """Cite a source for an event or relation (event_id= / relation_id= in `fields`)."""
    source = _later(source_id)
    return CreateCommand(
        controller,
        "citation",
        create=lambda: controller.add_citation(source(), **fields),
        text="Cite source",
    )


End = tuple[str, int]  # a relation's end: (kind, id)


def relation_command(
    controller: LibraryController,
    source: End | Callable[[], End],
    target: End | Callable[[], End],
    **fields: Any,
) -> CreateCommand:
    """Relate two (kind, id) ends with a type and optional valid period and notes."""
    start, end = _later(source), _later(target)
    return CreateCommand(
        controller,
        "relation",
        create=lambda: controller.add_relation(start(), end(), **fields),
        text=f"Relate: {fields.get('type', '')}",
    )


def add_participation(
    stack: QUndoStack, controller: LibraryController, event_id: int, actor_id: int, role: str = ""
) -> CreateCommand:
    return push(stack, participation_command(controller, event_id, actor_id, role))


def add_citation(
    stack: QUndoStack, controller: LibraryController, source_id: int, **fields: Any
) -> CreateCommand:
    return push(stack, citation_command(controller, source_id, **fields))


def add_relation(
    stack: QUndoStack, controller: LibraryController, source: End, target: End, **fields: Any
) -> CreateCommand:
    return push(stack, relation_command(controller, source, target, **fields))


def link_new(
    stack: QUndoStack,
    controller: LibraryController,
    kind: str,
    name: str,
    link: Callable[[Callable[[], int]], Command],
) -> MacroCommand:
    """Create an actor or source named `name` and link it (built by `link(new_id)`) in one step."""
    field = "name" if kind == "actor" else "title"
    fields: dict[str, Any] = {field: name}  # a record's fields, as CreateCommand takes them
    create = CreateCommand(controller, kind, **fields)
    link_command = link(lambda: create.new_id)
    text = f"Add {NOUNS[kind]} {quoted(name)} and link it"
    return push(stack, MacroCommand(controller, text, [create, link_command]))
