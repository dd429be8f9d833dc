"""The source reader as a user meets it: text, paragraph numbers, highlights, selection, grades."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from db import store
from desktop.panels.source_text_view import SourceTextView, TextPositions

JAPAN_TIMES = "japantimes-trump-proofing-2024.txt"
ECFR = "ecfr-asia-partners-after-trump-2024.txt"
NPR = "npr-allies-unite-2025.txt"

SEAL = "Before the end of 2024, Washington, Tokyo and Seoul aim to formally seal"
# As a person might retype it: straight quotes, no line break kept, different case.
FEAR_LOOSE = "is a PERENNIAL fear for Tokyo"


def _cite(reader, name, event_id, quote, locator="", credibility=None):
    return store.add_citation(
        reader.lib, reader.sources[name], event_id=event_id, quote=quote, locator=locator,
        credibility=credibility,
    )  # fmt: skip


def _event(reader, title, when="2024"):
    return store.create(reader.lib, "event", title=title, when=when)


def test_source_text_is_shown_verbatim_with_cited_passages_highlighted(reader):
    text = reader.texts[JAPAN_TIMES]
    pact = _event(reader, "Trilateral pact sealed", "2024-12~")
    fear = _event(reader, "Abandonment fear")
    _cite(reader, JAPAN_TIMES, pact, SEAL, "para 4")
    _cite(reader, JAPAN_TIMES, fear, FEAR_LOOSE, "para 35")
    _cite(reader, JAPAN_TIMES, fear, "words this article never printed")
    reader.controller.notify({"link"})
    reader.show(JAPAN_TIMES)
    view = reader.panel.view
    assert view.toPlainText() == text
    spans = {(h.event_id, text[h.start : h.end], h.exact) for h in view.highlights}
    assert spans == {
        (pact, SEAL, True),
        (fear, "is a perennial fear for Tokyo", False),
    }
    assert len(view.extraSelections()) == 2
    info = reader.panel.info_label.text()
    assert "2 cited passages highlighted" in info and "1 citation quotes words not found" in info


def test_paragraph_numbers_follow_the_text(reader):
    reader.show(JAPAN_TIMES)
    view = reader.panel.view
    text = reader.texts[JAPAN_TIMES]
    numbers = [view.paragraph_of_block(b) for b in range(view.blockCount())]
    assert numbers == list(range(1, text.count("\n") + 2))  # one paragraph per line
    assert numbers[34] == 35  # line 35 is "para 35", as the locators say
    assert reader.panel.grab().width() > 0  # paints the gutter without error


def test_user_text_is_never_read_as_html(reader):
    source = store.create(
        reader.lib, "source", title="<b>Bold</b> & <i>co</i>", full_text="<h1>Not a heading</h1>"
    )
    reader.selection.select("source", [source])
    assert reader.panel.title_label.text() == "<b>Bold</b> & <i>co</i>"
    assert reader.panel.title_label.textFormat() == Qt.TextFormat.PlainText
    assert reader.panel.view.toPlainText() == "<h1>Not a heading</h1>"


def test_offsets_survive_characters_beyond_the_basic_plane_and_crlf(reader):
    text = "Flags 🇯🇵 and 🇺🇸 met.\r\nOn July 28 they signed."
    source = store.create(reader.lib, "source", title="Emoji", full_text=text)
    reader.selection.select("source", [source])
    view = reader.panel.view
    start = text.index("July 28")
    view.select_span(start, start + len("July 28"))
    assert view.textCursor().selectedText() == "July 28"
    assert view.selected_span() == (start, start + 7)
    positions = TextPositions(text)
    assert [positions.to_py(positions.to_qt(i)) for i in range(len(text))] == list(range(len(text)))


def test_clicking_a_highlight_selects_its_event(reader, qtbot):
    pact = _event(reader, "Trilateral pact sealed")
    _cite(reader, JAPAN_TIMES, pact, SEAL)
    reader.controller.notify({"link"})
    reader.show(JAPAN_TIMES)
    view = reader.panel.view
    start = reader.texts[JAPAN_TIMES].index(SEAL) + 5
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert reader.selection.current == ("event", pact)
    assert "Trilateral pact sealed" in reader.panel.evidence_label.text()
    assert reader.panel.source.title == JAPAN_TIMES  # clicking does not leave the source


def test_selecting_an_event_opens_its_first_source_with_text_at_the_passage(reader):
    bare = store.create(reader.lib, "source", title="Book without text")
    event = _event(reader, "Fighter jet programme in doubt", "2025")
    store.add_citation(reader.lib, bare, event_id=event, quote="x")
    quote = "the Future Fight Air System"
    at = reader.texts[NPR].index(quote)
    _cite(reader, NPR, event, quote, credibility=2)
    reader.controller.notify({"link"})
    reader.show(ECFR)
    reader.selection.select("event", [event])
    view = reader.panel.view
    assert reader.panel.source.title == NPR
    assert view.textCursor().position() == at
    assert view.verticalScrollBar().value() > 0  # scrolled down to the passage
    (highlight,) = [h for h in view.highlights if h.event_id == event]
    assert view.highlight_at(at) == highlight
    assert "2 independent sources, best credibility 2" in reader.panel.evidence_label.text()


def test_grade_is_chosen_in_the_reader_and_undone(reader):
    reader.show(ECFR)
    box = reader.panel.grade_box
    box.setCurrentIndex(box.findData("B"))
    box.activated.emit(box.currentIndex())
    assert store.get(reader.lib, "source", reader.sources[ECFR])["reliability"] == "B"
    reader.stack.undo()
    assert store.get(reader.lib, "source", reader.sources[ECFR])["reliability"] is None
    assert box.currentData() is None  # the reader shows the undone value


def test_citation_credibility_is_set_from_the_highlight_menu(reader):
    event = _event(reader, "Pact")
    citation = _cite(reader, JAPAN_TIMES, event, SEAL)
    reader.controller.notify({"link"})
    reader.show(JAPAN_TIMES)
    view = reader.panel.view
    (highlight,) = view.highlights
    menu = QMenu()
    view.menu_builder(menu, highlight)
    (submenu,) = [a.menu() for a in menu.actions() if a.menu()]
    (two,) = [a for a in submenu.actions() if a.text().startswith("2 ")]
    two.trigger()
    (row,) = [c for c in store_citations(reader, event) if c.id == citation]
    assert row.credibility == 2
    reader.stack.undo()
    assert store_citations(reader, event)[0].credibility is None


def store_citations(reader, event_id):
    from db import queries

    return queries.citations(reader.lib, event_id=event_id)


def test_reader_follows_edits_and_deletes(reader):
    reader.show(JAPAN_TIMES)
    store.update(reader.lib, "source", reader.sources[JAPAN_TIMES], full_text="Now short.")
    reader.controller.notify({"source"})
    assert reader.panel.view.toPlainText() == "Now short."
    store.delete(reader.lib, "source", reader.sources[JAPAN_TIMES])
    reader.controller.notify({"source"})
    assert reader.panel.source is None
    assert reader.panel.title_label.text() == "No source shown"


def test_new_event_action_needs_a_selection(reader):
    reader.show(JAPAN_TIMES)
    action = reader.panel.new_event_action
    assert not action.isEnabled()
    reader.panel.view.select_span(0, 20)
    assert action.isEnabled()
    assert isinstance(reader.panel.view, SourceTextView)
