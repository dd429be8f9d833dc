"""The relationship graph used as a person uses it: Find path on a laptop screen, the graph in
its own window, right-click on nodes and edges, a small graph drawn readably (issue 14)."""

from __future__ import annotations

import sys

import pytest
from person import Person
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication


@pytest.fixture
def laptop(qtbot, tmp_path, monkeypatch):
    """laptop(width, height, demo=True) -> Person at a MainWindow first shown at that size."""
    from db.exchange.imports import import_json
    from desktop.library import LibraryController
    from desktop.safety.reliability import install_error_hook
    from desktop.window.app import make_settings
    from desktop.window.main_window import MainWindow
    from resources import DEMO_CHRONOLOGY

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    windows = []

    def open_(width: int, height: int, *, demo: bool = True) -> Person:
        window = MainWindow(LibraryController(), make_settings())
        qtbot.addWidget(window)
        install_error_hook(window)
        assert window.open_file(tmp_path / f"graph{len(windows)}.chronicle", create=True)
        if demo:
            import_json(window.controller.lib, DEMO_CHRONOLOGY)
            window.controller.notify({"event", "actor", "source", "link", "tag"})
        window.resize(width, height)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        qtbot.waitUntil(lambda: window.graph.scene() is not None, timeout=20000)
        qtbot.waitUntil(lambda: not window.graph.layout_running, timeout=20000)
        windows.append(window)
        return Person(qtbot, window)

    yield open_
    for window in windows:
        window.controller.close()


def _timeline_share(window) -> float:
    QApplication.processEvents()
    return window.timeline_panel.width() / window.width()


def test_find_path_leaves_the_timeline_most_of_a_laptop_screen(laptop, qtbot):
    person = laptop(1280, 720)
    window = person.window
    qtbot.waitUntil(lambda: _timeline_share(window) >= 0.6, timeout=3000)
    finder = window.graph.path_finder
    dock = window.graph.parentWidget()
    docked = dock.width()
    person.click(window.timeline)
    person.keys("Ctrl+Shift+P")  # View ▸ Find Path…
    qtbot.waitUntil(finder.isVisible, timeout=2000)
    assert window.graph.path_action.isChecked()
    # Every control of the bar is on screen in the narrow dock, none cut off at the right.
    for widget in (finder.from_box, finder.to_box, finder.find_button, finder.clear_button):
        assert widget.isVisible()
        right = widget.mapTo(window.graph, widget.rect().topRight()).x()
        assert right <= window.graph.width()
    assert _timeline_share(window) >= 0.6
    # The bar fits the dock as it was: the dock neither widens nor refuses to be narrowed.
    assert dock.width() == docked
    assert dock.minimumSizeHint().width() <= docked
    person.keys("Ctrl+Shift+P")
    qtbot.waitUntil(lambda: not finder.isVisible(), timeout=2000)
    assert _timeline_share(window) >= 0.6


# -- a small library, so every node and link can be pointed at ---------------------------------
def _small_library(path) -> dict[str, tuple[str, int]]:
    """Japan, Australia and India; two events; a relation; a source: node keys by name."""
    from db import store
    from db.engine import create_library

    lib = create_library(path)
    try:
        keys = {}
        for name in ("Japan", "Australia", "India"):
            keys[name] = ("actor", store.create(lib, "actor", name=name, kind="state"))
        for title, when in (("Tokyo summit", "2024-07-28"), ("Delhi talks", "2023-03")):
            keys[title] = ("event", store.create(lib, "event", title=title, when=when))
        store.add_participation(lib, keys["Tokyo summit"][1], keys["Japan"][1], "host")
        store.add_participation(lib, keys["Tokyo summit"][1], keys["Australia"][1], "guest")
        store.add_participation(lib, keys["Delhi talks"][1], keys["India"][1], "host")
        store.add_participation(lib, keys["Delhi talks"][1], keys["Japan"][1], "guest")
        keys["ally of"] = (
            "relation",
            store.add_relation(lib, keys["Japan"], keys["Australia"], type="ally of"),
        )
        store.create(lib, "source", title="Summit readout")
    finally:
        lib.close()
    return keys


def _point(graph, key):
    return graph.widget.screen_pos(key).toPoint()


def _shown_menu(person):
    from PySide6.QtWidgets import QMenu

    menus = person.window.graph.widget.findChildren(QMenu, "graph_menu")
    shown = [menu for menu in menus if menu.isVisible()]
    assert len(shown) == 1, "no right-click menu is showing"
    return shown[0]


def _menu_item(person, text: str) -> None:
    """Click the entry `text` of the graph's right-click menu that is showing."""
    from person import _action

    menu = _shown_menu(person)
    action = _action(menu.actions(), text)
    assert action.isEnabled(), f"{text!r} is greyed out"
    person.click(menu, menu.actionGeometry(action).center())


def _entries(person) -> dict[str, bool]:
    menu = _shown_menu(person)
    return {a.text().replace("&", ""): a.isEnabled() for a in menu.actions() if a.text()}


@pytest.fixture
def small(open_window, tmp_path):
    path = tmp_path / "small.chronicle"
    keys = _small_library(path)
    person = open_window(path)
    graph = person.window.graph
    person.qtbot.waitUntil(lambda: graph.scene() is not None and not graph.layout_running)
    return person, keys


def test_right_click_a_node_hide_it_show_it_expand_and_delete_it(small):
    from db import queries

    person, keys = small
    window, graph = person.window, person.window.graph
    lib = window.controller.lib
    person.right_click(graph.widget, _point(graph, keys["India"]))
    assert window.selection.ids("actor") == {keys["India"][1]}  # selected first, as in lists
    entries = _entries(person)
    assert entries["Expand Neighbours"] is False  # all of them are drawn already
    _menu_item(person, "Hide")
    assert keys["India"] not in graph.scene().index
    assert "1 hidden" in graph.status.text()
    # Delhi talks now has a neighbour that is not drawn: Expand brings it back.
    person.right_click(graph.widget, _point(graph, keys["Delhi talks"]))
    _menu_item(person, "Expand Neighbours")
    assert keys["India"] in graph.scene().index
    person.right_click(graph.widget, _point(graph, keys["India"]))
    _menu_item(person, "Hide")
    spot = QPoint(6, 6)  # a corner of the graph, away from the nodes
    person.right_click(graph.widget, spot)
    _menu_item(person, "Show Hidden (1)")
    assert keys["India"] in graph.scene().index
    # Delete asks, and undo brings the event back with its links.
    person.right_click(graph.widget, _point(graph, keys["Delhi talks"]))
    asked: list[str] = []
    person.when_asked("Delete", asked)
    _menu_item(person, "Delete…")
    assert "Delhi talks" in asked[0]
    assert queries.entity_counts(lib)["event"] == 1
    assert keys["Delhi talks"] not in graph.scene().index
    person.click(window.lists["event"].view)
    person.keys("Ctrl+Z")
    assert queries.entity_counts(lib)["event"] == 2
    person.qtbot.waitUntil(lambda: keys["Delhi talks"] in graph.scene().index, timeout=3000)


def test_right_click_an_event_to_zoom_the_timeline_and_cite_a_source(small):
    from db import queries
    from db.dates import parse_date

    person, keys = small
    window, graph = person.window, person.window.graph
    person.right_click(graph.widget, _point(graph, keys["Tokyo summit"]))
    _menu_item(person, "Zoom Timeline to It")
    start, end = window.timeline.visible_window()
    day = parse_date("2024-07-28")
    assert start <= day.start_key and day.end_key <= end
    assert end - start < 10 * 24 * 3600  # zoomed to the day, not the whole library
    person.right_click(graph.widget, _point(graph, keys["Tokyo summit"]))
    _menu_item(person, "Cite a Source…")
    assert person.focused().objectName() == "source_picker"
    person.type("Summit readout")
    person.press(Qt.Key.Key_Return)
    cited = queries.citations(window.controller.lib, event_id=keys["Tokyo summit"][1])
    assert [c.source_title for c in cited] == ["Summit readout"]


def _clear_point_on(graph, key_a, key_b):
    """A point on the line between two nodes, away from every node (where a person clicks)."""
    from PySide6.QtCore import QPointF

    a, b = graph.widget.screen_pos(key_a), graph.widget.screen_pos(key_b)
    scene = graph.scene()
    for share in (0.5, 0.4, 0.6, 0.3, 0.7):
        p = a + (b - a) * share
        if scene.node_at(graph.widget.view, p.x(), p.y(), slack=6) is None:
            return QPointF(p).toPoint()
    raise AssertionError("every point of the line is under a node")


def test_right_click_a_link_to_delete_it_and_undo(small):
    from db import queries

    person, keys = small
    window, graph = person.window, person.window.graph
    lib = window.controller.lib
    person.right_click(graph.widget, _clear_point_on(graph, keys["Japan"], keys["Australia"]))
    asked: list[str] = []
    person.when_asked("Delete", asked)
    _menu_item(person, "Delete Relation…")
    assert asked == ["Delete the relation 'Japan' —ally of— 'Australia'?"]
    assert queries.entity_counts(lib)["relation"] == 0
    person.click(window.lists["event"].view)
    person.keys("Ctrl+Z")
    assert queries.entity_counts(lib)["relation"] == 1


def test_a_selection_dims_the_rest_and_the_graph_opens_in_its_own_window(small):
    person, keys = small
    window, graph = person.window, person.window.graph
    dock = graph.parentWidget()
    person.click(graph.widget, _point(graph, keys["India"]))
    assert window.selection.ids("actor") == {keys["India"][1]}
    scene = graph.scene()
    state = {key: scene.node_state(i) for i, key in enumerate(scene.keys)}
    assert state[keys["India"]] == "selected"
    assert state[keys["Delhi talks"]] == "normal"  # a neighbour stays clear
    assert state[keys["Australia"]] == state[keys["Tokyo summit"]] == "faded"
    docked_width = graph.widget.width()
    person.keys("Ctrl+Shift+G")  # View ▸ Graph in Its Own Window
    person.qtbot.waitUntil(lambda: dock.isFloating() and dock.isVisible(), timeout=3000)
    assert dock.isWindow() and graph.window() is dock
    person.qtbot.waitUntil(lambda: graph.widget.width() > docked_width, timeout=3000)
    # The same selection: a click in the graph's window selects in the main window's lists.
    person.qtbot.waitUntil(lambda: graph.widget.is_on_screen(keys["Japan"]), timeout=3000)
    person.click(graph.widget, _point(graph, keys["Japan"]))
    assert window.selection.ids("actor") == {keys["Japan"][1]}
    actors = window.lists["actor"]
    rows = actors.view.selectionModel().selectedRows()
    assert [actors.model.id_at(r.row()) for r in rows] == [keys["Japan"][1]]
    # Closing that window (its close button) puts the graph back in its dock.
    dock.close()
    person.qtbot.waitUntil(lambda: not dock.isFloating(), timeout=3000)
    assert dock.isVisible() and not window.graph_actions.own_window.isChecked()
    person.click(window.lists["event"].view)
    person.keys("Ctrl+Shift+G")
    person.qtbot.waitUntil(dock.isFloating, timeout=3000)
    person.keys("Ctrl+Shift+G")
    person.qtbot.waitUntil(lambda: not dock.isFloating(), timeout=3000)


def _label_boxes(graph):
    """The label rectangles the graph drew, in widget pixels (reading the screen)."""
    from PySide6.QtCore import QRectF

    widget, scene = graph.widget, graph.scene()
    placement = widget.labels()
    boxes = []
    for label in placement.nodes:
        x, y = widget.view.to_screen(*scene.xy[label.node])
        boxes.append(QRectF(x + label.ox, y + label.oy, label.width, label.height))
    return boxes


def test_the_demo_graph_at_the_default_dock_size_names_only_what_fits(laptop, qtbot):
    person = laptop(1280, 720)
    graph = person.window.graph
    qtbot.waitUntil(lambda: graph.widget.height() > 100, timeout=3000)
    boxes = _label_boxes(graph)
    assert 4 <= len(boxes) < len(graph.scene().keys) / 3  # the hubs, not all 97
    for i, a in enumerate(boxes):
        assert all(not a.intersects(b) for b in boxes[i + 1 :]), "two labels overlap"
    # The pointer on an unlabelled node shows its whole name.
    scene = graph.scene()
    named = {label.node for label in graph.widget.labels().nodes}
    quiet = next(
        i for i in range(len(scene.keys))
        if i not in named and graph.widget.is_on_screen(scene.keys[i])
    )  # fmt: skip
    before = graph.widget.grab().toImage()
    qtbot.mouseMove(graph.widget, graph.widget.screen_pos(scene.keys[quiet]).toPoint())
    qtbot.waitUntil(lambda: graph.widget.hovered == scene.keys[quiet], timeout=2000)
    assert graph.widget.grab().toImage() != before  # its label is drawn on top
    # Zooming in (keys on the focused graph) names more of them.
    person.click(graph.widget, QPoint(4, 4))
    person.press(Qt.Key.Key_Plus, times=4)
    graph.widget.refresh_layers()
    assert len(_label_boxes(graph)) > len(boxes)


def test_the_graph_takes_its_colours_from_a_dark_theme(laptop, qtbot):
    from PySide6.QtGui import QPalette

    from desktop.help.actions import PreferencesDialog

    person = laptop(1280, 720)
    window, graph = person.window, person.window.graph
    person.click(window.timeline)
    person.keys("Ctrl+,")
    prefs = window.findChild(PreferencesDialog)
    qtbot.waitUntil(prefs.isVisible, timeout=2000)
    person.click(prefs.theme)
    popup = QApplication.focusWidget()
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    person.click(popup.viewport(), popup.visualRect(popup.model().index(2, 0)).center())
    base = lambda: graph.palette().color(QPalette.ColorRole.Base)  # noqa: E731
    qtbot.waitUntil(lambda: base().lightness() < 80, timeout=3000)
    corner = lambda: graph.widget.grab().toImage().pixelColor(3, 3)  # noqa: E731
    qtbot.waitUntil(lambda: corner().name() == base().name(), timeout=3000)
    style = graph.scene().style
    assert style.label_text.lightness() > 180  # light text on the dark ground
    assert style.participation.lightness() > base().lightness()  # lines show on it
    person.click(prefs.theme)
    popup = QApplication.focusWidget()
    qtbot.wait(QApplication.doubleClickInterval() + 50)
    person.click(popup.viewport(), popup.visualRect(popup.model().index(0, 0)).center())
    qtbot.waitUntil(lambda: base().lightness() > 150, timeout=3000)
    qtbot.waitUntil(lambda: corner().name() == base().name(), timeout=3000)


def test_a_graph_typed_in_one_record_at_a_time_is_drawn_flat_with_no_node_on_a_line(
    open_window, tmp_path
):
    """Issue 14: actors made one after another were put in a row (every y the same), and the
    links of an event then ran through the actors between."""
    import numpy as np

    from desktop.graph.untangle import GAP, edge_clearances
    from desktop.panels.editors.participants import ParticipantsSection

    person = open_window(tmp_path / "typed.chronicle", create=True)
    window, graph = person.window, person.window.graph
    for name in ("Japan", "Australia", "India", "France", "Brazil"):
        person.keys("Ctrl+Shift+A")
        person.type(name)
        person.press(Qt.Key.Key_Return)
    actors = next(
        s for s in window.inspector.forms["event"].sections if isinstance(s, ParticipantsSection)
    )
    for title, linked in (
        ("Quad summit", ("Japan", "India")),
        ("Paris talks", ("France", "Brazil")),
    ):
        person.keys("Ctrl+E")
        person.type(title)
        person.tab()
        person.type("2024")
        person.press(Qt.Key.Key_Return)
        for name in linked:
            person.click_into(actors.picker, name)
            person.press(Qt.Key.Key_Return)
    person.qtbot.waitUntil(
        lambda: graph.scene() is not None and len(graph.scene().edges) == 4, timeout=3000
    )
    shown = graph.scene().model.graph
    positions = graph.positions()
    xy = np.array([positions[node] for node in shown])
    spread = np.linalg.svd(xy - xy.mean(axis=0), compute_uv=False)
    assert spread[1] > 0.3 * spread[0]  # not a row
    _nodes, radius, dist, _ends = edge_clearances(shown, positions)
    assert not (dist < radius[:, None] + GAP - 1e-6).any(), "a link runs through a node"
