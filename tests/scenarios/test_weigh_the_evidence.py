"""A researcher weighs the evidence for a summit: types the date each source gives, sees the
event flagged contested and lists the contested events; records that one source draws on
another; retracts a source after reading which events lose support; undoes it all."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QListView, QTabBar

from db import store
from desktop.dialogs.support_drops import SupportDropDialog
from desktop.panels.editors.citations import CitationsSection
from desktop.panels.editors.derivations import DerivationsSection
from desktop.panels.editors.evidence_summary import EvidenceSummary

DATE_GIVEN = 4  # the citations table's "Date given" column


def _library(path) -> None:
    from db.engine import create_library

    lib = create_library(path)
    wire = store.create(lib, "source", title="Wire", published="2024-07-09")
    paper = store.create(lib, "source", title="Paper", published="2024-07-12")
    summit = store.create(lib, "event", title="Summit", when="2024-07")
    talks = store.create(lib, "event", title="Talks", when="2024-07-05")
    store.add_citation(lib, wire, event_id=summit)
    store.add_citation(lib, paper, event_id=summit)
    store.add_citation(lib, paper, event_id=talks)
    lib.close()


def _section(window, kind: str, section: type):
    return next(s for s in window.inspector.forms[kind].sections if isinstance(s, section))


def _click_row(person, panel, title: str) -> None:
    model, view = panel.model, panel.view
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == title)
    person.click(view.viewport(), view.visualRect(model.index(row, 0)).center())


def _show_tab(person, title: str) -> None:
    for bar in person.window.findChildren(QTabBar):
        for index in range(bar.count()):
            if bar.tabText(index) == title and bar.isVisible():
                person.click(bar, bar.tabRect(index).center())
                return
    raise AssertionError(f"no tab {title!r}")


def _type_date_given(person, table, row: int, text: str) -> None:
    """Click the citation's row, arrow right to its "Date given" cell, F2 to edit, type."""
    person.reveal(table)
    person.click(table.viewport(), table.visualRect(table.model().index(row, 0)).center())
    person.press(Qt.Key.Key_Right, times=DATE_GIVEN)
    assert table.currentIndex().column() == DATE_GIVEN
    person.press(Qt.Key.Key_F2)
    person.qtbot.waitUntil(lambda: table.state() == table.State.EditingState, timeout=2000)
    person.keys("Ctrl+A")
    person.type(text)
    person.keys("Return")


def test_dates_that_disagree_flag_the_event_and_the_filter_lists_it(open_window, tmp_path):
    path = tmp_path / "summit.chronicle"
    _library(path)
    person = open_window(path)
    window = person.window
    events = window.lists["event"]
    _click_row(person, events, "Summit")
    summary = _section(window, "event", EvidenceSummary)
    table = _section(window, "event", CitationsSection).view
    assert "Happened Jul 2024; first reported 9 Jul 2024." in summary.dates_label.text()
    assert table.model().headerData(DATE_GIVEN, table.horizontalHeader().orientation()) == (
        "Date given"
    )

    _type_date_given(person, table, 0, "9 July 2024")
    _type_date_given(person, table, 1, "2024-07-10")
    person.qtbot.waitUntil(lambda: "Contested" in summary.contested_label.text(), timeout=3000)
    assert summary.contested_label.text() == (
        "Contested: the sources disagree on the date. Dates the sources give: "
        "“Wire”: 9 Jul 2024; “Paper”: 10 Jul 2024."
    )
    assert table.model().index(1, DATE_GIVEN).data() == "10 Jul 2024"

    person.menu("View", "Evidence", "Contested Events Only")
    person.qtbot.waitUntil(lambda: events.model.rowCount() == 1, timeout=3000)
    assert events.model.index(0, 0).data() == "Summit"
    # A date range typed in the filter bar (both events are in it) keeps the menu's filter.
    person.click_into(window.timeline_panel.filter_bar.date_from, "2024")
    person.qtbot.waitUntil(lambda: events.model.filter.start_key is not None, timeout=3000)
    person.qtbot.wait(100)
    assert events.model.rowCount() == 1
    assert events.model.filter.evidence_flag == "contested"

    person.click(events.view.viewport(), events.view.visualRect(events.model.index(0, 0)).center())
    person.keys("Ctrl+Z")  # the second date goes: the sources no longer disagree
    person.qtbot.waitUntil(lambda: events.model.rowCount() == 0, timeout=3000)
    person.keys("Ctrl+Shift+Z")
    person.qtbot.waitUntil(lambda: events.model.rowCount() == 1, timeout=3000)
    person.menu("View", "Evidence", "Contested Events Only")  # off again: every event
    person.qtbot.waitUntil(lambda: events.model.rowCount() == 2, timeout=3000)


def _answer_support_dialog(person, seen: list[list[str]]) -> None:
    """When the support-drop dialog opens, read its list and click Mark Retracted."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SupportDropDialog) or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        items = dialog.events
        seen.append([items.item(i).text() for i in range(items.count())])
        person.qtbot.mouseClick(dialog.mark_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def _pick(person, combo, label: str) -> None:
    person.click(combo)
    popup = QApplication.focusWidget()
    assert isinstance(popup, QListView)
    person.qtbot.wait(QApplication.doubleClickInterval() + 50)
    index = combo.findText(label)
    person.click(popup.viewport(), popup.visualRect(popup.model().index(index, 0)).center())


def test_derived_and_retracted_sources_and_undo(open_window, tmp_path):
    path = tmp_path / "summit.chronicle"
    _library(path)
    person = open_window(path)
    window = person.window
    _click_row(person, window.lists["event"], "Summit")
    summary = _section(window, "event", EvidenceSummary)
    assert summary.count_label.text() == "2 sources, 2 independent."

    _show_tab(person, "Sources")
    _click_row(person, window.lists["source"], "Paper")
    drawn = _section(window, "source", DerivationsSection)
    person.reveal(drawn)  # scroll the inspector down to the section, as a person would
    person.click_into(drawn.picker, "Wire")
    person.keys("Return")
    person.qtbot.waitUntil(lambda: drawn.model.rowCount() == 1, timeout=3000)

    status = window.inspector.forms["source"].bindings["status"].widget
    seen: list[list[str]] = []
    _answer_support_dialog(person, seen)
    _pick(person, status, "Retracted")
    person.qtbot.waitUntil(lambda: seen != [], timeout=3000)
    # Summit: Paper draws on Wire, so it was one independent source already; Talks loses all.
    assert seen == [["Talks: 1 → unsourced"]]
    lib = window.controller.lib
    person.qtbot.waitUntil(lambda: store.get(lib, "source", 2)["status"] == "retracted")

    _click_row(person, window.lists["event"], "Summit")
    assert summary.count_label.text() == "2 sources, 1 independent: “Paper” is retracted."
    person.click(window.lists["event"].view)
    person.keys("Ctrl+Z")  # the retraction
    assert store.get(lib, "source", 2)["status"] == ""
    person.keys("Ctrl+Z")  # the derivation link
    person.qtbot.waitUntil(
        lambda: summary.count_label.text() == "2 sources, 2 independent.", timeout=3000
    )
    person.keys("Ctrl+Shift+Z")
    person.qtbot.waitUntil(
        lambda: summary.count_label.text() == "2 sources, 1 independent: “Paper” draws on “Wire”.",
        timeout=3000,
    )


def test_the_late_report_threshold_is_chosen_in_a_dialog_and_undone(open_window, tmp_path):
    from PySide6.QtWidgets import QInputDialog, QSpinBox

    path = tmp_path / "summit.chronicle"
    _library(path)  # Talks (5 Jul 2024) first reported by Paper on 12 Jul 2024
    person = open_window(path)
    window = person.window
    _click_row(person, window.lists["event"], "Talks")
    summary = _section(window, "event", EvidenceSummary)
    assert "Reported late" not in summary.dates_label.text()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        spin = dialog.findChild(QSpinBox)
        person.qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        person.qtbot.keyClicks(spin, "1")
        person.qtbot.keyClick(spin, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    person.menu("View", "Evidence", "Late-Report Threshold…")
    person.qtbot.waitUntil(lambda: "Reported late" in summary.dates_label.text(), timeout=3000)
    assert "more than 1 day after it happened" in summary.dates_label.text()
    person.click(window.lists["event"].view)
    person.keys("Ctrl+Z")
    person.qtbot.waitUntil(lambda: "Reported late" not in summary.dates_label.text(), timeout=3000)
