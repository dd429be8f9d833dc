"""File ▸ Import of published data as a user meets it: preview, Import, summary, delete the
missing, undo; and File ▸ Export to a calendar with its note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from benchmarks.dataset_files import write_acled
from db import queries
from desktop.dialogs import job_progress


@pytest.fixture
def choose_file(monkeypatch):
    """Answer the next file dialog with a path (native dialogs cannot be typed into)."""
    chosen = {}

    def answer(*_args, **_kwargs):
        return str(chosen["path"]), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return chosen


def _events(lib) -> list[dict]:
    from db.exchange.library_records import export_records

    return export_records(lib)["events"]


def _visible_box(window) -> QMessageBox:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    return boxes[0]


def _import(qtbot, window, path):
    window.datasets.import_actions["acled"].trigger()
    dialog = window.datasets.dialog
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    return dialog


def test_acled_preview_import_update_delete_missing_and_undo(qtbot, window, tmp_path, choose_file):
    before = queries.count_events(window.controller.lib)
    choose_file["path"] = write_acled(tmp_path / "week1.csv", 30)
    dialog = _import(qtbot, window, choose_file["path"])
    model = dialog.model
    assert model.rowCount() == 20
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first[:5] == ["line 2", "Armed clash: Military Forces of Testland (2019-) (Northtown)",
                         "2018-01~", "c. Jan 2018", "month"]  # fmt: skip
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not job_progress._running, timeout=20_000)
    box = _visible_box(window)
    assert box.text() == "30 added, 0 changed, 0 unchanged, 0 missing from the new file."
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert queries.count_events(window.controller.lib) == before + 30

    choose_file["path"] = write_acled(tmp_path / "week2.csv", 30, changed_every=10, skip_every=15)
    dialog = _import(qtbot, window, choose_file["path"])
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not job_progress._running, timeout=20_000)
    box = _visible_box(window)
    assert box.text().startswith("0 added, 3 changed, 25 unchanged, 2 missing from the new file.")
    assert box.text().endswith("Delete the 2 events missing from the new file?")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    lib = window.controller.lib
    assert queries.count_events(lib) == before + 28
    assert window.undo_stack.count() == 3  # first import, update, deletion

    window.activateWindow()  # the summary had the focus
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.count_events(lib) == before + 30
    assert sum("(revision 1)" in e["summary"] for e in _events(lib)) == 3
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.count_events(lib) == before + 30
    assert sum("(revision 1)" in e["summary"] for e in _events(lib)) == 0
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.count_events(lib) == before


def test_a_foreign_file_is_refused_in_the_preview(qtbot, window, tmp_path, choose_file):
    path = tmp_path / "other.csv"
    path.write_text("title,when\nA,2024\n", encoding="utf-8")
    choose_file["path"] = path
    window.datasets.import_actions["acled"].trigger()
    dialog = window.datasets.dialog
    qtbot.waitUntil(lambda: "not an ACLED file" in dialog.status.text(), timeout=10_000)
    assert not dialog.import_button.isEnabled()
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_gdelt_preview_follows_the_typed_filter(qtbot, window, tmp_path, choose_file):
    from benchmarks.dataset_files import write_gdelt

    choose_file["path"] = write_gdelt(tmp_path / "20240101.export.CSV", 200)
    window.datasets.import_actions["gdelt"].trigger()
    dialog = window.datasets.dialog
    qtbot.waitUntil(lambda: "only through a filter" in dialog.status.text(), timeout=10_000)
    qtbot.keyClicks(dialog.filter_edits["roots"], "19")
    qtbot.keyClick(dialog.filter_edits["roots"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    titles = [dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())]
    assert titles and all("Fight (19" in t for t in titles)


def test_calendar_export_says_what_it_rounded(qtbot, window, tmp_path, choose_file):
    choose_file["path"] = tmp_path / "demo.ics"
    action = next(a for a in window.datasets.export_actions if "Calendar" in a.text())
    action.trigger()
    qtbot.waitUntil(lambda: not job_progress._running, timeout=20_000)
    box = _visible_box(window)
    assert "rounded to whole days" in box.text()
    assert (tmp_path / "demo.ics").read_text().count("BEGIN:VEVENT") == 57
