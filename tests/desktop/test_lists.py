"""The Events, Actors and Sources lists: lazy models, default order, finding a far record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db import queries, store
from db.exchange.loader import load_records
from desktop.models.paged import PAGE
from desktop.models.tables import ActorTableModel, EventTableModel, SourceTableModel
from desktop.panels.lists import ListPanel
from desktop.selection import SelectionModel


@pytest.fixture
def demo_controller(controller, demo_lib):
    path = demo_lib.path
    demo_lib.close()
    controller.open(path)
    return controller


@pytest.mark.parametrize("model_class", [EventTableModel, ActorTableModel, SourceTableModel])
def test_table_models_pass_the_model_tester(demo_controller, qtmodeltester, model_class):
    model = model_class(demo_controller)
    model.reload()
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_events_are_listed_by_date_and_actors_by_name(demo_controller, qtbot):
    selection = SelectionModel()
    events = ListPanel("event", demo_controller, selection)
    actors = ListPanel("actor", demo_controller, selection)
    for panel in (events, actors):
        qtbot.addWidget(panel)
        panel.model.reload()
    keys = [events.model.row_at(r).start_key for r in range(events.model.rowCount())]
    assert keys == sorted(keys)
    names = [actors.model.data(actors.model.index(r, 0)) for r in range(actors.model.rowCount())]
    assert names == sorted(names)
    header = events.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        1,
        Qt.SortOrder.AscendingOrder,
    )


def test_the_list_finds_and_shows_a_record_on_a_page_not_yet_loaded(lib, controller, qtbot):
    events = [{"title": f"Event {n:04d}", "when": f"{1000 + n}"} for n in range(3 * PAGE)]
    load_records(lib, {"events": events}, origin="test")
    path = lib.path
    lib.close()
    controller.open(path)
    selection = SelectionModel()
    panel = ListPanel("event", controller, selection)
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show()
    panel.model.reload()
    far = queries.list_events(controller.lib, offset=2 * PAGE + 37, limit=1)[0]
    assert panel.model.row_of_id(far.id) is None  # its page was never fetched
    selection.select("event", [far.id], current=far.id)
    assert panel.selected_ids() == [far.id]
    assert panel.view.currentIndex().row() == 2 * PAGE + 37
    rect = panel.view.visualRect(panel.view.currentIndex())
    assert panel.view.viewport().rect().intersects(rect)  # scrolled into view


def test_a_search_that_hides_the_record_leaves_it_unselected_in_the_list(demo_controller, qtbot):
    selection = SelectionModel()
    panel = ListPanel("actor", demo_controller, selection)
    qtbot.addWidget(panel)
    panel.set_search("Philippines")
    china = next(
        a.id for a in queries.list_actors(demo_controller.lib, "China") if a.name == "China"
    )
    selection.select("actor", [china], current=china)
    assert panel.selected_ids() == []


def test_less_used_columns_can_be_shown_from_the_header_menu(demo_controller, qtbot):
    panel = ListPanel("event", demo_controller, SelectionModel())
    qtbot.addWidget(panel)
    header = panel.view.horizontalHeader()
    category = next(a for a in header.actions() if a.text() == "Category")
    assert panel.view.isColumnHidden(4) and not category.isChecked()
    category.trigger()
    assert not panel.view.isColumnHidden(4)


def test_tooltips_of_list_cells_are_escaped(demo_controller):
    model = EventTableModel(demo_controller)
    store.create(demo_controller.lib, "event", title="<b>x</b><img src=x>", when="1 BC")
    model.reload()
    row = next(r for r in range(model.rowCount()) if model.row_at(r).title.startswith("<b>"))
    index = model.index(row, 0)
    assert model.data(index) == "<b>x</b><img src=x>"
    assert "&lt;b&gt;x&lt;/b&gt;&lt;img src=x&gt;" in model.data(index, Qt.ItemDataRole.ToolTipRole)
