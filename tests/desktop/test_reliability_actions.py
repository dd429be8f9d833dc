"""The window's safety features as a user meets them: backups, restore, check, read-only, locks."""

from __future__ import annotations

import random
import sqlite3
import sys

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog, QMessageBox

import desktop.safety.reliability as reliability
from db import store
from db.backups import list_backups
from db.errors import ReadOnlyError
from db.locking import acquire
from desktop.dialogs.restore_backup import BackupTableModel, RestoreBackupDialog


@pytest.fixture(autouse=True)
def errors(monkeypatch):
    """Messages the window would show in a box, recorded instead of blocking the test."""
    shown: list[tuple[str, str]] = []

    def record(box) -> int:
        shown.append((box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def _backups(window):
    window.reliability.backups.wait()
    return list_backups(window.reliability.backups.folder())


def test_opening_makes_a_backup_and_edits_make_another(window, qtbot):
    assert len(_backups(window)) == 1  # made when the library opened
    window.reliability.backups.backup_if_changed()  # the demo was imported since
    assert len(_backups(window)) == 2
    window.reliability.backups.backup_if_changed()
    assert len(_backups(window)) == 2  # nothing changed since: no new copy
    store.create(window.controller.lib, "event", title="Later", when="2025")
    window.reliability.backups.backup_if_changed()
    newest = _backups(window)[0]
    assert newest.counts["event"] == 58 and newest.counts["actor"] == 40


def test_backups_rotate_to_the_configured_count(window):
    window.reliability.backups.set_keep(2)
    for i in range(4):
        store.create(window.controller.lib, "event", title=f"E{i}", when="2025")
        window.reliability.backups.backup_if_changed()
        window.reliability.backups.wait()
    backups = _backups(window)
    assert [b.counts["event"] for b in backups] == [61, 60]


def test_restore_brings_the_chosen_backup_back_and_keeps_the_present(
    window, qtbot, monkeypatch, errors
):
    lib = window.controller.lib
    store.create(lib, "event", title="Kept in the backup", when="2025")
    window.reliability.backups.backup_if_changed()
    _backups(window)
    for i in range(3):
        store.create(lib, "event", title=f"Regretted {i}", when="2025")

    def choose_newest(dialog):
        dialog.table.selectionModel().select(
            dialog.model.index(0, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        dialog.keep_box.setValue(7)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreBackupDialog, "exec", choose_newest)
    monkeypatch.setattr(reliability, "confirm_restore", lambda *_a: True)
    window.reliability.restore_action.trigger()
    qtbot.waitUntil(lambda: window.controller.is_open, timeout=5000)
    assert window.controller.counts()["event"] == 58
    assert window.reliability.backups.keep() == 7
    assert errors == []
    labels = [b.label for b in _backups(window)]
    assert "before-restore" in labels  # the 61-event state can be restored in turn
    before = next(b for b in _backups(window) if b.label == "before-restore")
    assert before.counts["event"] == 61


def test_restore_dialog_lists_dates_and_counts(window, qtmodeltester):
    dialog = RestoreBackupDialog(_backups(window), 10, "window.chronicle", window)
    qtmodeltester.check(dialog.model)
    model: BackupTableModel = dialog.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0].count(":") == 2 and row[1] in ("0", "57")  # the open-time backup
    assert not dialog.restore_button.isEnabled()  # nothing chosen yet


def test_read_only_library_shows_the_banner_and_refuses_edits_politely(
    window, tmp_path, errors, monkeypatch
):
    path = window.controller.path
    window.controller.close()
    window.controller.open(path, read_only=True)
    banner = window.reliability.banner
    assert banner.isVisible()
    assert banner.label.text() == (
        "This library is read-only: it was opened read-only. Changes are not possible."
    )
    window.grab().save(str(tmp_path / "readonly_banner.png"))
    with pytest.raises(ReadOnlyError) as caught:
        window.controller.create("event", title="No", when="2025")
    # A refused edit that escapes a slot reaches sys.excepthook: it becomes one message box.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reliability.install_error_hook(window.workspace)
    for _ in range(3):  # a failing repaint repeats itself; the user is told once
        sys.excepthook(ReadOnlyError, caught.value, None)
    assert len(errors) == 1 and errors[0][0] == "Read-only library"
    assert "the change was not made" in errors[0][1]
    window.controller.close()
    window.controller.open(path)
    assert not banner.isVisible()


@pytest.mark.parametrize(("choice", "read_only"), [("read-only", True), ("anyway", False)])
def test_library_open_elsewhere_offers_read_only_or_open_anyway(
    window, monkeypatch, errors, choice, read_only
):
    path = window.controller.path
    window.controller.close()
    other = acquire(path)  # another Chronicle holds it
    try:
        asked = []
        monkeypatch.setattr(
            reliability, "ask_locked", lambda _w, err: asked.append(str(err)) or choice
        )
        assert window.open_file(path)
        assert asked and "already open in this Chronicle session" in asked[0]
        assert window.controller.read_only is read_only
        assert window.reliability.banner.isVisible() is read_only
    finally:
        other.release()


def test_cancelling_a_locked_open_leaves_nothing_open(window, monkeypatch):
    path = window.controller.path
    window.controller.close()
    other = acquire(path)
    try:
        monkeypatch.setattr(reliability, "ask_locked", lambda *_a: None)
        assert not window.open_file(path)
        assert not window.controller.is_open
    finally:
        other.release()


def test_check_library_reports_and_repairs(window, qtbot):
    path = window.controller.path
    raw = sqlite3.connect(path)
    raw.execute("DELETE FROM event_rtree WHERE id <= 10")
    raw.commit()
    raw.close()
    window.reliability.check_action.trigger()
    dialog = window.reliability._check_dialog
    # Both run as jobs; on a loaded two-core CI machine they waited out another job's write.
    qtbot.waitUntil(lambda: "schema revision" in dialog.report_view.toPlainText(), timeout=20000)
    assert "the time index misses 10 events" in dialog.report_view.toPlainText()
    assert dialog.repair_button.isVisible()
    dialog.repair_button.click()
    qtbot.waitUntil(lambda: "repaired:" in dialog.report_view.toPlainText(), timeout=20000)
    assert "integrity: ok" in dialog.report_view.toPlainText()
    assert not dialog.repair_button.isVisible()
    assert any(b.label == "before-repair" for b in _backups(window))


def test_unopenable_library_can_still_be_restored_from_backup(window, monkeypatch, errors):
    path = window.controller.path
    _backups(window)
    window.controller.close()
    path.write_bytes(b"garbage" * 100)
    assert not window.open_file(path)
    assert errors and "not an SQLite database" in errors[0][1]
    shown = []

    def look(dialog):
        shown.append(dialog.model.rowCount())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(RestoreBackupDialog, "exec", look)
    window.reliability.restore_action.trigger()
    assert shown == [1]


def test_big_library_is_checked_in_the_background_after_opening(window, monkeypatch, qtbot, errors):
    import db.engine as engine

    path = window.controller.path
    window.controller.close()
    raw = sqlite3.connect(path)
    page = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'search_index_idx'")
    root = page.fetchone()[0]
    size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    with path.open("r+b") as fh:  # garbage over a page of the search index
        fh.seek((root - 1) * size)
        fh.write(random.Random(3).randbytes(size))
    monkeypatch.setattr(engine, "QUICK_CHECK_MAX_BYTES", 0)  # as if it were huge
    assert window.open_file(path)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors[0][0] == "Library may be damaged"
