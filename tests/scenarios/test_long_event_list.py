"""A person sorts a long Events list by number of sources and goes to its end (issue 16,
item 4: at ten million events that page took 8 s and finding a row 51 s; the list now pages
from its order held in memory, `desktop/models/event_order.py`)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from benchmarks.timeline_library import generate
from db import queries, store
from db.engine import open_library
from desktop.models.event_order import EventOrder

EVENTS = 700  # three and a half pages of the list
SOURCES_COLUMN = 3


def _library_with_well_sourced_events(path) -> None:
    """The benchmark's synthetic library (0-1 source per event), with a few events citing
    three or four sources, one of them retracted (it does not count)."""
    generate(path, EVENTS)
    lib = open_library(path)
    try:
        for event_id, sources in ((5, (1, 2, 3)), (250, (4, 5, 6, 7)), (640, (8, 9, 10, 11))):
            for source in sources:
                store.add_citation(lib, source, event_id=event_id)
        store.update(lib, "source", 11, status="retracted")
    finally:
        lib.close()


def _bottom_rows(table, count: int) -> list[tuple[str, str]]:
    """(title, sources) as shown in the last `count` rows visible in the table."""
    model = table.model()
    last = table.rowAt(table.viewport().height() - 2)
    return [
        (model.data(model.index(row, 0)), model.data(model.index(row, SOURCES_COLUMN)))
        for row in range(last - count + 1, last + 1)
    ]


def test_sort_a_long_list_by_sources_and_go_to_its_end(open_window, tmp_path, monkeypatch):
    monkeypatch.setattr(EventOrder, "RANKED_FROM", 500)  # 700 events count as a long list
    path = tmp_path / "long.chronicle"
    _library_with_well_sourced_events(path)
    person = open_window(path)
    table = person.window.lists["event"].view  # the list shown first
    person.qtbot.waitUntil(table.isVisible, timeout=2000)
    header = table.horizontalHeader()
    assert not table.isColumnHidden(SOURCES_COLUMN)
    left, width = header.sectionViewportPosition(SOURCES_COLUMN), header.sectionSize(SOURCES_COLUMN)
    person.click(header.viewport(), QPoint(left + width // 2, header.height() // 2))
    assert header.sortIndicatorSection() == SOURCES_COLUMN
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # The order is made in the background; the rows say so meanwhile, then show it.
    person.qtbot.waitUntil(
        lambda: table.model().data(table.model().index(0, 0)) != "Sorting…", timeout=10_000
    )
    person.click(table.viewport(), table.visualRect(table.model().index(0, 0)).center())
    person.press(Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # a table's last row
    assert table.currentIndex().row() == EVENTS - 1
    lib = person.window.controller.lib
    expected = queries.list_events(
        lib, sort="sources", descending=descending, offset=EVENTS - 5, limit=5
    )
    assert _bottom_rows(table, 5) == [(r.title, str(r.source_count)) for r in expected]
    counts = [r.source_count for r in queries.list_events(lib, sort="sources", limit=EVENTS)]
    assert _bottom_rows(table, 1)[0][1] == str(min(counts) if descending else max(counts))
    # Event 5 cites its own source from `generate` and 1-3, event 250 cites 4-7; 640's fourth
    # source (11) is retracted, so it counts three.
    assert max(counts) == 4 and counts.count(4) == 2 and counts.count(3) == 1
    order = person.window.lists["event"].model.order.current
    assert order is not None and len(order) == EVENTS  # paged from the order in memory
