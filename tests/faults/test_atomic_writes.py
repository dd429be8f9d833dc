"""Files the app writes (exports, backups, settings) are never half-written: a full disk
mid-write leaves the earlier file byte-identical and no temporary file behind."""

from __future__ import annotations

import sqlite3

import pytest
from faultkit import fill_disk_after

from db.backups import list_backups, make_backup
from db.errors import ChronicleError, ExportError
from db.exchange.csv_ import export_csv
from db.exchange.json_ import export_json


@pytest.mark.parametrize("name", ["library.json", "library.zip", "events.csv"])
def test_export_on_a_full_disk_keeps_the_earlier_file(demo_lib, tmp_path, monkeypatch, name):
    export = export_json if name.endswith(".json") else export_csv
    out = export(demo_lib, tmp_path / name)
    earlier = out.read_bytes()
    fill_disk_after(monkeypatch, len(earlier) // 3)
    with pytest.raises(ExportError, match="No space left on device; nothing was changed"):
        export(demo_lib, out)
    monkeypatch.undo()
    assert out.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.chronicle", name]


def test_a_backup_onto_a_full_disk_leaves_the_earlier_backups(demo_lib, tmp_path, monkeypatch):
    import db.engine as engine

    folder = tmp_path / "backups"
    make_backup(demo_lib.path, folder)
    real_connect = sqlite3.connect

    def tiny_disk(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        if str(target).endswith(".part"):
            conn.execute("PRAGMA max_page_count=8")  # the copy runs out of room halfway
        return conn

    monkeypatch.setattr(engine.sqlite3, "connect", tiny_disk)
    with pytest.raises(ChronicleError, match="full"):
        make_backup(demo_lib.path, folder)
    monkeypatch.setattr(engine.sqlite3, "connect", real_connect)
    backups = list_backups(folder)
    assert len(backups) == 1 and backups[0].counts["event"] == 57
    assert sorted(p.suffix for p in folder.iterdir()) == [".chronicle", ".txt"]


def test_qsettings_replaces_its_file_by_renaming_a_complete_copy(tmp_path, qapp):
    """Qt writes INI settings through QSaveFile: a new file renamed over the old one.

    A rewrite in place would keep the inode; a new inode after each sync shows the old
    file was never opened for writing, so a crash mid-sync cannot truncate it.
    """
    from PySide6.QtCore import QSettings

    path = tmp_path / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("recent_files", ["a.chronicle"])
    settings.sync()
    first = path.stat().st_ino
    settings.setValue("window/state", "x" * 10_000)
    settings.sync()
    assert settings.status() == QSettings.Status.NoError
    assert path.stat().st_ino != first
    assert "window" in path.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.ini"]
