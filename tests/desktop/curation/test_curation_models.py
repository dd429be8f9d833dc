"""The curation dialogs' table models, and cited-event steps refused half way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from db import queries, store
from db.curation.rows import proposed_rows
from db.curation.statements import find_dated_statements
from db.errors import ChronicleError
from desktop.curation.commands import ActorChoice, CitedEventDraft, create_cited_events
from desktop.dialogs.actor_choices import ACTOR, ROLE, ActorCandidate, ActorChoicesModel
from desktop.dialogs.dated_statements import (
    DATE,
    FOUND,
    TITLE,
    DatedStatementsModel,
    statement_choices,
)

SOURCE = (
    "Japan and the U.S. held talks in Tokyo on July 28. Nothing was dated here.\n\n"
    "Prime Minister Fumio Kishida said last week that the pact would be sealed by the end of 2024."
)
KNOWN = [(1, "Japan", ["Tokyo"]), (2, "United States", ["U.S."])]


def test_actor_choices_model(qtmodeltester):
    model = ActorChoicesModel(
        [
            ActorCandidate(ActorChoice("Japan", 1), "Tokyo", True),
            ActorCandidate(ActorChoice("Fumio Kishida", None, kind="person"), "PM Kishida", False),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, ACTOR).data() == "Fumio Kishida (new)"
    assert model.index(1, ACTOR).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert [c.name for c in model.chosen()] == ["Japan"]
    model.setData(model.index(1, ACTOR), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(1, ROLE), "  prime   minister ")
    assert model.chosen()[1] == ActorChoice("Fumio Kishida", None, "prime minister", "person")
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable


def test_dated_statements_model(qtmodeltester):
    statements = find_dated_statements(SOURCE, "2024-08-15", KNOWN)
    rows = proposed_rows(SOURCE, statements)
    model = DatedStatementsModel(statement_choices(rows, {1: "Japan", 2: "United States"}))
    qtmodeltester.check(model)
    # The second sentence reports two events (said last week; sealed by year-end): two rows.
    assert [model.index(r, DATE).data() for r in range(3)] == [
        "2024-07-28",
        "2024-08-05~/2024-08-11~",
        "2024-08-15/2024-12-31~",
    ]
    assert model.index(0, 3).data() == "Japan, United States"
    model.setData(model.index(1, DATE), "someday")
    assert model.index(1, DATE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, DATE).data(Qt.ItemDataRole.ForegroundRole) is None
    model.set_all_checked(True)
    (first, second, _third) = model.checked_rows()
    assert first[1].problem() is None and "someday" in model.index(1, DATE).data()
    assert second[1].problem()
    model.setData(model.index(0, TITLE), "")
    assert model.checked_rows()[0][1].problem() == "the title is empty"
    model.setData(model.index(0, TITLE), "<b>Talks</b>")  # shown literally, never as markup
    assert "&lt;b&gt;Talks" in model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)


def test_a_refused_step_leaves_nothing_behind(controller, tmp_path):
    controller.open(tmp_path / "refused.chronicle", create=True)
    lib = controller.lib
    source = store.create(lib, "source", title="Article", full_text=SOURCE)
    japan = store.create(lib, "actor", name="Japan", kind="state")
    stack = QUndoStack()
    actors = (ActorChoice("Japan", japan), ActorChoice("Kishida"))
    good = CitedEventDraft("Talks", "2024-07-28", source, "held talks", "para 1", actors=actors)
    refused = CitedEventDraft("Bad", "2024", source, "q", "para 2", credibility=9)
    with pytest.raises(ChronicleError, match="Credibility"):
        create_cited_events(stack, controller, [good, refused])
    assert stack.count() == 0
    assert queries.count_events(lib) == 0
    assert [a.name for a in queries.list_actors(lib)] == ["Japan"]  # "Kishida" was taken back


def test_an_inferred_row_is_marked_and_its_tooltip_names_the_sentence_it_came_from():
    text = (
        "The NATO Summit in Washington opened on July 9, 2024.\n\n"
        "At the NATO Summit leaders also agreed on air defence."
    )
    rows = proposed_rows(text, find_dated_statements(text, "2024-07-11", include_undated=True))
    model = DatedStatementsModel(statement_choices(rows, {}))
    assert model.rowCount() == 2
    assert model.index(1, FOUND).data() == "NATO Summit (inferred)"
    assert model.index(1, DATE).data() == "2024-07-09"
    tip = model.index(1, FOUND).data(Qt.ItemDataRole.ToolTipRole)
    assert "From: The NATO Summit in Washington opened on July 9, 2024." in tip
