"""List titles stay readable in a narrow dock (issue 14, item 12).

Found by hand: the Sources list's Title column shrank to "…" because the other columns,
sized for typical values, took the whole width of the dock.
"""

from __future__ import annotations

from person import show_tab
from PySide6.QtCore import Qt

from desktop.panels.title_share import TITLE_SHARE


def test_titles_keep_half_of_every_list_however_narrow(open_window, tmp_path):
    person = open_window(tmp_path / "titles.chronicle", create=True, demo=True)
    window = person.window
    window.resize(1280, 720)  # a laptop screen
    show_tab(person, "Sources")
    table = window.lists["source"].view
    person.qtbot.waitUntil(table.isVisible, timeout=2000)
    width = table.viewport().width()
    assert width < 400  # a narrow dock: the case that showed "…"
    title = table.columnWidth(0)
    assert title >= TITLE_SHARE * width - 2
    assert title >= table.fontMetrics().horizontalAdvance("Japan Times opin")  # ~16 characters
    for kind in ("event", "actor"):
        view = window.lists[kind].view
        if view.isVisible():
            assert view.columnWidth(0) >= TITLE_SHARE * view.viewport().width() - 2


def test_a_narrow_columns_header_is_shortened_with_an_ellipsis_and_named_in_its_tooltip(
    open_window, tmp_path
):
    # Seen: the Events list's "Sources" and "Best grade" headers showed as "urc" and "t gr".
    person = open_window(tmp_path / "titles.chronicle", create=True, demo=True)
    person.window.resize(1280, 720)
    view = person.window.lists["event"].view  # its own dock, beside the timeline
    person.qtbot.waitUntil(view.isVisible, timeout=2000)
    header, model = view.horizontalHeader(), view.model()
    narrow = [
        c
        for c in range(1, model.columnCount())
        if not view.isColumnHidden(c)
        and header.sectionSize(c)
        < header.fontMetrics().horizontalAdvance(model.headerData(c, Qt.Orientation.Horizontal)) + 8
    ]
    assert narrow  # the case that was clipped in the middle
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    for column in narrow:
        name = model.headerData(column, Qt.Orientation.Horizontal)
        assert (
            model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == name
        )
