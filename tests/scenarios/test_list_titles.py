"""List titles stay readable in a narrow dock (issue 14, item 12).

Found by hand: the Sources list's Title column shrank to "…" because the other columns,
sized for typical values, took the whole width of the dock.
"""

from __future__ import annotations

from person import show_tab

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
