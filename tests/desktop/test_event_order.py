"""The Events list of a long library pages from its order held in memory (EventOrder): the
same rows as the plain queries, "Sorting…" while a sort no index serves is being made, the
order made again after each edit, and a record found once its order arrives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from workspaces import standalone_workspace

from db import queries, store
from db.engine import open_library
from db.exchange.loader import load_records
from db.queries import EventFilter, lists
from desktop.commands import CreateCommand, push
from desktop.models import event_order
from desktop.models.event_order import EventOrder
from desktop.models.paged import PAGE
from desktop.models.tables import EventTableModel
from desktop.panels.lists import ListPanel
from desktop.selection import SelectionModel

SOURCES_COLUMN = 3
TITLE_COLUMN = 0


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


def test_short_lists_and_filtered_searches_need_no_order_in_memory(long_list, qtbot, monkeypatch):
    panel = ListPanel("event", standalone_workspace(long_list, SelectionModel()))
    qtbot.addWidget(panel)
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 10_000)
    panel.model.sort(SOURCES_COLUMN, Qt.SortOrder.DescendingOrder)
    assert not panel.model.order.coming and panel.model.order.current is None
    assert _shown_ids(panel.model) == _plain_ids(long_list, "sources", True)
    panel.set_search("Event")
    assert not panel.model.order.coming and panel.model.order.current is None
    # A search with other filters is the walk's, as before.
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 1)
    panel.model.set_filter(EventFilter(text="Event", categories=("x",)))
    assert not panel.model.order.coming and panel.model.order.current is None


def _plain_search(controller, text: str, sort: str, descending: bool) -> list[int]:
    rows = queries.list_events(
        controller.lib, EventFilter(text=text), sort=sort, descending=descending, limit=10_000
    )
    return [r.id for r in rows]


def _searched(panel, qtbot, text: str) -> None:
    with qtbot.waitSignal(panel.model.order.ready, timeout=10_000):
        panel.set_search(text)


@pytest.mark.parametrize("sort", ["when", "title", "category", "sources", "importance"])
def test_a_long_search_pages_from_its_order_as_the_plain_query_does(long_list, qtbot, sort):
    """A search's order is the whole list's order in that sort with the others left out."""
    column = EventTableModel.sort_keys.index(sort)
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        panel = _sorted_panel(long_list, qtbot, column, order)
        descending = order == Qt.SortOrder.DescendingOrder
        panel.set_search("zzz")  # nothing matches: nothing to order
        assert panel.model.rowCount() == 0 and not panel.model.order.coming
        for text in ("Event", "001", "00", "Event 000"):
            _searched(panel, qtbot, text)
            ranks = panel.model.order.current
            assert ranks is not None and ranks.filt == EventFilter(text=text)
            expected = _plain_search(long_list, text, sort, descending)
            assert panel.model.rowCount() == len(expected)
            assert _shown_ids(panel.model) == expected, text


def test_the_whole_order_is_read_once_per_sort_and_data(long_list, qtbot, monkeypatch):
    """Typing another word reads its matches, not the whole list's order again; an edit,
    its undo and another process's write each drop that order, and the search's rows follow
    the library."""
    calls = []
    real = event_order.rank_events

    def counted(lib, filt=None, sort="when", descending=False, progress=None):
        calls.append((filt, sort))
        return real(lib, filt, sort, descending, progress)

    monkeypatch.setattr(event_order, "rank_events", counted)
    panel = _sorted_panel(long_list, qtbot, TITLE_COLUMN, Qt.SortOrder.AscendingOrder)
    model = panel.model
    assert calls[-1] == (EventFilter(), "title")  # the list before the search
    made = len(calls)
    for text in ("001", "Event", "00"):
        _searched(panel, qtbot, text)
        assert _shown_ids(model) == _plain_search(long_list, text, "title", False)
    assert len(calls) == made  # no whole order read again

    stack = QUndoStack()
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        added = push(stack, CreateCommand(long_list, "event", title="Event 00x", when="900"))
    assert added.new_id in _shown_ids(model)
    assert _shown_ids(model) == _plain_search(long_list, "00", "title", False)
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        stack.undo()
    assert added.new_id not in _shown_ids(model)
    assert _shown_ids(model) == _plain_search(long_list, "00", "title", False)
    assert len(calls) == made + 2  # made again after each change

    other = open_library(long_list.path)
    try:
        elsewhere = store.create(other, "event", title="Event 00 elsewhere", when="800")
    finally:
        other.close()
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        pass  # the controller's watch notices; the list reloads and its order is made again
    assert elsewhere in _shown_ids(model)
    assert _shown_ids(model) == _plain_search(long_list, "00", "title", False)
    assert len(calls) == made + 3
    # Another sort: its whole order replaces the one held (one at a time).
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        model.sort(SOURCES_COLUMN, Qt.SortOrder.DescendingOrder)
    assert calls[-1] == (EventFilter(), "sources")
    assert model.order.held_bytes <= 4 * (len(_plain_ids(long_list, "when", False)) + 1000)
    assert _shown_ids(model) == _plain_search(long_list, "00", "sources", True)


def test_a_common_words_slow_page_waits_for_the_order(long_list, qtbot, monkeypatch):
    """While a search's order is made, a page that would gather and sort every match of a
    common word shows "Sorting…" (1.4 s by title at 10M events), then the rows."""
    monkeypatch.setattr(lists, "GATHER_LIMIT", 50)
    monkeypatch.setattr(lists, "WALK_ROWS", 5)  # the walk by title finds no page here
    panel = _sorted_panel(long_list, qtbot, TITLE_COLUMN, Qt.SortOrder.DescendingOrder)
    model = panel.model
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        panel.set_search("Event")
        assert model.order.coming
        assert model.data(model.index(PAGE + 3, 0)) == "Sorting…"
    assert _shown_ids(model) == _plain_search(long_list, "Event", "title", True)
    # A rare word's page is read at once (few matches to sort).
    with qtbot.waitSignal(model.order.ready, timeout=10_000):
        panel.set_search("0012")
        assert model.data(model.index(0, 0)) == "Event 0012"


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


def test_a_search_without_an_order_walks_on_from_the_page_before(long_list, qtbot, monkeypatch):
    """A search's list with no order in memory (not long enough for one) asks each next page
    after the last row of the page before, and shows the plain query's rows."""
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 10_000)
    asked = []
    real = queries.list_events

    def spy(lib, filt=None, **kwargs):
        asked.append((kwargs["offset"], kwargs.get("after")))
        return real(lib, filt, **kwargs)

    monkeypatch.setattr(queries, "list_events", spy)
    panel = ListPanel("event", standalone_workspace(long_list, SelectionModel()))
    qtbot.addWidget(panel)
    for column, sort in ((1, "when"), (TITLE_COLUMN, "title")):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            panel.model.sort(column, order)
            panel.set_search("Event")
            asked.clear()
            descending = order == Qt.SortOrder.DescendingOrder
            shown = _shown_ids(panel.model)
            plain = real(
                long_list.lib, EventFilter(text="Event"), sort=sort, descending=descending,
                limit=10_000,
            )  # fmt: skip
            assert shown == [r.id for r in plain]
            assert [offset for offset, _ in asked] == [0, PAGE, 2 * PAGE]
            assert [a.id if a else None for _, a in asked] == [
                None,
                shown[PAGE - 1],
                shown[-1 + 2 * PAGE],
            ]
            panel.set_search("")
