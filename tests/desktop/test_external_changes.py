"""A second window (or process) on the same file sees the other's edits without reopening."""

from __future__ import annotations

import subprocess
import sys

from db import queries
from desktop.library import LibraryController


def test_edit_in_another_process_refreshes_this_window(qtbot, window):
    controller = window.controller
    controller._watch_timer.setInterval(50)
    events_list = window.lists["event"].model
    before = events_list.rowCount()
    code = (
        "import sys; from db import store; from db.engine import open_library\n"
        "lib = open_library(sys.argv[1], lock=False)\n"
        "store.create(lib, 'event', title='Written elsewhere', when='2025-10-01')\n"
        "lib.close()\n"
    )
    subprocess.run([sys.executable, "-c", code, str(controller.path)], check=True, timeout=60)
    with qtbot.waitSignal(controller.changed, timeout=5000):
        pass
    qtbot.waitUntil(lambda: events_list.rowCount() == before + 1, timeout=5000)


def test_own_edits_do_not_come_back_as_external_changes(qtbot, tmp_path):
    controller = LibraryController()
    controller.open(tmp_path / "own.chronicle", create=True)
    controller.create("event", title="Mine", when="2024")
    assert controller._external is not None and not controller._external.changed()
    other = LibraryController()
    other.open(tmp_path / "own.chronicle", ignore_lock=True)
    other.create("event", title="Theirs", when="2025")
    assert controller._external.changed()
    assert queries.count_events(controller.lib) == 2
    other.close()
    controller.close()


def test_a_team_librarys_window_sees_another_analysts_edit_within_a_second(qtbot, pg_url):
    from db.engine import create_library

    create_library(pg_url).close()
    controller = LibraryController()
    controller.open(pg_url)
    try:
        controller.create("event", title="Mine", when="2024")
        code = (
            "import sys; from db import store; from db.engine import open_library\n"
            "lib = open_library(sys.argv[1])\n"
            "store.create(lib, 'event', title='Written by a colleague', when='2025-10-01')\n"
            "lib.close()\n"
        )
        with qtbot.waitSignal(controller.changed, timeout=1000) as signal:
            subprocess.run([sys.executable, "-c", code, pg_url], check=True, timeout=60)
        assert signal.args == [frozenset({"event", "actor", "source", "link", "tag"})]
        assert queries.count_events(controller.lib) == 2
    finally:
        controller.close()
