"""Row versions on both engines: an edit that lost a race is refused as a conflict, never
applied; undo refuses where someone else changed the record since. The other analyst is a
real second process (tests/db/concurrent_editor.py) writing the same file or database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import store
from db.queries.history import changes

EDITOR = Path(__file__).with_name("concurrent_editor.py")
REPO = Path(__file__).resolve().parents[2]


def other_analyst(lib, name: str = "pat") -> tuple[str, dict[str, str]]:
    """Where and as whom a second analyst opens `lib`: another role, or another OS user."""
    env = dict(os.environ)
    if not lib.is_team:
        env.update(LOGNAME=name, USER=name)
        return str(lib.path), env
    from pg_cluster import cluster_or_skip
    from sqlalchemy.engine import make_url

    cluster = cluster_or_skip()
    dbname = make_url(lib.url).database
    cluster.admin(f"DO $$ BEGIN CREATE ROLE {name} LOGIN; "
                  "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    cluster.admin(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {name}", dbname=dbname)
    cluster.admin(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {name}", dbname=dbname)
    return cluster.url(dbname, user=name), env


def run_editor(env, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(EDITOR), *map(str, args)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out


def test_an_edit_based_on_an_old_version_is_a_conflict_and_changes_nothing(lib):
    event = store.create(lib, "event", title="Talks", when="2024-07-28")
    loaded = store.version(lib, "event", event)
    where, env = other_analyst(lib)
    finished(run_editor(env, "set", where, "event", event, "title", "Talks in Rome"))
    with pytest.raises(store.EditConflictError) as caught:
        store.update_versioned(lib, "event", event, {"title": "Talks in Oslo"}, based_on=loaded)
    conflict = caught.value
    assert conflict.theirs == {"title": "Talks in Rome"}
    assert conflict.mine == {"title": "Talks in Oslo"}
    assert conflict.who == "pat" and "pat changed the title" in str(conflict)
    assert store.get(lib, "event", event)["title"] == "Talks in Rome"
    assert conflict.version == store.version(lib, "event", event) > loaded
    # A change of another field since merges; choosing "apply mine" bases it on theirs.
    store.update_versioned(lib, "event", event, {"summary": "Moved."}, based_on=loaded)
    store.update_versioned(
        lib, "event", event, {"title": "Talks in Oslo"}, based_on=conflict.version
    )
    row = store.get(lib, "event", event)
    assert (row["title"], row["summary"]) == ("Talks in Oslo", "Moved.")


def test_two_processes_appending_to_one_event_lose_no_update(lib, tmp_path):
    event = store.create(lib, "event", title="Siege", when="1453", summary="")
    where, env = other_analyst(lib)
    mine = dict(os.environ)
    here = str(lib.url or lib.path)
    count = 20
    editors = [run_editor(env, "append", where, event, "P", count, tmp_path),
               run_editor(mine, "append", here, event, "A", count, tmp_path)]  # fmt: skip
    deadline = time.monotonic() + 60
    while not all((tmp_path / token).exists() for token in "AP"):  # both have read version 1
        assert time.monotonic() < deadline and all(p.poll() is None for p in editors)
        time.sleep(0.02)
    (tmp_path / "go").touch()
    outputs = [finished(p) for p in editors]
    summary = store.get(lib, "event", event)["summary"].rstrip(";").split(";")
    assert sorted(summary) == ["A"] * count + ["P"] * count  # nothing overwritten
    conflicts = sum(int(out.split()[-1]) for out in outputs)
    assert conflicts >= 1  # the first edits raced: one of them was reported, not applied
    changed = [c for c in changes(lib, kind="event", record_id=event) if c.action == "changed"]
    assert len(changed) == 2 * count
    assert {c.who for c in changed} == {"pat", changes(lib, kind="event")[-1].who}


def test_undo_is_refused_after_someone_else_changed_the_record(lib):
    event = store.create(lib, "event", title="Treaty", when="1648")
    before, left = store.update_versioned(lib, "event", event, {"title": "Peace of Westphalia"})
    where, env = other_analyst(lib)
    finished(run_editor(env, "set", where, "event", event, "summary", "Signed in Münster."))
    with pytest.raises(store.UndoRefusedError, match="pat changed this event"):
        store.update_versioned(lib, "event", event, before, undoing=left)
    row = store.get(lib, "event", event)
    assert (row["title"], row["summary"]) == ("Peace of Westphalia", "Signed in Münster.")
    with pytest.raises(store.UndoRefusedError):
        store.delete(lib, "event", event, undoing=left)  # undo of a create, likewise
    assert store.get(lib, "event", event)["title"] == "Peace of Westphalia"


def test_undo_of_my_own_edits_in_turn_is_allowed(lib):
    actor = store.create(lib, "actor", name="Prussia")
    created = store.version(lib, "actor", actor)
    first, after_first = store.update_versioned(lib, "actor", actor, {"name": "Prussia (1701)"})
    second, after_second = store.update_versioned(lib, "actor", actor, {"description": "A."})
    _, after_undo = store.update_versioned(lib, "actor", actor, second, undoing=after_second)
    store.update_versioned(lib, "actor", actor, first, undoing=after_first)
    assert store.get(lib, "actor", actor)["name"] == "Prussia"
    assert created < after_first < after_second < after_undo
    store.delete(lib, "actor", actor, undoing=created)  # only my own changes since: allowed


def test_links_without_history_are_not_versioned(lib):
    event = store.create(lib, "event", title="Siege", when="1453")
    source = store.create(lib, "source", title="Chronicle")
    citation = store.add_citation(lib, source, event_id=event, locator="p. 1")
    assert store.version(lib, "citation", citation) is None
    store.update_versioned(lib, "citation", citation, {"locator": "p. 2"}, based_on=0)
    assert store.get(lib, "citation", citation)["locator"] == "p. 2"
