"""Curating from the reader end to end: passage to event, dated statements, copies of sources."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

import desktop.curation.flows as flows
from db import queries, store
from db.queries.evidence import event_evidence
from desktop.dialogs.actor_choices import ROLE
from desktop.dialogs.dated_statements import DATE, FOUND, TITLE, DatedStatementsDialog
from desktop.dialogs.event_from_passage import EventFromPassageDialog
from desktop.dialogs.source_text import NearCopiesDialog, SourceTextDialog

JAPAN_TIMES = "japantimes-trump-proofing-2024.txt"
ECFR = "ecfr-asia-partners-after-trump-2024.txt"
NPR = "npr-allies-unite-2025.txt"
# Every date phrase of each article with the date proposed for its sentence, read by hand (the
# same expectations as tests/db/test_curation_corpus.py; "" where the user must type one).
EXPECTED_DATES = {
    JAPAN_TIMES: {
        ("before the year-end", "2024-06-25/2024-12-31~"),
        ("last 3½ years", "2020-12~/2024-06-25"),
        ("Before the end of 2024", "2024-06-25/2024-12-31~"),
        ("earlier this year", "2024-01~/2024-06~"),
    },
    ECFR: {
        ("Today (unresolved)", ""),
        ("2022", "2022"),
        ("this month", "2024-11"),
        ("2020", "2020"),
        ("recent", "2024-11~"),
        ("recently", "2024-11~"),
    },
    NPR: {
        ("July 27, 2025", "2025-07-27"),
        ("September 23", "2025-09-23"),
        ("2017", "2017"),
        ("Jan. 31, 2025", "2025-01-31"),
        ("lately", "2025~"),
    },
}
SYNONYMS = {"allies": "partners", "security": "safety", "defense": "protection",
            "policy": "strategy", "military": "armed", "trade": "commerce",
            "countries": "nations", "administration": "government", "said": "stated"}  # fmt: skip


def spun(text: str) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: SYNONYMS.get(m.group(), m.group()), text)


def _ok(dialog, qtbot) -> None:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _select(view, start: int, end: int) -> None:
    """Select `text[start:end]` in the reader as a drag would, through a QTextCursor."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def _rows(model) -> list[tuple[str, str]]:
    return [
        (model.data(model.index(r, FOUND)), model.data(model.index(r, DATE)))
        for r in range(model.rowCount())
    ]


# ---------------------------------------------------------------- one passage


def test_event_from_selected_passage_is_cited_exactly_and_one_undo_step(
    reader, qtbot, answer_dialogs, state
):
    text = reader.texts[JAPAN_TIMES]
    lines = text.split("\n")
    start = text.index(lines[3])
    end = text.index(lines[4]) + len(lines[4])
    reader.show(JAPAN_TIMES)
    _select(reader.panel.view, start, end)
    before = state(reader.lib)

    def confirm(dialog):
        assert isinstance(dialog, EventFromPassageDialog)
        assert dialog.quote_view.toPlainText() == text[start:end]
        assert dialog.locator_edit.text() == "paras 4–5"
        assert dialog.date_choice.itemData(0) == "2024-06-25/2024-12-31~"  # the deadline
        assert "approximate" in dialog.date_choice.itemText(0)
        assert dialog.date_field.text() == "2024-06-25/2024-12-31~"
        model = dialog.actors
        rows = [model.candidate(r) for r in range(model.rowCount())]
        assert [(c.choice.name, c.found_as, c.checked) for c in rows] == [
            ("United States", "Washington", True),
            ("Japan", "Tokyo", True),
            ("South Korea", "Seoul", True),
            ("Joe Biden", "Biden", True),
            ("Fumio Kishida", "Prime Minister Fumio Kishida", False),
            ("East Asia", "East Asia", False),
        ]
        model.setData(model.index(4, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        model.setData(model.index(4, ROLE), "prime minister")
        model.setData(model.index(0, ROLE), "broker")
        dialog.title_edit.setText("Trilateral pact to be sealed")
        dialog.date_field.setText("not a date")
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.date_field.setText("2024-12~")
        dialog.credibility.setCurrentIndex(dialog.credibility.findData(2))
        _ok(dialog, qtbot)

    answer_dialogs(reader.panel.new_event_action.trigger, confirm)
    (event,) = [e for e in queries.list_events(reader.lib)]
    assert (event.title, event.when_edtf) == ("Trilateral pact to be sealed", "2024-12~")
    (citation,) = queries.citations(reader.lib, event_id=event.id)
    assert citation.quote == text[start:end]
    assert (citation.locator, citation.credibility) == ("paras 4–5", 2)
    people = {(p.actor_name, p.role) for p in queries.participants(reader.lib, event_id=event.id)}
    assert people == {
        ("United States", "broker"),
        ("Japan", ""),
        ("South Korea", ""),
        ("Joe Biden", ""),
        ("Fumio Kishida", "prime minister"),
    }
    assert reader.selection.current == ("event", event.id)
    assert any(h.event_id == event.id for h in reader.panel.view.highlights)
    after = state(reader.lib)
    assert reader.stack.count() == 1
    reader.stack.undo()
    assert state(reader.lib) == before
    reader.stack.redo()
    assert state(reader.lib) == after


def test_cancelled_dialog_creates_nothing(reader, answer_dialogs, state):
    reader.show(NPR)
    _select(reader.panel.view, 0, 40)
    before = state(reader.lib)
    answer_dialogs(reader.panel.new_event_action.trigger, lambda dialog: dialog.reject())
    assert state(reader.lib) == before and reader.stack.count() == 0


# ---------------------------------------------------------------- dated statements


@pytest.mark.parametrize("name", [JAPAN_TIMES, ECFR, NPR])
def test_dated_statements_of_each_article_with_resolved_dates(reader, answer_dialogs, name):
    reader.show(name)
    seen = []

    def look(dialog):
        assert isinstance(dialog, DatedStatementsDialog)
        seen.extend(_rows(dialog.model))
        dialog.reject()

    answer_dialogs(reader.panel.find_statements_action.trigger, look)
    assert set(seen) == EXPECTED_DATES[name]


def test_accepted_statements_become_cited_events_in_one_undo_step(
    reader, qtbot, answer_dialogs, state
):
    text = reader.texts[JAPAN_TIMES]
    reader.show(JAPAN_TIMES)
    before = state(reader.lib)

    def accept_two(dialog):
        model = dialog.model
        rows = {found: r for r, (found, _date) in enumerate(_rows(model))}
        year_end, seal = rows["before the year-end"], rows["Before the end of 2024"]
        assert not model.checked_rows()  # nothing is ticked until the user ticks it
        for row in (year_end, seal):
            model.setData(model.index(row, TITLE), Qt.CheckState.Checked,
                          Qt.ItemDataRole.CheckStateRole)  # fmt: skip
        model.setData(model.index(seal, TITLE), "Trilateral pact to be sealed")
        model.setData(model.index(year_end, DATE), "Dec 2024")
        _ok(dialog, qtbot)

    answer_dialogs(reader.panel.find_statements_action.trigger, accept_two)
    events = {e.title: e for e in queries.list_events(reader.lib)}
    assert set(events) == {
        "Trilateral pact to be sealed",
        "Driven by fears of Donald Trump’s possible return to the White House",
    }
    seal = events["Trilateral pact to be sealed"]
    assert seal.when_edtf == "2024-06-25/2024-12-31~"
    (citation,) = queries.citations(reader.lib, event_id=seal.id)
    assert citation.quote in text and citation.quote.startswith("Before the end of 2024")
    assert citation.locator == "para 4"
    names = {p.actor_name for p in queries.participants(reader.lib, event_id=seal.id)}
    assert names == {"United States", "Japan", "South Korea", "Joe Biden"}
    assert events[next(t for t in events if t.startswith("Driven"))].when_edtf == "2024-12"
    after = state(reader.lib)
    assert reader.stack.count() == 1
    reader.stack.undo()
    assert state(reader.lib) == before and queries.count_events(reader.lib) == 0
    reader.stack.redo()
    assert state(reader.lib) == after


def test_a_ticked_row_without_a_date_is_refused_with_its_row_number(reader, qtbot, answer_dialogs):
    reader.show(ECFR)
    refusals = []

    def tick_today(dialog):
        model = dialog.model
        row = [found for found, _ in _rows(model)].index("Today (unresolved)")
        model.setData(model.index(row, TITLE), Qt.CheckState.Checked,
                      Qt.ItemDataRole.CheckStateRole)  # fmt: skip
        _ok(dialog, qtbot)  # refused: a message box names the row, the review stays open
        assert dialog.isVisible()
        model.setData(model.index(row, DATE), "2024-11-15")
        _ok(dialog, qtbot)

    def read_refusal(box):
        assert isinstance(box, QMessageBox)
        refusals.append(box.text())
        box.accept()

    answer_dialogs(reader.panel.find_statements_action.trigger, tick_today, read_refusal)
    assert len(refusals) == 1 and refusals[0].startswith("Row ")
    assert "date" in refusals[0].lower()
    (event,) = queries.list_events(reader.lib)
    assert event.when_edtf == "2024-11-15"


def test_long_texts_are_scanned_in_a_background_job(reader, qtbot, monkeypatch):
    monkeypatch.setattr(flows, "LONG_TEXT_CHARS", 100)
    reviewed = []
    monkeypatch.setattr(flows, "review_statements", lambda _p, found, _n: reviewed.append(found))
    reader.show(NPR)
    reader.panel.find_statements_action.trigger()
    job = reader.panel.scan_job
    qtbot.waitUntil(lambda: bool(reviewed), timeout=4000)
    assert job.done.is_set()
    phrases = {row.date.text for row in reviewed[0]}
    assert phrases == {p for p, _ in EXPECTED_DATES[NPR]}


# ---------------------------------------------------------------- copies


def _paste(text, qtbot, title=None, published=None):
    def fill(dialog):
        assert isinstance(dialog, SourceTextDialog)
        if title is not None:
            dialog.title_edit.setText(title)
            dialog.published_field.setText(published or "")
        dialog.text_edit.setPlainText(text)
        _ok(dialog, qtbot)

    return fill


def test_pasting_a_near_copy_warns_and_links_it_as_a_copy(reader, qtbot, answer_dialogs, state):
    reprint = store.create(reader.lib, "source", title="Syndicated reprint")
    reader.controller.notify({"source"})
    reader.selection.select("source", [reprint])
    before = state(reader.lib)
    warned = []

    def link(dialog):
        assert isinstance(dialog, NearCopiesDialog)
        model = dialog.view.model()
        warned.append((model.index(0, 0).data(), model.rowCount()))
        qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)

    copy = spun(reader.texts[JAPAN_TIMES])
    answer_dialogs(reader.panel.set_text_action.trigger, _paste(copy, qtbot), link)
    assert warned == [(JAPAN_TIMES, 1)]
    row = store.get(reader.lib, "source", reprint)
    assert (row["full_text"], row["copy_of_id"]) == (copy, reader.sources[JAPAN_TIMES])
    assert "A copy of “japantimes" in reader.panel.info_label.text()
    # Cited by the original and by its copy, an event still has one independent source.
    event = store.create(reader.lib, "event", title="Pact", when="2024")
    for source in (reader.sources[JAPAN_TIMES], reprint):
        store.add_citation(reader.lib, source, event_id=event)
    assert event_evidence(reader.lib, [event])[event].source_count == 1
    store.delete(reader.lib, "event", event)
    assert reader.stack.count() == 1
    reader.stack.undo()
    assert state(reader.lib) == before


def test_a_different_article_is_added_without_a_warning(reader, qtbot, answer_dialogs):
    store.delete(reader.lib, "source", reader.sources[NPR])
    reader.controller.notify({"source"})
    answer_dialogs(
        reader.panel.new_source_action.trigger,
        _paste(reader.texts[NPR], qtbot, title="NPR, again", published="2025"),
    )
    (kind, source_id) = reader.selection.current
    row = store.get(reader.lib, "source", source_id)
    assert (kind, row["title"], row["published_edtf"], row["copy_of_id"]) == (
        "source", "NPR, again", "2025", None,
    )  # fmt: skip
    assert reader.panel.view.toPlainText() == reader.texts[NPR].strip()  # as the store keeps it


def test_a_near_copy_can_be_kept_independent(reader, qtbot, answer_dialogs):
    def keep(dialog):
        qtbot.mouseClick(dialog.independent_button, Qt.MouseButton.LeftButton)

    paste = _paste(spun(reader.texts[ECFR]), qtbot, title="ECFR spun")
    answer_dialogs(reader.panel.new_source_action.trigger, paste, keep)
    (_kind, source_id) = reader.selection.current
    assert store.get(reader.lib, "source", source_id)["copy_of_id"] is None


def test_check_for_copies_links_to_the_first_original(reader, qtbot, answer_dialogs):
    text = spun(reader.texts[ECFR])
    first_copy = store.create(
        reader.lib, "source", title="Copy 1", full_text=text, copy_of=reader.sources[ECFR]
    )
    second = store.create(reader.lib, "source", title="Copy 2", full_text=text + " Extra.")
    reader.controller.notify({"source"})
    reader.selection.select("source", [second])

    def choose_first_copy(dialog):
        titles = [dialog.view.model().index(r, 0).data() for r in range(2)]
        assert set(titles) == {"Copy 1", ECFR}
        dialog.view.selectRow(titles.index("Copy 1"))
        qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)

    answer_dialogs(reader.panel.check_copies_action.trigger, choose_first_copy)
    assert store.get(reader.lib, "source", second)["copy_of_id"] == reader.sources[ECFR]
    assert store.get(reader.lib, "source", first_copy)["copy_of_id"] == reader.sources[ECFR]
