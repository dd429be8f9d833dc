"""Curation edits as single undo steps: cited events from passages, full text and copy links.

Each builds the ordinary commands of `desktop.commands` and wraps them in one `MacroCommand`,
so undo removes the event with its new actors, participations and citation at once, and a step
refused half way reverts what it had already done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QUndoStack

from desktop.commands import CreateCommand, EditCommand, MacroCommand, push, quoted
from desktop.library import LibraryController


@dataclass(frozen=True)
class ActorChoice:
    """An actor to link: a known one (`actor_id`) or a new one named `name`."""

    name: str
    actor_id: int | None = None
    role: str = ""
    kind: str = "other"  # for a new actor


@dataclass(frozen=True)
class CitedEventDraft:
    """Everything a new event proved by a passage needs; nothing is written until it is pushed."""

    title: str
    when: str
    source_id: int
    quote: str
    locator: str
    credibility: int | None = None
    actors: tuple[ActorChoice, ...] = field(default_factory=tuple)


def _id_of(target: CreateCommand | int) -> int:
    """The id of a record made earlier in the same step, or a known id."""
    return target.new_id if isinstance(target, CreateCommand) else target


def _participation(
    controller: LibraryController, event: CreateCommand, actor: CreateCommand | int, role: str
) -> CreateCommand:
    return CreateCommand(
        controller,
        "participation",
        create=lambda: controller.add_participation(event.new_id, _id_of(actor), role),
        text="Link actor to event",
    )


def _new_actor(controller: LibraryController, choice: ActorChoice) -> CreateCommand:
    return CreateCommand(
        controller,
        "actor",
        # The actor's own "kind" field cannot pass through CreateCommand's keywords.
        create=lambda: controller.create("actor", name=choice.name, kind=choice.kind),
        text=f"Add actor {quoted(choice.name)}",
    )


def _event_commands(controller: LibraryController, draft: CitedEventDraft) -> list[CreateCommand]:
    event = CreateCommand(controller, "event", title=draft.title, when=draft.when)
    commands = [event]
    new_actors: dict[str, CreateCommand] = {}
    linked: set[tuple[CreateCommand | int, str]] = set()
    for choice in draft.actors:
        actor: CreateCommand | int
        if choice.actor_id is not None:
            actor = choice.actor_id
        elif choice.name in new_actors:
            actor = new_actors[choice.name]
        else:
            actor = new_actors[choice.name] = _new_actor(controller, choice)
            commands.append(actor)
        if (actor, choice.role) not in linked:  # the store refuses one actor twice in a role
            linked.add((actor, choice.role))
            commands.append(_participation(controller, event, actor, choice.role))
    commands.append(
        CreateCommand(
            controller,
            "citation",
            create=lambda: controller.add_citation(
                draft.source_id,
                event_id=event.new_id,
                locator=draft.locator,
                quote=draft.quote,
                credibility=draft.credibility,
            ),
            text="Cite source",
        )
    )
    return commands


def create_cited_events(
    stack: QUndoStack, controller: LibraryController, drafts: Sequence[CitedEventDraft]
) -> list[int]:
    """Create the drafted events, actors, participations and citations as one undo step.

    Returns the new event ids; raises ChronicleError (having changed nothing) if refused.
    """
    per_event = [_event_commands(controller, draft) for draft in drafts]
    if len(drafts) == 1:
        text = f"Add event {quoted(drafts[0].title)} from source"
    else:
        text = f"Add {len(drafts)} events from source"
    push(stack, MacroCommand(controller, text, [c for commands in per_event for c in commands]))
    return [commands[0].new_id for commands in per_event]


def set_full_text(
    stack: QUndoStack,
    controller: LibraryController,
    source_id: int,
    full_text: str,
    copy_of: int | None = None,
) -> None:
    """Give a source its full text (and, if it is a copy, link it to its original): one step."""
    commands = [EditCommand(controller, "source", source_id, full_text=full_text)]
    if copy_of is not None:
        commands.append(EditCommand(controller, "source", source_id, copy_of=copy_of))
    text = "Set full text of source" + (" and mark it a copy" if copy_of is not None else "")
    push(stack, MacroCommand(controller, text, commands))


def create_source_with_text(
    stack: QUndoStack,
    controller: LibraryController,
    title: str,
    full_text: str,
    published: str = "",
    copy_of: int | None = None,
) -> int:
    """Add a source holding `full_text` (a copy of `copy_of` if given); return its id."""
    fields: dict[str, Any] = {
        "title": title,
        "full_text": full_text,
        "published": published or None,
    }
    if copy_of is not None:
        fields["copy_of"] = copy_of
    command = push(stack, CreateCommand(controller, "source", **fields))
    return command.new_id


def mark_copy(
    stack: QUndoStack, controller: LibraryController, source_id: int, original_id: int | None
) -> None:
    """Mark a source a copy of `original_id` (None: independent again)."""
    text = "Mark source as a copy" if original_id is not None else "Mark source as independent"
    push(stack, EditCommand(controller, "source", source_id, text=text, copy_of=original_id))


def set_publication_date(
    stack: QUndoStack, controller: LibraryController, source_id: int, published: str
) -> None:
    """Give a source its publication date (one undoable step)."""
    text = "Set publication date of source"
    push(stack, EditCommand(controller, "source", source_id, text=text, published=published))
