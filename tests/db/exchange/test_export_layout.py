"""The fast export paths write what the record-by-record ones wrote: events.csv cells and JSON."""

from __future__ import annotations

import csv
import json

import pytest

from db import store
from db.exchange.csv_ import export_csv, neutralise
from db.exchange.csv_cells import join_items
from db.exchange.json_layout import record_text
from db.exchange.library_records import iter_records, labels


def _linked_events(lib) -> None:
    """Events whose cells list several actors, tags and citations, in an order to keep."""
    actors = [
        store.create(lib, "actor", name=name, kind="person")
        for name in ("=Eve", "Zoë", "pipe|name", "back\\slash")
    ]
    sources = [store.create(lib, "source", title=t) for t in ("+Plus", "Src | piped", "Plain")]
    first = store.create(lib, "event", title="several", when="1850-02-03", category="=c")
    second = store.create(lib, "event", title="-minus", when="2001-21", summary="@s")
    third = store.create(lib, "event", title="plain", when="-0043-03", importance=5)
    # not in id or name order: the cells list participants and citations as added
    for actor, role in ((actors[1], "guest | observer"), (actors[0], "=host"), (actors[3], "")):
        store.add_participation(lib, first, actor, role)
    store.add_participation(lib, second, actors[0], "x\ny")
    store.add_participation(lib, third, actors[2], "host")
    store.set_tags(lib, "event", first, ["zeta", "-neg", "alpha", "b\\s"])
    store.set_tags(lib, "event", second, ["mid|pipe", "alpha"])
    store.set_tags(lib, "event", third, ["=eq"])
    store.add_citation(lib, sources[1], event_id=first, locator="=p", quote="q", credibility=2)
    store.add_citation(
        lib, sources[0], event_id=first, locator="", quote="x\\y", reported="2020-01-02"
    )
    store.add_citation(lib, sources[0], event_id=second, quote="+q", asserted="1999")
    store.add_citation(lib, sources[2], event_id=third, locator="p. 2", quote="", credibility=6)


def _expected_cells(lib) -> dict[str, list[str]]:
    """The actors, tags and citations cells of each event, made from its record."""
    with lib.read() as conn:
        names, titles = labels(conn, "actor"), labels(conn, "source")
        records = list(iter_records(conn, "events"))
    cells = {}
    for rec in records:
        actors = join_items([names[a["actor"]], a["role"]] for a in rec["actors"])
        tags = join_items([tag] for tag in rec["tags"])
        cited = join_items(
            [titles[c["source"]], c["locator"], c["credibility"], c["quote"]]
            + ([c.get("reported", ""), c.get("asserted", "")] if len(c) > 4 else [])
            for c in rec["citations"]
        )
        cells[str(rec["id"])] = [neutralise(actors), neutralise(tags), neutralise(cited)]
    return cells


def test_events_csv_lists_actors_in_order_tags_by_name_and_every_citation(tricky_lib, tmp_path):
    lib = tricky_lib
    _linked_events(lib)
    with export_csv(lib, tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = _expected_cells(lib)
    assert len(rows) == len(expected) == 9
    for row in rows:
        assert [row["actors"], row["tags"], row["citations"]] == expected[row["id"]], row["title"]
    several = next(row for row in rows if row["title"] == "several")
    assert several["actors"] == "Zoë | guest \\| observer\n=Eve | =host\nback\\\\slash | "
    assert several["tags"] == "'-neg\nalpha\nb\\\\s\nzeta"
    assert several["citations"] == (
        "Src \\| piped | =p | 2 | q\n+Plus |  |  | x\\\\y | 2020-01-02 | "
    )
    assert several["category"] == "'=c" and several["start"] == "3 Feb 1850"
    minus = next(row for row in rows if row["title"] == "'-minus")
    assert minus["actors"] == "'=Eve | x\\ny" and minus["summary"] == "'@s"
    assert (
        minus["tags"] == "alpha\nmid\\|pipe" and minus["citations"] == "'+Plus |  |  | +q |  | 1999"
    )
    plain = next(row for row in rows if row["title"] == "plain")
    assert plain["tags"] == "'=eq" and plain["start"] == "Mar 44 BC"


def test_events_csv_pages_through_a_library_bigger_than_a_page(lib, tmp_path, monkeypatch):
    from db.exchange import csv_event_sheet

    monkeypatch.setattr(csv_event_sheet, "PAGE_ROWS", 3)
    _linked_events(lib)
    for index in range(5):
        store.create(lib, "event", title=f"more {index}", when="1990")
    with export_csv(lib, tmp_path / "e.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["id"] for row in rows] == [str(i) for i in range(1, 9)]
    expected = _expected_cells(lib)
    assert all([r["actors"], r["tags"], r["citations"]] == expected[r["id"]] for r in rows)


class _Text(str):
    pass


@pytest.mark.parametrize(
    "record",
    [
        {"id": 1, "title": '東京 "q" \\ \n\t\x01\x1f', "tags": [], "actors": [], "x": {}},
        {"nested": [[], [1, [2, {"a": None}]], {"b": [True, False]}], "n": -(2**70)},
        {"floats": [1.5, -0.0, 1e300, 1e-7, float("nan"), float("inf"), float("-inf")]},
        {"tuple": (1, "a"), "empty": "", "unicode": "\u2028\ud7ff\U0001f600"},
        {1: "a key that is not text"},
        {"subclass": _Text("text")},
        [],
        "top",
    ],
)
def test_json_records_are_laid_out_as_json_dumps_with_an_indent(record):
    expected = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")
    assert record_text(record, 2) == expected


def test_events_laid_out_a_page_at_a_time_are_their_records_laid_out(tricky_lib):
    from db.exchange.json_layout import event_texts
    from db.exchange.library_records import EventPage, event_pages

    _linked_events(tricky_lib)
    with tricky_lib.read() as conn:
        records = [record_text(rec, 2) for rec in iter_records(conn, "events")]
        pages = list(event_pages(conn))
    assert list(event_texts(pages)) == records
    assert '"tags": [\n    "\'quoted",\n    "ancient"\n   ]' in records[0]
    # A value of a type the columns do not expect: that page is laid out record by record.
    odd = EventPage([(*pages[0].rows[0][:8], 2.5, *pages[0].rows[0][9:])], *pages[0][1:])
    (text,) = event_texts([odd])
    assert '"importance": 2.5' in text and text.startswith('{\n   "id": 1,')


def test_records_left_to_json_dumps_leave_no_cycles_behind():
    import gc

    from db.exchange.records import cycle_collector_paused

    with cycle_collector_paused():
        gc.collect()
        for index in range(300):
            record_text({index: "a key that is not text"}, 2)
        assert gc.collect() < 50  # each call's encoder (a cycle of closures) was freed
