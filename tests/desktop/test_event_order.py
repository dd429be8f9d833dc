"""The Events list of a long library pages from its order held in memory (EventOrder): the
same rows as the plain queries, "Sorting…" while a sort no index serves is being made, the
order made again after each edit, and a record found once its order arrives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from workspaces import standalone_workspace

from db import queries, store
from db.engine import open_library
from db.exchange.loader import load_records
from desktop.models.event_order import EventOrder
from desktop.models.paged import PAGE
from desktop.models.tables import EventTableModel
from desktop.panels.lists import ListPanel
from desktop.selection import SelectionModel

SOURCES_COLUMN = 3


@pytest.fixture
def long_list(lib, controller, monkeypatch):
    """A controller on 2.5 pages of events citing 0-3 of 4 sources; every list counts as
    long, so its order is held in memory."""
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 1)
    events = [{"title": f"Event {n:04d}", "when": f"{1000 + n % 97}"} for n in range(PAGE * 5 // 2)]
    load_records(lib, {"events": events}, origin="test")
    ids = [r.id for r in queries.list_events(lib, limit=10_000)]
    sources = [store.create(lib, "source", title=f"Source {n}") for n in range(4)]
    for n, event_id in enumerate(ids[::7]):
        for source in sources[: n % 4]:
            store.add_citation(lib, source, event_id=event_id)
    path = lib.path
    lib.close()
    controller.open(path)
    return controller


def _shown_ids(model) -> list[int]:
    return [model.id_at(row) for row in range(model.rowCount())]


def _plain_ids(controller, sort: str, descending: bool) -> list[int]:
    rows = queries.list_events(controller.lib, sort=sort, descending=descending, limit=10_000)
    return [r.id for r in rows]


def _sorted_panel(controller, qtbot, column: int, order: Qt.SortOrder, selection=None):
    """An Events list panel sorted by `column`, its order in memory made."""
    panel = ListPanel("event", standalone_workspace(controller, selection or SelectionModel()))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.model.order.ready, timeout=10_000):
        panel.model.sort(column, order)
    return panel


def test_pages_wait_for_the_sources_order_then_equal_the_plain_query(long_list, qtbot):
    panel = ListPanel("event", standalone_workspace(long_list, SelectionModel()))
    qtbot.addWidget(panel)
    model = panel.model
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        model.sort(SOURCES_COLUMN, Qt.SortOrder.DescendingOrder)
        assert model.data(model.index(PAGE + 3, 0)) == "Sorting…"  # no 8 s freeze at 10M
        assert model.id_at(PAGE + 3) is None
    assert model.order.current is not None
    assert _shown_ids(model) == _plain_ids(long_list, "sources", True)
    assert model.data(model.index(PAGE + 3, 0)).startswith("Event ")


@pytest.mark.parametrize("sort", ["when", "title", "importance", "category"])
def test_every_sort_pages_from_its_order_as_the_plain_query_does(long_list, qtbot, sort):
    column = EventTableModel.sort_keys.index(sort)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model = _sorted_panel(long_list, qtbot, column, order).model
        descending = order == Qt.SortOrder.DescendingOrder
        assert _shown_ids(model) == _plain_ids(long_list, sort, descending)


def test_an_edit_makes_the_order_again_and_pages_follow_it(long_list, qtbot):
    model = _sorted_panel(long_list, qtbot, SOURCES_COLUMN, Qt.SortOrder.AscendingOrder).model
    first = model.id_at(0)  # an event with no source: cite it three times
    sources = [s.id for s in queries.list_sources(long_list.lib)][:3]
    for source in sources:
        with qtbot.waitSignal(model.order.ready, timeout=10_000):
            long_list.add_citation(source, event_id=first)
    assert model.order.current is not None
    assert _shown_ids(model) == _plain_ids(long_list, "sources", False)
    assert model.locate(first) == model.rowCount() - 1 - _shown_ids(model)[::-1].index(first)
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        long_list.update("source", sources[0], status="retracted")
    assert _shown_ids(model) == _plain_ids(long_list, "sources", False)


def test_a_record_selected_while_its_order_is_made_is_scrolled_to_once_it_is(long_list, qtbot):
    selection = SelectionModel()
    panel = ListPanel("event", standalone_workspace(long_list, selection))
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show()
    model = panel.model
    wanted = _plain_ids(long_list, "sources", True)[PAGE * 2 + 11]
    with qtbot.waitSignal(model.order_arrived, timeout=10_000):
        model.sort(SOURCES_COLUMN, Qt.SortOrder.DescendingOrder)
        selection.select("event", [wanted], current=wanted)
        assert panel.view.currentIndex().row() != PAGE * 2 + 11  # not found yet
    assert panel.view.currentIndex().row() == PAGE * 2 + 11
    rect = panel.view.visualRect(panel.view.currentIndex())
    assert panel.view.viewport().rect().intersects(rect)


def test_the_model_with_its_order_passes_the_model_tester(long_list, qtbot, qtmodeltester):
    model = _sorted_panel(long_list, qtbot, SOURCES_COLUMN, Qt.SortOrder.AscendingOrder).model
    qtmodeltester.check(model, force_py=True)


def test_short_lists_and_searches_need_no_order_in_memory(long_list, qtbot, monkeypatch):
    panel = ListPanel("event", standalone_workspace(long_list, SelectionModel()))
    qtbot.addWidget(panel)
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 10_000)
    panel.model.sort(SOURCES_COLUMN, Qt.SortOrder.DescendingOrder)
    assert not panel.model.order.coming and panel.model.order.current is None
    assert _shown_ids(panel.model) == _plain_ids(long_list, "sources", True)
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 1)
    panel.set_search("Event")
    assert not panel.model.order.coming and panel.model.order.current is None


def test_a_write_by_another_process_makes_the_order_again(long_list, qtbot):
    model = _sorted_panel(long_list, qtbot, SOURCES_COLUMN, Qt.SortOrder.DescendingOrder).model
    other = open_library(long_list.path)
    try:
        new = store.create(other, "event", title="Written elsewhere", when="1500")
        for source in queries.list_sources(other)[:4]:
            store.add_citation(other, source.id, event_id=new)
    finally:
        other.close()
    # The controller's data-version watch notices within WATCH_INTERVAL_MS; the list reloads.
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        pass
    assert model.id_at(0) == new  # the only event with four sources
    assert _shown_ids(model) == _plain_ids(long_list, "sources", True)
