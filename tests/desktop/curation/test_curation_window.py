"""Curation in the main window: the reader dock, menus, evidence filters, column and report."""

from __future__ import annotations

import csv

from db import queries, store
from db.queries import EventFilter


def _menu(window, title):
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == title]
    return menu


def test_reader_dock_and_curation_menu_are_in_the_window(window):
    curation = window.curation
    assert curation.dock.widget() is curation.reader
    assert curation.dock.toggleViewAction() in window.view_menu.actions()
    texts = [a.text() for a in _menu(window, "&Curation").actions() if not a.isSeparator()]
    assert texts == [
        "New &Event from Selection…",
        "Find &Dated Statements…",
        "Set &Full Text…",
        "New &Source from Text…",
        "Check for &Copies…",
        "Evidence &Report…",
    ]
    assert curation.reader.new_event_action.shortcut().toString() == "Ctrl+Shift+E"


def test_selecting_a_source_in_the_sources_list_opens_it_in_the_reader(window, corpus):
    # The demo ships the article's full text: nothing is pasted in first.
    text = (corpus / "japantimes-trump-proofing-2024.txt").read_text(encoding="utf-8").strip()
    window.selection.select("source", [2], origin=window.lists["source"])
    reader = window.curation.reader
    assert reader.view.toPlainText() == text
    # The demo's citations of this article quote it word for word: all found and highlighted.
    cited = queries.citations(window.controller.lib, source_id=2)
    assert len(reader.view.highlights) == len(cited) > 20
    assert all(h.exact for h in reader.view.highlights)


def test_evidence_filters_narrow_the_events_list(window):
    lib = window.controller.lib
    bare = store.create(lib, "event", title="Rumoured meeting", when="2025")
    window.controller.notify({"event"})
    model = window.lists["event"].model
    everything = model.rowCount()
    unsourced, single = window.curation.unsourced_action, window.curation.single_source_action
    unsourced.trigger()
    assert model.filter.max_sources == 0
    assert [model.id_at(r) for r in range(model.rowCount())] == [bare]
    single.trigger()  # the two toggles exclude each other
    assert not unsourced.isChecked()
    assert model.rowCount() == queries.count_events(lib, EventFilter(max_sources=1)) > 1
    window.search_box.setText("Rumoured")
    window._apply_search()  # the search and the evidence filter combine
    assert [model.id_at(r) for r in range(model.rowCount())] == [bare]
    window.search_box.setText("")
    window._apply_search()
    single.trigger()
    assert model.filter.max_sources is None and model.rowCount() == everything


def test_events_list_shows_the_best_grade(window):
    model = window.lists["event"].model
    column = model.headers.index("Best grade")
    grades = {model.index(r, column).data() for r in range(model.rowCount())}
    assert grades <= {"B", "C", ""} and "B" in grades
    lib = window.controller.lib
    first = model.id_at(0)
    source = store.create(lib, "source", title="Official record", reliability="A")
    store.add_citation(lib, source, event_id=first)
    window.controller.notify({"link"})
    assert model.id_at(0) == first  # reloaded, same order
    assert model.index(0, column).data() == "A"


def test_evidence_report_is_written_in_a_background_job(window, qtbot, tmp_path):
    from desktop.curation.actions import write_report

    path = tmp_path / "evidence.csv"
    job = write_report(window, window.curation, path, "csv")
    with qtbot.waitSignal(job.signals.finished, timeout=4000):
        pass
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == queries.count_events(window.controller.lib)
    assert {r["strength"] for r in rows} <= {"unsourced", "single source", "corroborated"}
    assert "written" in window.statusBar().currentMessage()
