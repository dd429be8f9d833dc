"""Every change is in the history, on both engines: who, when, which record, old and new."""

from __future__ import annotations

import csv

import pytest

from db import store
from db.engine import open_library
from db.errors import ValidationError
from db.queries.history import changes, export_history_csv, people
from db.team import os_user


def test_add_change_and_delete_are_recorded_with_old_and_new_values(lib):
    event = store.create(lib, "event", title="Talks", when="2024-07-28")
    store.update(lib, "event", event, title="Talks in Tokyo", importance=4)
    store.update(lib, "event", event, title="Talks in Tokyo")  # no change: no history
    store.delete(lib, "event", event)
    found = changes(lib, kind="event", record_id=event)
    assert [c.action for c in found] == ["deleted", "changed", "added"]
    assert found[1].fields() == [("title", "Talks", "Talks in Tokyo"), ("importance", 3, 4)]
    assert found[2].new["when_edtf"] == "2024-07-28" and found[2].old == {}
    uuid = found[2].record_uuid
    assert uuid and all(c.record_uuid == uuid for c in found)
    who = os_user() if not lib.is_team else "chronicle"
    assert {c.who for c in found} == {who} and people(lib) == [who]
    assert found[0].changed_at >= found[2].changed_at


def test_a_refused_change_leaves_no_history(lib):
    actor = store.create(lib, "actor", name="Japan")
    with pytest.raises(ValidationError):
        store.update(lib, "actor", actor, kind="planet")
    assert [c.action for c in changes(lib, kind="actor")] == ["added"]


def test_history_survives_closing_and_exports_as_csv(new_library, tmp_path):
    lib = new_library("history")
    source = store.create(lib, "source", title="=cmd|' /C calc'!A0", authors=["A. Writer"])
    store.update(lib, "source", source, authors=["A. Writer", "B. Writer"])
    location = lib.url or lib.path
    lib.close()
    again = open_library(location)
    try:
        found = changes(again, kind="source")
        assert [c.action for c in found] == ["changed", "added"]
        out = export_history_csv(again, tmp_path / "history.csv", found)
    finally:
        again.close()
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["field"] == "authors" and rows[0]["new"] == '["A. Writer", "B. Writer"]'
    titles = [r["new"] for r in rows if r["field"] == "title"]
    assert titles == ["'=cmd|' /C calc'!A0"]  # a formula cell is neutralised


def test_history_shows_two_users_edits_in_order_and_filters_by_person(
    pg_cluster, pg_url, tmp_path, capsys
):
    from db.engine import create_library
    from desktop.cli import main as chronicle

    create_library(pg_url).close()
    pg_cluster.admin("DO $$ BEGIN CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN; "
                     "EXCEPTION WHEN duplicate_object THEN NULL; END $$")  # fmt: skip
    dbname = pg_url.split("/")[3].split("?")[0]
    pg_cluster.admin("GRANT ALL ON ALL TABLES IN SCHEMA public TO alice, bob", dbname=dbname)
    pg_cluster.admin("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO alice, bob", dbname=dbname)
    alice = open_library(pg_cluster.url(dbname, user="alice"))
    bob = open_library(pg_cluster.url(dbname, user="bob"))
    try:
        event = store.create(alice, "event", title="Summit", when="2025")
        store.update(bob, "event", event, title="Summit in Rome")
        store.update(alice, "event", event, summary="Moved to Rome.")
    finally:
        alice.close()
        bob.close()
    assert chronicle(["history", pg_url, "--kind", "event", "--id", str(event)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[1] for line in lines] == ["alice", "bob", "alice"]
    assert "title: 'Summit' → 'Summit in Rome'" in lines[1]
    out = tmp_path / "bob.csv"
    assert chronicle(["history", pg_url, "--by", "bob", "--csv", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("\n") == 2  # header and bob's one field
