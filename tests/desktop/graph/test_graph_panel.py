"""The Relationship panel as a user meets it: the demo graph, selection shared with the lists,
time slice, filters, neighbours, path finder, dragging nodes and dragging out relations."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from db import queries
from db.dates import parse_date


def _ids(panel):
    rows = queries.graph_rows(panel.controller.lib)
    return {a.name: a.id for a in rows.actors}, {e.title: e.id for e in rows.events}


def _point(panel, key) -> QPoint:
    return panel.widget.screen_pos(key).toPoint()


def _drag(qtbot, widget, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifier, start)
    steps = 6
    for i in range(1, steps + 1):
        qtbot.mouseMove(widget, start + (end - start) * i / steps)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifier, end)


def _window(text: str) -> tuple[int, int]:
    date = parse_date(text)
    return date.start_key, date.end_key


def test_the_demo_graph_is_shown_with_labelled_edges(graph_panel):
    actors, _events = _ids(graph_panel)
    scene = graph_panel.scene()
    assert len(scene.keys) == 97
    assert graph_panel.status.text() == "40 actors · 57 events · 214 links"
    model = scene.model
    ally = [
        e for e in model.edges if e.label == "ally of" and e.source == ("actor", actors["Japan"])
    ]
    assert [e.target for e in ally] == [("actor", actors["United States"])]
    labels = {label.text for label in graph_panel.widget.labels().edges}
    # Which relations have room for their label depends on the layout; some always do.
    assert "participant" in labels and labels & {"ally of", "member of", "partner of", "leads"}


def test_clicking_an_actor_selects_it_everywhere(window, qtbot):
    panel = window.graph
    qtbot.waitUntil(lambda: not panel.layout_running and panel.scene() is not None, timeout=20000)
    actors, _events = _ids(panel)
    japan = ("actor", actors["Japan"])
    panel.widget.centre_on(japan)
    qtbot.mouseClick(panel.widget, Qt.MouseButton.LeftButton, pos=_point(panel, japan))
    assert window.selection.ids("actor") == {actors["Japan"]}
    assert window.selection.current == japan
    assert window.lists["actor"].selected_ids() == [actors["Japan"]]


def test_selecting_in_a_list_highlights_the_node(graph_panel):
    actors, _events = _ids(graph_panel)
    graph_panel.selection.select("actor", {actors["Poland"]}, origin="list")
    scene = graph_panel.scene()
    assert scene.highlight.selected == {("actor", actors["Poland"])}
    assert scene.node_state(scene.index[("actor", actors["Poland"])]) == "selected"
    assert graph_panel.widget.is_on_screen(("actor", actors["Poland"]))


def test_ctrl_click_adds_to_the_selection_and_background_click_clears_it(graph_panel, qtbot):
    actors, _events = _ids(graph_panel)
    widget = graph_panel.widget
    widget.set_view(widget.view.zoomed(3.0, widget.width() / 2, widget.height() / 2))
    first, second = ("actor", actors["Japan"]), ("actor", actors["Poland"])
    for key, modifier in (
        (first, Qt.KeyboardModifier.NoModifier),
        (second, Qt.KeyboardModifier.ControlModifier),
    ):
        widget.centre_on(key)
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, modifier, _point(graph_panel, key))
    assert graph_panel.selection.ids("actor") == {actors["Japan"], actors["Poland"]}
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert graph_panel.selection.ids("actor") == frozenset()


def test_time_slice_hides_events_outside_the_window(graph_panel):
    actors, events = _ids(graph_panel)
    graph_panel.set_time_window(*_window("2022"))
    assert len(graph_panel.scene().keys) == 97  # the slice is off until ticked
    graph_panel.time_slice.check.setChecked(True)
    shown = set(graph_panel.scene().keys)
    assert ("event", events["Yoon Suk Yeol inaugurated"]) in shown
    assert ("event", events["Trump returns to the White House"]) not in shown
    assert ("actor", actors["Poland"]) not in shown
    leads = {(e.source, e.target) for e in graph_panel.scene().model.edges if e.label == "leads"}
    biden, trump, us = (actors[n] for n in ("Joe Biden", "Donald Trump", "United States"))
    assert (("actor", biden), ("actor", us)) in leads
    assert (("actor", trump), ("actor", us)) not in leads
    assert graph_panel.status.text().endswith("in the time slice")


def test_panning_the_timeline_moves_the_slice_and_keeps_positions(graph_panel, qtbot):
    _actors, events = _ids(graph_panel)
    return_2025 = ("event", events["Trump returns to the White House"])
    tpp_2017 = ("event", events["US pulls out of the TPP"])
    graph_panel.time_slice.check.setChecked(True)
    graph_panel.set_time_window(*_window("2025"))
    qtbot.waitUntil(lambda: tpp_2017 not in graph_panel.scene().index)
    assert return_2025 in graph_panel.scene().index
    before = dict(graph_panel.positions())
    graph_panel.set_time_window(*_window("2017"))
    qtbot.waitUntil(lambda: tpp_2017 in graph_panel.scene().index)
    assert return_2025 not in graph_panel.scene().index
    assert graph_panel.positions() == before


def test_typing_a_date_range_slices_and_asks_the_timeline_to_follow(graph_panel, qtbot):
    _actors, _events = _ids(graph_panel)
    slice_control = graph_panel.time_slice
    slice_control.from_edit.setText("Jun 2024")
    slice_control.to_edit.setText("Dec 2024")
    with qtbot.waitSignal(graph_panel.window_requested) as requested:
        slice_control.to_edit.editingFinished.emit()
    assert requested.args == [_window("2024-06")[0], _window("2024-12")[1]]
    assert slice_control.enabled
    titles = {graph_panel.scene().model.nodes[k].label for k in graph_panel.scene().keys}
    assert "Trump wins the 2024 US election" in titles
    assert "Biden administration" in titles  # 2021/2025 overlaps the window
    assert "Trump returns to the White House" not in titles


def test_a_range_before_1902_reaches_the_timeline_without_overflow(graph_panel, qtbot):
    slice_control = graph_panel.time_slice
    slice_control.from_edit.setText("44 BC")
    slice_control.to_edit.setText("1815")
    with qtbot.waitSignal(graph_panel.window_requested) as requested:
        slice_control.to_edit.editingFinished.emit()
    assert requested.args == [_window("-0043")[0], _window("1815")[1]]
    assert requested.args[0] < -(2**31)


def test_a_bad_date_in_the_range_is_refused_with_the_reason(graph_panel):
    slice_control = graph_panel.time_slice
    slice_control.from_edit.setText("the thirteenth month")
    slice_control.from_edit.editingFinished.emit()
    assert slice_control.error.text().startswith("From:")
    assert not slice_control.enabled and len(graph_panel.scene().keys) == 97


def test_filters_hide_what_they_should(graph_panel):
    menu = graph_panel.filters
    menu.kind_actions["event"].setChecked(False)
    kinds = {k[0] for k in graph_panel.scene().keys}
    assert kinds == {"actor"}
    assert {e.kind for e in graph_panel.scene().model.edges} == {"relation"}
    menu.kind_actions["event"].setChecked(True)
    for relation_type, action in menu.relation_actions.items():
        action.setChecked(relation_type == "ally of")
    assert {e.label for e in graph_panel.scene().model.edges if e.kind == "relation"} == {"ally of"}
    menu.kind_actions["source"].setChecked(True)
    assert sum(1 for k in graph_panel.scene().keys if k[0] == "source") == 3
    assert any(e.kind == "citation" for e in graph_panel.scene().model.edges)


def test_tag_filter_and_hide_isolated(graph_panel):
    _actors, _events = _ids(graph_panel)
    menu = graph_panel.filters
    menu.tag_actions["korean-peninsula"].setChecked(True)
    names = {graph_panel.scene().model.nodes[k].label for k in graph_panel.scene().keys}
    assert {"North Korea", "South Korea", "Russia"} <= names
    assert "Poland" not in names
    graph_panel.controller.create("actor", name="Hermit Kingdom watcher")
    menu.tag_actions["korean-peninsula"].setChecked(False)
    keys = graph_panel.scene().keys
    assert any(graph_panel.scene().model.nodes[k].label == "Hermit Kingdom watcher" for k in keys)
    menu.hide_isolated_action.setChecked(True)
    labels = {graph_panel.scene().model.nodes[k].label for k in graph_panel.scene().keys}
    assert "Hermit Kingdom watcher" not in labels and "Japan" in labels


def test_neighbours_to_depth_n(graph_panel):
    actors, _events = _ids(graph_panel)
    graph_panel.selection.select("actor", {actors["Poland"]})
    graph_panel.neighbours_check.setChecked(True)
    one = set(graph_panel.scene().keys)
    assert ("actor", actors["Poland"]) in one and len(one) == 3
    graph_panel.depth_box.setValue(2)
    two = set(graph_panel.scene().keys)
    assert one < two and ("actor", actors["Japan"]) in two


def test_path_finder_lists_and_highlights_how_japan_is_linked_to_poland(graph_panel, qtbot):
    actors, _events = _ids(graph_panel)
    graph_panel.path_action.setChecked(True)
    finder = graph_panel.path_finder
    assert finder.isVisible()
    finder.choose(actors["Japan"], actors["Poland"])
    qtbot.mouseClick(finder.find_button, Qt.MouseButton.LeftButton)
    lines = finder.steps_model.stringList()
    assert len(lines) == 2 and lines[0].startswith("Japan —") and lines[1].endswith("— Poland")
    assert finder.summary.text() == "2 steps, through 1 event:"
    highlight = graph_panel.scene().highlight
    assert {("actor", actors["Japan"]), ("actor", actors["Poland"])} <= highlight.path_nodes
    assert len(highlight.path_edges) == 2
    finder.steps.clicked.emit(finder.steps_model.index(1))
    assert graph_panel.selection.ids("actor") == {actors["Poland"]}
    qtbot.mouseClick(finder.clear_button, Qt.MouseButton.LeftButton)
    assert not graph_panel.scene().highlight.has_path


def test_path_finder_names_an_unknown_actor(graph_panel, qtbot):
    finder = graph_panel.path_finder
    finder.from_box.setEditText("Atlantis")
    qtbot.mouseClick(finder.find_button, Qt.MouseButton.LeftButton)
    assert finder.summary.text() == "No actor called 'Atlantis'."


def test_a_dragged_node_keeps_its_place_after_reopening(graph_panel, qtbot, tmp_path):
    actors, _events = _ids(graph_panel)
    poland = ("actor", actors["Poland"])
    widget = graph_panel.widget
    widget.centre_on(poland)
    start = _point(graph_panel, poland)
    _drag(qtbot, widget, start, start + QPoint(80, 50))
    moved = graph_panel.positions()[poland]
    expected = widget.view.to_world(start.x() + 80, start.y() + 50)
    assert moved == pytest.approx(expected, abs=1e-6)
    assert graph_panel.selection.ids("actor") == frozenset()  # a drag is not a click
    path = graph_panel.controller.path
    graph_panel.controller.close()
    assert graph_panel.scene() is None
    graph_panel.controller.open(path)
    qtbot.waitUntil(lambda: graph_panel.scene() is not None)
    assert not graph_panel.layout_running  # every node had a stored place
    assert graph_panel.positions()[poland] == pytest.approx(moved)


def test_shift_drag_between_nodes_adds_a_relation_and_undo_removes_it(
    graph_panel, qtbot, monkeypatch
):
    actors, _events = _ids(graph_panel)
    asked = []

    def choose_meets(source, target, _where):
        asked.append((source, target))
        return "meets"

    monkeypatch.setattr(graph_panel, "_ask_relation_type", choose_meets)
    poland, japan = ("actor", actors["Poland"]), ("actor", actors["Japan"])
    widget = graph_panel.widget
    widget.set_view(widget.view.zoomed(0.8, widget.width() / 2, widget.height() / 2))
    assert widget.is_on_screen(poland) and widget.is_on_screen(japan)
    _drag(
        qtbot,
        widget,
        _point(graph_panel, poland),
        _point(graph_panel, japan),
        Qt.KeyboardModifier.ShiftModifier,
    )
    assert asked == [(poland, japan)]

    def meets():
        return [
            r
            for r in queries.relations(graph_panel.controller.lib, "actor", actors["Poland"])
            if r.type == "meets"
        ]

    assert [(r.from_id, r.to_id) for r in meets()] == [(actors["Poland"], actors["Japan"])]
    assert any(e.label == "meets" for e in graph_panel.scene().model.edges)
    assert graph_panel.positions()[poland] != graph_panel.positions()[japan]  # nothing moved
    graph_panel.undo_stack.undo()
    assert meets() == []
    assert not any(e.label == "meets" for e in graph_panel.scene().model.edges)
    graph_panel.undo_stack.redo()
    assert len(meets()) == 1


def test_a_refused_relation_changes_nothing(graph_panel, monkeypatch):
    actors, _events = _ids(graph_panel)
    shown = []
    monkeypatch.setattr(
        "desktop.graph.panel.QMessageBox.exec", lambda box: shown.append(box.text())
    )
    japan, cptpp = ("actor", actors["Japan"]), ("actor", actors["CPTPP"])
    before = len(queries.relations(graph_panel.controller.lib))
    graph_panel.link(cptpp, japan, "member of")  # Japan is a member of CPTPP: a loop
    assert shown and "loop" in shown[0]
    assert len(queries.relations(graph_panel.controller.lib)) == before
    assert graph_panel.undo_stack.count() == 0


def test_layout_choice_runs_in_the_background_and_is_kept_per_layout(graph_panel, qtbot):
    spring = graph_panel.positions()
    graph_panel.layout_box.setCurrentIndex(graph_panel.layout_box.findData("circular"))
    qtbot.waitUntil(lambda: not graph_panel.layout_running, timeout=20000)
    circular = graph_panel.positions()
    assert set(circular) == set(spring) and circular != spring
    graph_panel.layout_box.setCurrentIndex(graph_panel.layout_box.findData("spring"))
    assert not graph_panel.layout_running  # loaded from the library, not recomputed
    assert graph_panel.positions() == spring


def test_a_layout_shows_progress_and_cancel_keeps_the_nodes_where_they_were(graph_panel, qtbot):
    before = graph_panel.positions()
    graph_panel.run_layout(fresh=True)
    assert graph_panel.layout_running
    assert graph_panel.progress.isVisibleTo(graph_panel)
    assert graph_panel.cancel_button.isVisibleTo(graph_panel)
    qtbot.mouseClick(graph_panel.cancel_button, Qt.MouseButton.LeftButton)
    assert not graph_panel.layout_running
    assert not graph_panel.progress.isVisibleTo(graph_panel)
    qtbot.wait(300)  # the job's last signals arrive and are ignored
    assert graph_panel.positions() == before


def test_around_an_actor_centres_the_selected_actor(graph_panel, qtbot):
    actors, _events = _ids(graph_panel)
    graph_panel.selection.select("actor", {actors["Poland"]})
    graph_panel.layout_box.setCurrentIndex(graph_panel.layout_box.findData("ego"))
    qtbot.waitUntil(lambda: not graph_panel.layout_running, timeout=20000)
    assert graph_panel.positions_key() == f"ego:{actors['Poland']}"
    assert graph_panel.positions()[("actor", actors["Poland"])] == (0.0, 0.0)


def test_filters_leaving_nothing_say_so(graph_panel):
    graph_panel.filters.kind_actions["actor"].setChecked(False)
    graph_panel.filters.kind_actions["event"].setChecked(False)
    assert graph_panel.scene().keys == []
    assert graph_panel.widget.empty_text.startswith("Nothing to show")


def test_a_hidden_panel_catches_up_when_shown_again(graph_panel, qtbot):
    graph_panel.hide()
    new_id = graph_panel.controller.create("actor", name="Latecomer")
    assert ("actor", new_id) not in graph_panel.scene().index  # no work while hidden
    graph_panel.show()
    qtbot.waitUntil(lambda: ("actor", new_id) in graph_panel.scene().index)
