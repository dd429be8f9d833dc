"""File > Open Team Library…: the connection form opens a library on the server; a read-only
role gets the read-only banner; no password is ever asked for or stored."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy.engine import make_url

from db import store
from db.engine import create_library
from desktop.dialogs.team_library import TeamLibraryDialog


def _fill_team_form(fields: dict[str, str], seen: list) -> None:
    """When the form opens, type into it as a user would and press Enter."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TeamLibraryDialog):
            QTimer.singleShot(20, fill)
            return
        seen.append(
            [e for e in dialog.findChildren(QLineEdit) if e.echoMode() != e.EchoMode.Normal]
        )
        for name, text in fields.items():
            widget = getattr(dialog, name)
            edit = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
            edit.setFocus()
            edit.selectAll()
            QTest.keyClicks(edit, text)
        QTest.keyClick(dialog.database, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)


def _open_team_library(qtbot, window, pg_cluster, dbname: str, user: str) -> list:
    seen: list = []
    fields = {"host": "127.0.0.1", "port": str(pg_cluster.port), "database": dbname}
    _fill_team_form({**fields, "user": user}, seen)
    QTest.keyClick(
        window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    return seen


def test_the_connection_form_opens_a_team_library(pg_cluster, pg_url, qtbot, window):
    dbname = make_url(pg_url).database
    team = create_library(pg_url)
    store.create(team, "event", title="On the server", when="2024")
    team.close()
    seen = _open_team_library(qtbot, window, pg_cluster, dbname, "chronicle")
    assert seen[0] == []  # no password field
    qtbot.waitUntil(lambda: window.controller.is_open and window.controller.lib.is_team)
    assert window.windowTitle().startswith(f"{dbname} on 127.0.0.1")
    events = window.lists["event"].model
    qtbot.waitUntil(lambda: events.rowCount() == 1)
    recent = window.settings.value("recent_files")
    assert recent[0] == f"postgresql://chronicle@127.0.0.1:{pg_cluster.port}/{dbname}"
    assert not window.reliability.backups._timer.isActive()  # file backups do not apply


def test_a_read_only_role_gets_the_read_only_banner(pg_cluster, pg_url, qtbot, window):
    dbname = make_url(pg_url).database
    create_library(pg_url).close()
    pg_cluster.admin("DO $$ BEGIN CREATE ROLE viewer LOGIN; EXCEPTION WHEN duplicate_object "
                     "THEN NULL; END $$")  # fmt: skip
    pg_cluster.admin("GRANT SELECT ON ALL TABLES IN SCHEMA public TO viewer", dbname=dbname)
    _open_team_library(qtbot, window, pg_cluster, dbname, "viewer")
    qtbot.waitUntil(lambda: window.controller.is_open and window.controller.lib.is_team)
    banner = window.reliability.banner
    qtbot.waitUntil(banner.isVisible)
    assert "viewer may only read it" in banner.label.text()
    assert window.windowTitle().endswith("(read-only) — Chronicle")
