"""Commits by another client of a team library are noticed; our own are not."""

from __future__ import annotations

import time

from db import store
from db.engine import create_library, open_library
from db.team_watch import TeamChanges


def _changed_within(watch: TeamChanges, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watch.changed():
            return True
        time.sleep(0.05)
    return False


def test_another_clients_commit_is_heard_within_a_second_and_ours_is_not(pg_cluster, pg_url):
    mine = create_library(pg_url)
    theirs = open_library(pg_url)
    watch = TeamChanges(mine)
    try:
        store.create(mine, "event", title="Mine", when="2024")
        assert not _changed_within(watch, 0.5)
        store.create(theirs, "event", title="Theirs", when="2024")
        assert _changed_within(watch, 1.0)
        assert watch.tables == {"event"}
        assert not watch.changed()  # once per batch
        with theirs.write() as conn:  # rolled back: never announced
            conn.exec_driver_sql("DELETE FROM event")
            conn.rollback()
        assert not _changed_within(watch, 0.5)
        pg_cluster.stop()
        pg_cluster.start()
        assert _changed_within(watch, 2.0)  # reconnected; what happened meanwhile is unknown
        store.create(theirs, "actor", name="After the restart")
        assert _changed_within(watch, 1.0) and watch.tables == {"actor"}
    finally:
        watch.close()
        theirs.close()
        mine.close()
