"""Find Dated Statements on a source without a publication date asks for one first (real window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView

from db import queries, store
from desktop.curation.dated_statements import DATE, FOUND, TITLE, DatedStatementsDialog
from desktop.curation.publication_date import PublicationDateDialog

ARTICLE = (
    "Ministers agree on a new grain corridor\n"
    "December 30, 2024\n\n"
    "The ministers met on Monday in Ankara and agreed on a grain corridor.\n\n"
    '"Today we signed it," one of them said.\n\n'
    "A first ship sailed last month."
)


def _find_dated_statements_from_the_menu(window) -> None:
    bar = window.menuBar()
    (curation,) = [a for a in bar.actions() if a.text() == "&Curation"]
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(curation).center())
    menu = QApplication.activePopupWidget()
    assert menu is not None and menu.title() == "&Curation"
    QTest.keyClick(menu, Qt.Key.Key_D)


def _show_source(window, title: str) -> int:
    lib = window.controller.lib
    source = store.create(lib, "source", title=title, full_text=ARTICLE)
    window.controller.notify({"source"})
    window.curation.dock.show()
    window.selection.select("source", [source], origin=window.lists["source"])
    return source


def test_the_publication_date_is_asked_proposed_from_the_dateline_saved_and_undoable(
    window, qtbot, answer_dialogs
):
    source = _show_source(window, "Grain corridor")
    before_events = queries.count_events(window.controller.lib)

    def confirm_date(dialog):
        assert isinstance(dialog, PublicationDateDialog)
        assert dialog.date_field.text() == "2024-12-30"  # found in the dateline
        field = dialog.date_field.edit
        field.selectAll()
        QTest.keyClicks(field, "not a date")
        assert not dialog.scan_button.isEnabled()
        field.selectAll()
        QTest.keyClicks(field, "30 Dec 2024")
        assert dialog.scan_button.isEnabled() and dialog.save_box.isChecked()
        qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)

    def tick_monday(dialog):
        assert isinstance(dialog, DatedStatementsDialog)
        model = dialog.model
        found = [model.index(r, FOUND).data() for r in range(model.rowCount())]
        dates = [model.index(r, DATE).data() for r in range(model.rowCount())]
        # The dateline, "on Monday" and "last month"; the quoted "Today" is the speaker's.
        assert "Today" not in " ".join(found)
        monday = found.index("on Monday")
        assert dates[monday] == "2024-12-30"
        assert dates[found.index("last month")] == "2024-11"
        view = dialog.findChild(QTableView)
        view.setFocus()
        view.setCurrentIndex(model.index(monday, TITLE))
        QTest.keyClick(view.viewport(), Qt.Key.Key_Space)  # ticks the row
        assert [n for n, _ in model.checked_rows()] == [monday + 1]
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    answer_dialogs(lambda: _find_dated_statements_from_the_menu(window), confirm_date, tick_monday)
    lib = window.controller.lib
    assert store.get(lib, "source", source)["published"] == "2024-12-30"
    assert queries.count_events(lib) == before_events + 1
    (event,) = [e for e in queries.list_events(lib) if e.when_edtf == "2024-12-30"]
    assert event.title.startswith("The ministers met on Monday")
    stack = window.undo_stack
    stack.undo()  # the events
    assert queries.count_events(lib) == before_events
    stack.undo()  # the publication date, its own step
    assert store.get(lib, "source", source)["published"] in (None, "")


def test_scan_without_a_date_leaves_the_source_alone_and_cancel_scans_nothing(
    window, qtbot, answer_dialogs
):
    source = _show_source(window, "Undated")

    def without(dialog):
        qtbot.mouseClick(dialog.without_button, Qt.MouseButton.LeftButton)

    def look(dialog):
        model = dialog.model
        found = [model.index(r, FOUND).data() for r in range(model.rowCount())]
        assert "on Monday (unresolved)" in found
        dialog.reject()

    answer_dialogs(lambda: _find_dated_statements_from_the_menu(window), without, look)
    assert store.get(window.controller.lib, "source", source)["published"] in (None, "")

    def cancel(dialog):
        dialog.reject()

    count = window.undo_stack.count()
    answer_dialogs(lambda: _find_dated_statements_from_the_menu(window), cancel)
    assert window.undo_stack.count() == count
