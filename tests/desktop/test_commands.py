"""Every undo command: do it, undo it, redo it, and compare the whole library each time."""

from __future__ import annotations

import pytest
from editing_support import library_state
from PySide6.QtGui import QUndoStack

from db import queries, store
from db.errors import ChronicleError
from desktop import commands
from desktop.commands import (
    CreateCommand,
    DeleteCommand,
    EditCommand,
    MacroCommand,
    SetTagsCommand,
    push,
)


@pytest.fixture
def demo(controller, demo_lib):
    """The controller on a copy of the demo chronology, and an undo stack."""
    path = demo_lib.path
    demo_lib.close()
    controller.open(path)
    return controller, QUndoStack()


def _actor_id(lib, name: str) -> int:
    return next(a.id for a in queries.list_actors(lib, name, limit=50) if a.name == name)


def _event_id(lib, words: str) -> int:
    return queries.list_events(lib, queries.EventFilter(text=words), limit=1)[0].id


def _cycle(stack: QUndoStack, lib, before, after) -> None:
    """Undo gives `before` back, redo gives `after`, twice over (ids stay stable)."""
    for _ in range(2):
        stack.undo()
        assert library_state(lib) == before
        stack.redo()
        assert library_state(lib) == after


def _check(demo, command) -> None:
    controller, stack = demo
    before = library_state(controller.lib)
    push(stack, command)
    after = library_state(controller.lib)
    assert after != before
    _cycle(stack, controller.lib, before, after)


def test_create_event(demo):
    controller, _stack = demo
    command = CreateCommand(controller, "event", title="Summit", when="28 July 2024")
    _check(demo, command)
    assert controller.get("event", command.new_id)["when"] == "2024-07-28"
    assert command.text() == "Add event 'Summit'"


def test_edit_event_date_and_title(demo):
    controller, _stack = demo
    event_id = _event_id(controller.lib, "TPP")
    _check(demo, EditCommand(controller, "event", event_id, title="New title", when="44 BC"))
    assert controller.get("event", event_id)["when"] == "-0043"


def test_delete_actor_with_its_links(demo):
    controller, _stack = demo
    japan = _actor_id(controller.lib, "Japan")
    assert controller.dependents("actor", japan)["participation"] >= 10
    _check(demo, DeleteCommand(controller, "actor", [japan]))


def test_bulk_delete_is_one_step(demo):
    controller, stack = demo
    ids = [row.id for row in queries.list_events(controller.lib, limit=5)]
    _check(demo, DeleteCommand(controller, "event", ids))
    assert stack.count() == 1


def test_set_tags_creating_a_new_tag_and_undo_drops_it(demo):
    controller, _stack = demo
    event_id = _event_id(controller.lib, "TPP")
    old = queries.tags_of(controller.lib, "event", event_id)
    _check(demo, SetTagsCommand(controller, "event", event_id, [*old, "brand-new-tag"]))


@pytest.mark.parametrize(
    "make",
    [
        lambda c, ev, actor, src: commands.participation_command(c, ev, actor, "host"),
        lambda c, ev, actor, src: commands.citation_command(
            c, src, event_id=ev, locator="p. 2", quote="They met.", credibility=2
        ),
        lambda c, ev, actor, src: commands.relation_command(
            c, ("actor", actor), ("event", ev), type="leads", valid="2024"
        ),
    ],
    ids=["participation", "citation", "relation"],
)
def test_link_commands(demo, make):
    controller, _stack = demo
    lib = controller.lib
    event_id = _event_id(lib, "TPP")
    source_id = queries.list_sources(lib, limit=1)[0].id
    _check(demo, make(controller, event_id, _actor_id(lib, "Australia"), source_id))


def test_edit_and_delete_a_link(demo):
    controller, _stack = demo
    part = queries.participants(controller.lib, event_id=_event_id(controller.lib, "TPP"))[0]
    _check(demo, EditCommand(controller, "participation", part.id, role="signatory"))
    _check(demo, DeleteCommand(controller, "participation", [part.id]))


def test_link_new_creates_the_actor_and_the_link_in_one_step(demo):
    controller, stack = demo
    lib = controller.lib
    event_id = _event_id(lib, "TPP")
    before = library_state(lib)
    commands.link_new(
        stack,
        controller,
        "actor",
        "Ruritania",
        lambda new_id: commands.participation_command(controller, event_id, new_id, "target"),
    )
    after = library_state(lib)
    assert stack.count() == 1
    names = {p.actor_name: p.role for p in queries.participants(lib, event_id=event_id)}
    assert names["Ruritania"] == "target"
    _cycle(stack, lib, before, after)


def test_macro_of_edits_is_one_step(demo):
    controller, stack = demo
    ids = [row.id for row in queries.list_events(controller.lib, limit=4)]
    children = [EditCommand(controller, "event", i, category="bulk", importance=5) for i in ids]
    _check(demo, MacroCommand(controller, "Edit 4 events", children))
    assert stack.count() == 1


def test_refused_macro_changes_nothing_and_stays_off_the_stack(demo):
    controller, stack = demo
    ids = [row.id for row in queries.list_events(controller.lib, limit=3)]
    before = library_state(controller.lib)
    children = [EditCommand(controller, "event", i, category="ok") for i in ids[:2]]
    children.append(EditCommand(controller, "event", ids[2], importance=9))  # refused
    with pytest.raises(ChronicleError, match="Importance"):
        push(stack, MacroCommand(controller, "Edit 3 events", children))
    assert library_state(controller.lib) == before
    assert stack.count() == 0


def test_undo_refused_by_the_file_reports_and_drops_the_step(demo, qtbot):
    controller, stack = demo
    lib = controller.lib
    command = push(stack, CreateCommand(controller, "actor", name="Ephemeral"))
    push(stack, EditCommand(controller, "actor", command.new_id, description="edited"))
    store.delete(lib, "actor", command.new_id)  # another window deletes it meanwhile
    with qtbot.waitSignal(controller.failed) as signal:
        stack.undo()
    title, message = signal.args
    assert "Cannot undo" in title and "no actor" in message
    assert stack.count() == 1  # the refused step is gone; the create is still undoable


def test_menu_text_keeps_ampersands_literal(demo):
    controller, stack = demo
    command = push(stack, CreateCommand(controller, "actor", name="Smith & Sons"))
    assert command.text() == "Add actor 'Smith & Sons'"  # as the history panel shows it
    # In a menu a lone '&' would underline the next letter instead of showing itself.
    assert stack.createUndoAction(stack, "&Undo").text() == "&Undo Add actor 'Smith && Sons'"
