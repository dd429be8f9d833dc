"""Every user edit as a QUndoCommand. Widgets never write: they build a command and `push` it.

A command does its work once in `push` (so a refused edit raises there and never reaches the
stack), then QUndoStack's first redo() is skipped. Undo of a create deletes with a snapshot, and
redo restores that snapshot, so ids stay stable across any number of undo/redo steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from db.store import Snapshot
from desktop.library import LibraryController

_NAMES = {
    "event": "event",
    "actor": "actor",
    "source": "source",
    "participation": "actor link",
    "citation": "citation",
    "relation": "relation",
    "tag": "tag",
}


class _Command(QUndoCommand):
    """Base of our commands: subclasses define do() and undo()."""

    def __init__(self, controller: LibraryController, text: str):
        super().__init__(text)
        self.controller = controller
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by push()
            self._first = False
            return
        self.do()


def push(stack: QUndoStack, command: _Command) -> _Command:
    """Do `command` now (raising ChronicleError if refused) and put it on the undo stack."""
    command.do()
    stack.push(command)
    return command


class CreateCommand(_Command):
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
        super().__init__(controller, text or f"Add {_NAMES[kind]}")
        self.kind = kind
        self.fields = fields
        self._create = create or (lambda: controller.create(kind, **fields))
        self.new_id: int | None = None
        self._snapshot: Snapshot | None = None

    def do(self) -> None:
        if self._snapshot is None:
            self.new_id = self._create()
        else:
            self.controller.restore(self._snapshot)

    def undo(self) -> None:
        self._snapshot = self.controller.delete(self.kind, self.new_id)


class EditCommand(_Command):
    """Change some fields of one record."""

    def __init__(
        self, controller, kind: str, entity_id: int, /, text: str | None = None, **changes
    ):
        super().__init__(controller, text or f"Edit {_NAMES[kind]}")
        self.kind, self.entity_id, self.changes = kind, entity_id, changes
        self._before: dict[str, Any] = {}

    def do(self) -> None:
        self._before = self.controller.update(self.kind, self.entity_id, **self.changes)

    def undo(self) -> None:
        self.controller.update(self.kind, self.entity_id, **self._before)


class DeleteCommand(_Command):
    """Delete records of one kind with everything that hangs on them."""

    def __init__(self, controller, kind: str, ids: list[int], text: str | None = None):
        n = len(ids)
        label = _NAMES[kind] if n == 1 else f"{n} {_NAMES[kind]}s"
        super().__init__(controller, text or f"Delete {label}")
        self.kind, self.ids = kind, list(ids)
        self._snapshot: Snapshot | None = None

    def do(self) -> None:
        self._snapshot = self.controller.delete_many(self.kind, self.ids)

    def undo(self) -> None:
        self.controller.restore(self._snapshot)


class SetTagsCommand(_Command):
    """Replace the tags of an event, actor or source; undo also drops tags it had to create."""

    def __init__(self, controller, kind: str, entity_id: int, names: list[str]):
        super().__init__(controller, f"Tag {_NAMES[kind]}")
        self.kind, self.entity_id, self.names = kind, entity_id, list(names)
        self._before: list[str] = []
        self._created: list[int] = []

    def do(self) -> None:
        from db.queries import all_tags

        existing = {tag_id for tag_id, _name, _color in all_tags(self.controller.lib)}
        self._before = self.controller.set_tags(self.kind, self.entity_id, self.names)
        now = {tag_id for tag_id, _name, _color in all_tags(self.controller.lib)}
        self._created = sorted(now - existing)

    def undo(self) -> None:
        self.controller.set_tags(self.kind, self.entity_id, self._before)
        for tag_id in self._created:
            self.controller.delete("tag", tag_id)


def add_participation(stack, controller, event_id: int, actor_id: int, role: str = ""):
    return push(
        stack,
        CreateCommand(
            controller,
            "participation",
            create=lambda: controller.add_participation(event_id, actor_id, role),
        ),
    )


def add_citation(stack, controller, source_id: int, **fields: Any):
    return push(
        stack,
        CreateCommand(
            controller, "citation", create=lambda: controller.add_citation(source_id, **fields)
        ),
    )


def add_relation(stack, controller, source: tuple[str, int], target: tuple[str, int], **fields):
    return push(
        stack,
        CreateCommand(
            controller,
            "relation",
            create=lambda: controller.add_relation(source, target, **fields),
            text=f"Relate: {fields.get('type', '')}",
        ),
    )
