"""`chronicle import` of a library's own events CSV into that library again duplicates nothing.

The events CSV names actors and sources (no ids of their own), so the import used to update the
events by their UUIDs but add every actor, source, actor link and citation a second time:
"Imported 6 actors, 1 sources. Updated 7 existing records." The app asks and then matches them
by name; the command line does what the app's "Update Existing" does.
"""

from __future__ import annotations

from db import queries, store
from db.engine import create_library, open_library
from desktop.cli import main


def _library(path) -> None:
    lib = create_library(path)
    port = store.create(lib, "actor", name="Port authority")
    union = store.create(lib, "actor", name="Dockers' union")
    memo = store.create(lib, "source", title="Harbour memo", url="https://example.org/memo")
    for title, when in (("Strike at Izmail", "June 2023"), ("Strike ends", "c. July 2023")):
        event = store.create(lib, "event", title=title, when=when)
        store.add_participation(lib, event, port, "employer")
        store.add_participation(lib, event, union, "striker")
        store.add_citation(lib, memo, event_id=event, locator="para 2", quote=f"{title}.")
    lib.close()


def _counts(path) -> dict[str, int]:
    lib = open_library(path)
    try:
        counts = queries.entity_counts(lib)
    finally:
        lib.close()
    return {k: counts[k] for k in ("event", "actor", "source", "participation", "citation")}


def test_our_events_csv_imported_again_adds_no_second_actor_or_source(tmp_path, capsys):
    path, out = tmp_path / "port.chronicle", tmp_path / "events.csv"
    _library(path)
    before = _counts(path)
    assert main(["export", str(path), "--out", str(out)]) == 0
    assert main(["import", str(path), str(out)]) == 0
    assert _counts(path) == before
    printed = capsys.readouterr().out
    assert "Imported nothing." in printed, printed


def test_a_csv_of_new_events_still_links_the_actors_the_library_has(tmp_path):
    path, out = tmp_path / "port.chronicle", tmp_path / "more.csv"
    _library(path)
    out.write_text(
        "title,when,actors\nPort reopens,August 2023,Port authority | owner\n", encoding="utf-8"
    )
    assert main(["import", str(path), str(out)]) == 0
    counts = _counts(path)
    assert (counts["event"], counts["actor"], counts["participation"]) == (3, 2, 5)


def test_a_sheet_whose_columns_are_not_recognised_says_which_option_names_them(tmp_path, capsys):
    path, sheet = tmp_path / "port.chronicle", tmp_path / "ships.csv"
    _library(path)
    sheet.write_text("Vessel;Date\nAurora;2023-06-01\n", encoding="utf-8")
    assert main(["import", str(path), str(sheet), "--format", "sheet"]) == 1
    error = capsys.readouterr().err
    assert "the title; name it with --column title=HEADER (its columns: Vessel, Date)" in error
    assert "when=" not in error
    assert error.count("\n") == 1 and error.startswith("chronicle: ships.csv: ")


def test_another_librarys_json_links_the_actors_of_the_same_name_instead_of_doubling_them(
    tmp_path,
):
    # Seen: the JSON import matched by UUID only, so a colleague's library (its own UUIDs)
    # brought a second "Port authority" and a second "Harbour memo".
    ours, theirs, out = (
        tmp_path / "port.chronicle",
        tmp_path / "theirs.chronicle",
        tmp_path / "t.json",
    )
    _library(ours)
    lib = create_library(theirs)
    port = store.create(lib, "actor", name="Port  Authority")  # spacing and case differ
    memo = store.create(lib, "source", title="Harbour memo", url="https://example.org/memo/")
    event = store.create(lib, "event", title="Port reopens", when="August 2023")
    store.add_participation(lib, event, port, "owner")
    store.add_citation(lib, memo, event_id=event, locator="para 9", quote="Reopened.")
    lib.close()
    assert main(["export", str(theirs), "--out", str(out)]) == 0

    assert main(["import", str(ours), str(out)]) == 0
    counts = _counts(ours)
    assert (counts["event"], counts["actor"], counts["source"]) == (3, 2, 1)
    assert (counts["participation"], counts["citation"]) == (5, 3)
