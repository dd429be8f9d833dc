"""Linking from the inspector: actors with roles, cited sources with quotes, relations."""

from __future__ import annotations

from editing_support import library_state, press_enter, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from db import queries
from desktop.panels.editors.citations import CitationsSection
from desktop.panels.editors.link_section import LinkSection
from desktop.panels.editors.participants import ParticipantsSection
from desktop.panels.editors.relations import RelationsSection

EAST_WEST = "When East meets West meets Trump’s America: European diplomacy in the Indo-Pacific"


def _open_event(editor, words: str = "Ishiba"):
    lib = editor.controller.lib
    event_id = queries.list_events(lib, queries.EventFilter(text=words), limit=1)[0].id
    editor.selection.select("event", [event_id], current=event_id)
    form = editor.panel.forms["event"]
    sections = {type(s): s for s in form.sections}
    return event_id, sections


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_add_an_existing_actor_with_a_role(editor, qtbot):
    event_id, sections = _open_event(editor)
    actors = sections[ParticipantsSection]
    type_into(qtbot, actors.picker, "United Kingdom")
    assert actors.add_button.text() == "&Add"
    type_into(qtbot, actors.role, "observer")
    _click(qtbot, actors.add_button)
    roles = {
        p.actor_name: p.role for p in queries.participants(editor.controller.lib, event_id=event_id)
    }
    assert roles["United Kingdom"] == "observer"
    assert actors.model.rowCount() == len(roles)
    assert actors.picker.text() == "" and actors.picker.hasFocus()  # ready for the next one


def test_typing_a_new_name_creates_the_actor_and_the_link_in_one_undo_step(editor, qtbot):
    event_id, sections = _open_event(editor)
    actors = sections[ParticipantsSection]
    before = library_state(editor.controller.lib)
    type_into(qtbot, actors.picker, "Ruritania")
    assert actors.add_button.text() == "Create && &add actor"
    type_into(qtbot, actors.role, "mediator")
    press_enter(qtbot, actors.role)
    lib = editor.controller.lib
    assert [a.name for a in queries.list_actors(lib, "Ruritania")] == ["Ruritania"]
    assert ("Ruritania", "mediator") in {
        (p.actor_name, p.role) for p in queries.participants(lib, event_id=event_id)
    }
    assert editor.stack.count() == 1
    editor.stack.undo()
    assert library_state(lib) == before


def test_pick_a_source_from_the_suggestions_and_cite_it_with_a_quote(editor, qtbot):
    event_id, sections = _open_event(editor, "Kishida")
    cited = sections[CitationsSection]
    type_into(qtbot, cited.picker, "East meets")
    popup = cited.picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert cited.picker.text() == EAST_WEST
    type_into(qtbot, cited.locator, "para 12")
    cited.credibility.setFocus()
    qtbot.keyClick(cited.credibility, Qt.Key.Key_Down)
    qtbot.keyClick(cited.credibility, Qt.Key.Key_Down)
    cited.quote.setFocus()
    qtbot.keyClicks(cited.quote, "Kishida warned that Ukraine today may be East Asia tomorrow.")
    qtbot.keyClick(cited.quote, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    found = [
        c
        for c in queries.citations(editor.controller.lib, event_id=event_id)
        if c.locator == "para 12"
    ]
    assert len(found) == 1
    assert (found[0].source_title, found[0].credibility) == (EAST_WEST, 2)
    assert found[0].quote == "Kishida warned that Ukraine today may be East Asia tomorrow."
    assert cited.quote.toPlainText() == ""


def test_cite_a_new_source_typed_by_title(editor, qtbot):
    event_id, sections = _open_event(editor)
    cited = sections[CitationsSection]
    type_into(qtbot, cited.picker, "My interview notes")
    assert cited.add_button.text() == "Create source && cite"
    _click(qtbot, cited.add_button)
    titles = [c.source_title for c in queries.citations(editor.controller.lib, event_id=event_id)]
    assert "My interview notes" in titles
    assert editor.stack.count() == 1


def test_relate_the_event_to_an_actor_with_a_period(editor, qtbot):
    event_id, sections = _open_event(editor)
    relations = sections[RelationsSection]
    relations.type.setCurrentText("responds to")
    relations.direction.setCurrentIndex(1)  # the other one -> this event
    type_into(qtbot, relations.picker, "Japan")
    type_into(qtbot, relations.valid.edit, "2024 to 2025")
    assert relations.valid.feedback.text().startswith("2024 – 2025 — span, year precision")
    _click(qtbot, relations.add_button)
    rows = queries.relations(editor.controller.lib, "event", event_id)
    made = [r for r in rows if r.type == "responds to"]
    assert [(m.from_label, m.to_kind, m.to_id, m.valid_edtf) for m in made] == [
        ("Japan", "event", event_id, "2024/2025")
    ]


def test_a_refused_relation_says_why(editor, qtbot):
    _event_id, sections = _open_event(editor)
    relations = sections[RelationsSection]
    relations.other_kind.setCurrentIndex(1)  # events: not created in place
    type_into(qtbot, relations.picker, "No such event anywhere")
    _click(qtbot, relations.add_button)
    assert relations.problem.isVisible()
    assert relations.problem.text() == "There is no event called 'No such event anywhere'."
    assert editor.stack.count() == 0


def test_edit_a_role_in_the_table_and_remove_a_link_with_the_delete_key(editor, qtbot):
    event_id, sections = _open_event(editor)
    actors = sections[ParticipantsSection]
    view = actors.view
    index = actors.model.index(0, 1)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor_widget = view.viewport().findChild(QLineEdit)
    assert editor_widget is not None, "F2 opens the cell editor"
    editor_widget.selectAll()
    qtbot.keyClicks(editor_widget, "chair")
    qtbot.keyClick(editor_widget, Qt.Key.Key_Return)  # the delegate commits on the next turn
    lib = editor.controller.lib
    qtbot.waitUntil(lambda: queries.participants(lib, event_id=event_id)[0].role == "chair")
    qtbot.waitUntil(lambda: actors.model.data(actors.model.index(0, 1)) == "chair")
    count = actors.model.rowCount()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(queries.participants(lib, event_id=event_id)) == count - 1
    assert editor.controller.get("event", event_id)  # the event itself is untouched
    assert editor.stack.count() == 2


def test_credibility_is_edited_with_a_choice_in_the_table(editor, qtbot):
    event_id, sections = _open_event(editor)
    cited = sections[CitationsSection]
    model = cited.model
    assert model.setData(model.index(0, 2), 5)
    assert queries.citations(editor.controller.lib, event_id=event_id)[0].credibility == 5
    assert not model.setData(model.index(0, 2), 9)  # refused, and said so
    assert cited.problem.isVisible() and "Credibility" in cited.problem.text()


def test_actor_form_lists_and_links_events(editor, qtbot):
    lib = editor.controller.lib
    japan = next(a.id for a in queries.list_actors(lib, "Japan") if a.name == "Japan")
    editor.selection.select("actor", [japan], current=japan)
    form = editor.panel.forms["actor"]
    events = form.sections[0]
    assert events.model.rowCount() == len(queries.participants(lib, actor_id=japan))
    type_into(qtbot, events.picker, "India and China strike a border deal")
    assert events.add_button.text() == "&Add"  # events are never created here
    type_into(qtbot, events.role, "observer")
    _click(qtbot, events.add_button)
    roles = {p.event_id: p.role for p in queries.participants(lib, actor_id=japan)}
    assert "observer" in roles.values()


def test_link_models_pass_the_model_tester(editor, qtmodeltester):
    _event_id, sections = _open_event(editor, "Japan widens")
    for section in sections.values():
        if not isinstance(section, LinkSection):
            continue  # the evidence summary: text, no model
        assert section.model.rowCount() > 0
        qtmodeltester.check(section.model, force_py=True)
