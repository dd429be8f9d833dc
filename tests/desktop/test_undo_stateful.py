"""Random edit sequences through the undo stack: undoing them all gives back the starting library.

The thetimelineproj-style test (issue 13): hypothesis draws creates, edits, deletes, links, tags,
bulk steps and interleaved undo/redo, on an empty library and on the demo chronology; at the end
every step is undone and the library must equal what it was, row for row, and redoing everything
must give back the state reached.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from editing_support import library_state
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtGui import QUndoStack

from db.engine import create_library
from db.errors import ChronicleError
from db.exchange.imports import import_json
from db.models import ACTOR_KINDS, EVENT_KINDS, RELATION_TYPES, SOURCE_KINDS
from desktop import commands
from desktop.commands import CreateCommand, DeleteCommand, EditCommand, MacroCommand, push
from desktop.library import LibraryController
from resources import DEMO_CHRONOLOGY

WHENS = st.sampled_from(
    ["2024", "Jul 2024", "28 July 2024", "c. 1990", "44 BC", "2024-07-28/2024-07-30", "2017?"]
)
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
).filter(lambda s: s.strip())
# Hundreds of tiny libraries: in memory-backed /dev/shm where there is one, so that SQLite's
# fsync per commit does not dominate the run.
_SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None
TAGS = st.lists(st.sampled_from(["alpha", "beta", "gamma", "Δelta"]), max_size=3, unique=True)


def _ids(controller: LibraryController, kind: str) -> list[int]:
    import sqlalchemy as sa

    from db.store.snapshots import TABLES

    table = TABLES[kind]
    with controller.lib.read() as conn:
        return list(conn.execute(sa.select(table.c.id).order_by(table.c.id)).scalars())


class UndoMachine(RuleBasedStateMachine):
    """One library, one undo stack; every rule is a user edit pushed as a command."""

    template: Path  # set by the test: the library file each run starts from

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="undo-machine-", dir=_SCRATCH))
        path = self.folder / "lib.chronicle"
        shutil.copyfile(self.template, path)
        self.controller = LibraryController()
        self.controller.open(path)
        self.stack = QUndoStack()
        self.start = library_state(self.controller.lib)

    def teardown(self) -> None:
        try:
            self._check_full_undo_and_redo()
        finally:
            self.controller.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _check_full_undo_and_redo(self) -> None:
        reached_index = self.stack.index()
        reached = library_state(self.controller.lib)
        self.stack.setIndex(0)
        assert library_state(self.controller.lib) == self.start
        self.stack.setIndex(reached_index)
        assert library_state(self.controller.lib) == reached

    def _push(self, command) -> None:
        # A refused edit (validation) must leave the library as it was and stay off the stack.
        before, depth = library_state(self.controller.lib), self.stack.count()
        try:
            push(self.stack, command)
        except ChronicleError:
            assert library_state(self.controller.lib) == before
            assert self.stack.count() <= depth

    def _some(self, kind: str, data) -> int | None:
        ids = _ids(self.controller, kind)
        return data.draw(st.sampled_from(ids)) if ids else None

    @initialize()
    def nothing_to_undo_yet(self) -> None:
        assert self.stack.count() == 0

    @rule(title=WORDS, when=WHENS)
    def create_event(self, title, when) -> None:
        self._push(CreateCommand(self.controller, "event", title=title, when=when))

    @rule(name=WORDS)
    def create_actor(self, name) -> None:
        self._push(CreateCommand(self.controller, "actor", name=name))

    @rule(title=WORDS)
    def create_source(self, title) -> None:
        self._push(CreateCommand(self.controller, "source", title=title))

    @rule(data=st.data(), title=WORDS, when=WHENS, kind=st.sampled_from(EVENT_KINDS))
    def edit_event(self, data, title, when, kind) -> None:
        event = self._some("event", data)
        if event is not None:
            edit = EditCommand(self.controller, "event", event, title=title, when=when, kind=kind)
            self._push(edit)

    @rule(data=st.data(), name=WORDS, kind=st.sampled_from(ACTOR_KINDS))
    def edit_actor(self, data, name, kind) -> None:
        actor = self._some("actor", data)
        if actor is not None:
            self._push(EditCommand(self.controller, "actor", actor, name=name, kind=kind))

    @rule(data=st.data(), kind=st.sampled_from(SOURCE_KINDS), grade=st.sampled_from("ABCDEF"))
    def edit_source(self, data, kind, grade) -> None:
        source = self._some("source", data)
        if source is not None:
            self._push(EditCommand(self.controller, "source", source, kind=kind, reliability=grade))

    @rule(data=st.data(), kind=st.sampled_from(["event", "actor", "source"]))
    def delete_one(self, data, kind) -> None:
        record = self._some(kind, data)
        if record is not None:
            self._push(DeleteCommand(self.controller, kind, [record]))

    @rule(data=st.data())
    def bulk_delete_events(self, data) -> None:
        ids = _ids(self.controller, "event")
        if len(ids) >= 2:
            chosen = data.draw(st.lists(st.sampled_from(ids), min_size=2, max_size=5, unique=True))
            self._push(DeleteCommand(self.controller, "event", chosen))

    @rule(data=st.data(), role=st.sampled_from(["", "host", "signatory"]))
    def link_actor(self, data, role) -> None:
        event, actor = self._some("event", data), self._some("actor", data)
        if event is not None and actor is not None:
            self._push(commands.participation_command(self.controller, event, actor, role))

    @rule(data=st.data(), quote=WORDS, credibility=st.integers(1, 6))
    def cite(self, data, quote, credibility) -> None:
        event, source = self._some("event", data), self._some("source", data)
        if event is not None and source is not None:
            command = commands.citation_command(
                self.controller, source, event_id=event, quote=quote, credibility=credibility
            )
            self._push(command)

    @rule(data=st.data(), kind=st.sampled_from(RELATION_TYPES))
    def relate(self, data, kind) -> None:
        first, second = self._some("actor", data), self._some("event", data)
        if first is not None and second is not None:
            command = commands.relation_command(
                self.controller, ("actor", first), ("event", second), type=kind
            )
            self._push(command)

    @rule(data=st.data(), names=TAGS, kind=st.sampled_from(["event", "actor", "source"]))
    def tag(self, data, names, kind) -> None:
        record = self._some(kind, data)
        if record is not None:
            self._push(commands.SetTagsCommand(self.controller, kind, record, names))

    @rule(name=WORDS, title=WORDS, when=WHENS)
    def create_and_link_in_one_step(self, name, title, when) -> None:
        event = CreateCommand(self.controller, "event", title=title, when=when)
        actor = CreateCommand(self.controller, "actor", name=name)
        link = commands.participation_command(
            self.controller, lambda: event.new_id, lambda: actor.new_id
        )
        self._push(MacroCommand(self.controller, "Add and link", [event, actor, link]))

    @precondition(lambda self: self.stack.canUndo())
    @rule()
    def undo(self) -> None:
        self.stack.undo()

    @precondition(lambda self: self.stack.canRedo())
    @rule()
    def redo(self) -> None:
        self.stack.redo()

    @invariant()
    def no_command_was_dropped(self) -> None:
        # A dropped (obsolete) command would make "undo everything" silently incomplete.
        for index in range(self.stack.count()):
            assert not self.stack.command(index).isObsolete()


def _template(folder: Path, with_demo: bool) -> Path:
    path = folder / ("demo.chronicle" if with_demo else "empty.chronicle")
    library = create_library(path)
    if with_demo:
        import_json(library, DEMO_CHRONOLOGY)
    library.close()
    return path


@pytest.mark.parametrize("with_demo", [False, True], ids=["empty", "demo"])
def test_random_edits_undo_back_to_the_start(qapp, tmp_path, with_demo):
    UndoMachine.template = _template(tmp_path, with_demo)
    run_state_machine_as_test(
        UndoMachine,
        settings=settings(
            max_examples=12,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
