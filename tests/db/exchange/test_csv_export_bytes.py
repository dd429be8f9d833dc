"""events.csv is byte for byte what the record-by-record writer makes, on a library made to
break exporters: quotes, commas, line breaks, formula-like starts (= + - @ tab CR '), escapes,
non-ASCII text, BCE, uncertain, season, interval and open dates, many links per event.

Two references: a writer kept here that builds each row from `iter_records` with `csv.writer`
(as the export did before it was made fast), and a golden file written by that export for the
same library (tests/fixtures/exchange/events_golden.csv), so a change to either side shows.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
import sqlalchemy as sa

from db import store
from db.dates import format_date
from db.exchange.csv_ import export_csv, neutralise
from db.exchange.csv_cells import EVENT_COLUMNS, join_items
from db.exchange.library_records import iter_records, labels
from db.store.snapshots import TABLES
from tests.db.exchange.conftest import add_tricky_records

GOLDEN = Path(__file__).parents[2] / "fixtures" / "exchange" / "events_golden.csv"
# Pieces of text a spreadsheet or a CSV reader trips on; cells are made of a few of them.
PIECES = [
    "plain", ",", '"', '""', "\n", "\r", "\r\n", "\t", "=", "+", "-", "@", "'", "|", " | ",
    "\\", "\\n", "東京", "Gdańsk", "Zoë", "\u2028", "€", "a b", "1,5", "=SUM(A1)", " ",
]  # fmt: skip
WHENS = [
    "1850-02-03", "-0043-03-15", "-0043-03", "2001-21", "1990?", "1990~", "1990%", "201X",
    "19XX", "1950-XX-XX", "2024-07-28T14:30", "1985-04-12T23:20:30Z", "1914/1918",
    "-0500/-0400", "2024-07-28/2024-07-30", "../2020", "2020/..", "0000", "-9999",
    "Y170000002", "2004-06~", "2004?-06-11", "2024",
]  # fmt: skip


def _text(rng: random.Random, most: int = 4) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def varied_library(lib) -> None:
    """Tricky records, then events with random texts and several actors, tags and citations
    each, added in an order that is neither by id nor by name; uuids made predictable."""
    add_tricky_records(lib)
    rng = random.Random(16)
    actors = [
        store.create(lib, "actor", name=f"{_text(rng, 2)}actor {i}", kind="person")
        for i in range(8)
    ]
    sources = [store.create(lib, "source", title=f"{_text(rng, 2)}src {i}") for i in range(5)]
    tags = [f"{_text(rng, 2)}tag {i}" for i in range(9)]
    for index in range(45):
        event = store.create(
            lib,
            "event",
            title=f"{_text(rng)}e{index}",
            when=WHENS[index % len(WHENS)],  # every kind of date at least once
            summary=_text(rng, 6),
            category=_text(rng, 2),
            color=rng.choice([None, "#aa3300"]),
            importance=rng.randint(1, 5),
        )
        for actor in rng.sample(actors, rng.randint(0, 4)):
            store.add_participation(lib, event, actor, _text(rng, 2))
        store.set_tags(lib, "event", event, rng.sample(tags, rng.randint(0, 4)))
        for source in rng.sample(sources, rng.randint(0, 3)):
            store.add_citation(
                lib,
                source,
                event_id=event,
                locator=_text(rng, 2),
                quote=_text(rng, 3),
                credibility=rng.choice([None, 1, 6]),
                **rng.choice([{}, {"reported": "2020-01-02"}, {"asserted": "-0043"}]),
            )
    event = TABLES["event"]
    with lib.write() as conn:
        ids = conn.execute(sa.select(event.c.id)).scalars().all()
        stmt = sa.update(event).where(event.c.id == sa.bindparam("key"))
        uuids = [{"key": key, "uuid": f"00000000-0000-4000-8000-{key:012d}"} for key in ids]
        conn.execute(stmt.values(uuid=sa.bindparam("uuid")), uuids)


def _readable(side: str | None) -> str:
    return format_date(side) if side and side != ".." else ""


def reference_csv(lib) -> bytes:
    """events.csv built record by record: each row from `iter_records`, with `csv.writer`."""
    with lib.read() as conn:
        names, titles = labels(conn, "actor"), labels(conn, "source")
        records = list(iter_records(conn, "events"))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EVENT_COLUMNS)
    for rec in records:
        start, _, end = rec["when"].partition("/")
        actors = join_items([names[a["actor"]], a["role"]] for a in rec["actors"])
        cited = join_items(
            [titles[c["source"]], c["locator"], c["credibility"], c["quote"]]
            + ([c.get("reported", ""), c.get("asserted", "")] if len(c) > 4 else [])
            for c in rec["citations"]
        )
        tags = join_items([tag] for tag in rec["tags"])
        title, category, summary = (neutralise(rec[n]) for n in ("title", "category", "summary"))
        row = [rec["id"], title, rec["when"], _readable(start), _readable(end), rec["kind"]]
        row += [category, rec["importance"], rec["color"], summary, neutralise(actors)]
        writer.writerow([*row, neutralise(tags), neutralise(cited), rec["uuid"]])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def varied_lib(new_library):
    library = new_library("varied")
    varied_library(library)
    return library


def test_events_csv_is_the_record_by_record_writers_file(varied_lib, tmp_path, monkeypatch):
    from db.exchange import csv_event_sheet

    expected = reference_csv(varied_lib)
    assert expected.count(b"\r\n") > 50  # the library really holds its events
    assert expected == GOLDEN.read_bytes()
    for page_rows in (20_000, 7, 1):  # pages end inside and between runs of links
        monkeypatch.setattr(csv_event_sheet, "PAGE_ROWS", page_rows)
        written = export_csv(varied_lib, tmp_path / f"events{page_rows}.csv").read_bytes()
        assert written == expected, page_rows


def test_the_golden_file_holds_what_breaks_exporters():
    rows = list(csv.reader(io.StringIO(GOLDEN.read_bytes().decode("utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    # every formula-like start of free text was neutralised
    free = [row[i] for row in rows[1:] for i in (1, 6, 9, 10, 11, 12)]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in free)
    assert sum(cell.startswith("'") for cell in free) > 10
    for needle in (",", '"', "\n", "\r", "東京", "10,000 BC", "Mar 44 BC", "spring 2001", "\\|"):
        assert any(needle in cell for cell in cells), needle
    assert any(row[11].count("\n") >= 3 for row in rows[1:])  # four tags in one cell
    assert any(row[10].count("\n") >= 3 for row in rows[1:])  # four actors


# ---------------------------------------------------------------- two processes (csv_halves)


@pytest.fixture
def varied_file(tmp_path):
    """The varied library as a file (a server's library is always read by one process)."""
    from db.engine import create_library

    library = create_library(tmp_path / "varied.chronicle")
    varied_library(library)
    yield library
    library.close()


@pytest.fixture
def split_always(monkeypatch):
    """Every library is big enough to have its second half written by a helper process;
    records whether the helper's half was used."""
    from db.exchange import csv_event_sheet, csv_halves

    monkeypatch.setattr(csv_halves, "SPLIT_FROM", 2)
    monkeypatch.setattr(csv_halves, "core_free", lambda: True)  # the test machine is busy
    monkeypatch.setattr(csv_event_sheet, "PAGE_ROWS", 7)
    used: list[bool] = []
    finish = csv_halves._Helper.finish

    def finished(helper, tick):
        used.append(finish(helper, tick))
        return used[-1]

    monkeypatch.setattr(csv_halves._Helper, "finish", finished)
    started = csv_halves._started

    def recorded(*args):
        helper = started(*args)
        HELPERS.append(helper)
        return helper

    HELPERS.clear()
    monkeypatch.setattr(csv_halves, "_started", recorded)
    return used


HELPERS: list = []  # the helpers the last test started


def test_a_helper_process_writes_the_second_half_of_the_same_file(
    varied_file, tmp_path, split_always
):
    done = []
    folder = tmp_path / "out"
    folder.mkdir()
    written = export_csv(varied_file, folder / "events.csv", progress=lambda d, t: done.append(d))
    assert written.read_bytes() == GOLDEN.read_bytes()
    assert split_always == [True]
    # progress counts the helper's pages too, and only goes forward
    with varied_file.read() as conn:
        events = conn.execute(sa.select(sa.func.count()).select_from(TABLES["event"])).scalar()
    assert done == sorted(done) and done[-1] == events > 40
    assert [p.name for p in folder.iterdir()] == ["events.csv"]  # no part left behind
    # nor the library's -wal and -shm (a read-only connection closing last leaves them)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "varied.chronicle"]


def test_a_library_changed_before_the_helper_read_it_is_written_by_one_process(
    varied_file, tmp_path, split_always, monkeypatch
):
    from db.exchange import csv_halves

    monkeypatch.setattr(csv_halves.LibraryView, "unchanged", lambda view: False)
    written = export_csv(varied_file, tmp_path / "events.csv")
    assert split_always == [False]
    assert written.read_bytes() == GOLDEN.read_bytes()


def test_a_helper_that_fails_leaves_its_half_to_this_process(
    varied_file, tmp_path, split_always, monkeypatch
):
    from types import SimpleNamespace

    from db.exchange import csv_halves

    started = csv_halves._started  # the recording one
    missing = SimpleNamespace(path=tmp_path / "missing.chronicle")
    monkeypatch.setattr(
        csv_halves, "_started", lambda lib, view, after, part: started(missing, view, after, part)
    )
    written = export_csv(varied_file, tmp_path / "events.csv")
    assert split_always == [False]
    assert written.read_bytes() == GOLDEN.read_bytes()


def test_cancel_stops_the_helper_and_leaves_nothing(varied_file, tmp_path, split_always):
    from db.errors import CancelledError

    def cancel_after_a_page(done, total):
        if done > 0:
            raise CancelledError("Export cancelled.")

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CancelledError):
        export_csv(varied_file, folder / "events.csv", progress=cancel_after_a_page)
    assert list(folder.iterdir()) == []
    assert len(HELPERS) == 1 and HELPERS[0].process.poll() is not None  # it was stopped


def test_the_zip_s_events_csv_is_written_by_two_processes_too(varied_file, tmp_path, split_always):
    import zipfile

    folder = tmp_path / "out"
    folder.mkdir()
    with zipfile.ZipFile(export_csv(varied_file, folder / "library.zip", bom=True)) as zf:
        events = zf.read("events.csv")
    assert split_always == [True]
    assert events == b"\xef\xbb\xbf" + GOLDEN.read_bytes()


@pytest.fixture
def helper_starts(monkeypatch) -> list:
    """The helper processes the export asks for (none is started), on a two-core machine
    and from two events on."""
    from db.exchange import csv_halves

    started: list = []
    monkeypatch.setattr(csv_halves, "SPLIT_FROM", 2)
    monkeypatch.setattr(csv_halves, "_started", lambda *args: started.append(args))
    monkeypatch.setattr(csv_halves.os, "cpu_count", lambda: 2)
    return started


def test_a_busy_machine_gets_no_helper(varied_file, tmp_path, monkeypatch, helper_starts):
    from db.exchange import csv_halves

    started = helper_starts
    monkeypatch.setattr(csv_halves.os, "getloadavg", lambda: (1.5, 1.0, 1.0))
    written = export_csv(varied_file, tmp_path / "events.csv")
    assert started == [] and written.read_bytes() == GOLDEN.read_bytes()
    monkeypatch.setattr(csv_halves.os, "getloadavg", lambda: (0.9, 1.0, 1.0))
    export_csv(varied_file, tmp_path / "events.csv")
    assert len(started) == 1  # a free core: the helper was asked for


def test_a_frozen_app_gets_no_helper(varied_file, tmp_path, monkeypatch, helper_starts):
    """A frozen app's interpreter is the app itself: `-m` would open a second window."""
    from db.exchange import csv_halves

    started = helper_starts
    monkeypatch.setattr(csv_halves.os, "getloadavg", lambda: (0.1, 0.1, 0.1))
    monkeypatch.setattr(csv_halves.sys, "frozen", True, raising=False)
    written = export_csv(varied_file, tmp_path / "events.csv")
    assert started == [] and written.read_bytes() == GOLDEN.read_bytes()
