"""File ▸ Export onto the open library itself, and Import Spreadsheet's Encoding box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from db import queries
from desktop.dialogs import job_progress
from desktop.dialogs.spreadsheet_import import SpreadsheetImportDialog


def _wait(qtbot, job, timeout=5000):
    qtbot.waitUntil(lambda: job not in job_progress._running, timeout=timeout)


def test_an_export_onto_the_open_library_is_refused_and_the_library_is_intact(qtbot, window):
    lib = window.controller.lib
    before = lib.path.read_bytes()
    job = window.exchange.export_file("json", lib.path)
    _wait(qtbot, job)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and "its own library" in boxes[0].text()
    boxes[0].close()
    assert lib.path.read_bytes() == before
    assert queries.count_events(lib) == 57


def test_the_encoding_box_reads_a_sheet_the_guess_could_not(qtbot, window, tmp_path):
    path = tmp_path / "japan.csv"
    path.write_bytes("日付,出来事\r\n2024-05-01,東京での会談\r\n".encode("shift_jis"))
    window.exchange.import_sheet(path)
    dialog: SpreadsheetImportDialog = window.exchange.sheet_dialog
    qtbot.waitUntil(lambda: "It may be Shift-JIS" in dialog.info.text(), timeout=5000)
    assert not dialog.import_button.isEnabled()
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("cp932"))
    qtbot.waitUntil(lambda: dialog.sheet is not None, timeout=5000)
    assert "read as Shift-JIS (Japanese), chosen" in dialog.info.text()
    dialog.combos["when"].setCurrentIndex(dialog.combos["when"].findData("日付"))
    dialog.combos["title"].setCurrentIndex(dialog.combos["title"].findData("出来事"))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    titles = {e.title for e in queries.list_events(window.controller.lib, limit=500)}
    assert "東京での会談" in titles
