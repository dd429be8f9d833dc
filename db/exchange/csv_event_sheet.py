"""events.csv from plain rows: the part of a CSV export that runs a million times.

Per page of events there is one query per table (events, participants, tags, citations), each
in the order its cells list things; every cell that repeats is made once and looked up after
(a date's readable forms, an actor's name with a role, a set of tags). What the cells hold is
`csv_cells`' business: formula neutralisation, one item per line, " | " between the parts of an
item.

The page is then written as CSV text a column at a time rather than row by row through
`csv.writer` (which cost a third of the export): a column of a page is checked for what needs
work in one pass over its joined text (a formula-like start, or a character that makes a cell
quoted: , " CR LF), and only a column that holds one is gone through cell by cell. The lines
are the columns zipped and joined with commas. The bytes are `csv.writer`'s (QUOTE_MINIMAL,
doubled quotes, CRLF), as tests/db/exchange/test_csv_export_bytes.py checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.dates import format_date
from db.dates.formatting import day_label, month_label
from db.exchange.csv_cells import FORMULA_STARTS, EscapedParts
from db.exchange.library_records import PlainQuery, labels
from db.exchange.records import Remembered
from db.store.snapshots import TABLES

PAGE_ROWS = 20_000
_UNSAFE = frozenset(FORMULA_STARTS)
_PLAIN_DAY = re.compile(r"(-?\d{4})-(\d\d)-(\d\d)")
_PLAIN_MONTH = re.compile(r"(-?\d{4})-(\d\d)")
# Readable dates are forgotten past this many (as `Remembered` cells are).
_REMEMBERED = 200_000


# What makes `csv.writer` (QUOTE_MINIMAL, lineterminator CRLF) quote a cell.
_QUOTED_IF = (",", '"', "\r", "\n")
# A cell's start in a page's column joined with NUL: "\0=" is a cell starting with "=".
_UNSAFE_STARTS = tuple("\0" + start for start in FORMULA_STARTS)


def _safe(cell: str) -> str:
    """`csv_cells.neutralise` (the copy the loops below inline)."""
    return "'" + cell if cell[:1] in _UNSAFE else cell


def csv_cell(cell: str) -> str:
    """`cell` as `csv.writer` writes it: quoted, quotes doubled, when it holds , " CR or LF."""
    if "," in cell or '"' in cell or "\n" in cell or "\r" in cell:  # as _QUOTED_IF
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_column(cells: Sequence[Any], *, neutral: bool = False) -> Sequence[str]:
    """A page's column as CSV cells: text as `csv.writer` writes it (None as empty), and with
    `neutral` formula-like starts neutralised as `csv_cells.neutralise` does.

    One pass over the column's joined text tells whether any cell needs work; only then is
    the column gone through cell by cell (free text with commas, a multi-line cell).
    """
    try:
        joined = "\0".join(cells)
    except TypeError:  # a number or None (SQLite stores what it is given): as csv.writer
        cells = ["" if cell is None else str(cell) for cell in cells]
        joined = "\0".join(cells)
    if neutral and (joined[:1] in _UNSAFE or any(start in joined for start in _UNSAFE_STARTS)):
        cells = ["'" + cell if cell[:1] in _UNSAFE else cell for cell in cells]
    if any(char in joined for char in _QUOTED_IF):
        cells = [csv_cell(cell) for cell in cells]
    return cells


def csv_lines(columns: Iterable[Iterable[str]]) -> str:
    """The CSV lines (CRLF-terminated) of columns of cells already written as CSV."""
    text = "\r\n".join(map(",".join, zip(*columns, strict=True)))
    return text + "\r\n" if text else text


def readable_dates(when: str) -> tuple[str, str]:
    """Readable start and end of an event's date, for the 'start' and 'end' columns.

    A plain day or month is labelled from its text, which is what `format_date` writes for it
    without parsing the EDTF again (the work of every distinct date of a million events).
    """
    if plain := _PLAIN_DAY.fullmatch(when):
        year, month, day = plain.groups()
        return day_label(int(year), int(month), int(day)), ""
    if (plain := _PLAIN_MONTH.fullmatch(when)) and plain[2] <= "12":  # 21-41: seasons
        return month_label(int(plain[1]), int(plain[2])), ""
    if "/" in when:
        start, end = when.split("/", 1)
        return _readable(start), _readable(end)
    return _readable(when), ""


def _readable(edtf: str) -> str:
    return format_date(edtf) if edtf and edtf != ".." else ""


def _comma_joined(conn: Connection, column: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    """The aggregate joining `column`'s texts with commas, in any order."""
    if conn.dialect.name == "sqlite":
        return sa.func.group_concat(column)
    return sa.func.string_agg(column, sa.literal_column("','"))


def _queries(conn: Connection) -> dict[str, PlainQuery]:
    """The statements of a page: events after an id, and the links of an id range."""
    event, part = TABLES["event"], TABLES["participation"]
    tagging, cit = TABLES["tagging"], TABLES["citation"]
    low: sa.BindParameter[int] = sa.bindparam("low")
    high: sa.BindParameter[int] = sa.bindparam("high")
    tag_ids = sa.cast(tagging.c.tag_id, sa.String)
    columns: list[sa.ColumnElement[Any]] = [
        event.c[name] for name in ("id", "title", "when_edtf", "kind", "category", "importance")
    ]
    # None is an empty cell, as csv.writer writes it
    columns += [sa.func.coalesce(event.c.color, ""), event.c.summary]
    columns.append(sa.func.coalesce(event.c.uuid, ""))
    page = (
        sa.select(*columns)
        .where(event.c.id > sa.bindparam("last"), event.c.id <= sa.bindparam("upto"))
        .order_by(event.c.id)
        .limit(sa.bindparam("rows"))
    )
    return {
        "page": PlainQuery(conn, page),
        "actors": PlainQuery(
            conn,
            sa.select(part.c.event_id, part.c.actor_id, part.c.role)
            .where(part.c.event_id.between(low, high))
            .order_by(part.c.event_id, part.c.id),
        ),
        # the tag ids of each event as one text ("3,7"): a cell per set of tags
        "tags": PlainQuery(
            conn,
            sa.select(tagging.c.event_id, _comma_joined(conn, tag_ids))
            .where(tagging.c.event_id.between(low, high))
            .group_by(tagging.c.event_id),
        ),
        "citations": PlainQuery(
            conn,
            sa.select(cit.c.event_id, cit.c.source_id, cit.c.locator, cit.c.credibility)
            .add_columns(cit.c.quote, cit.c.reported_edtf, cit.c.asserted_edtf)
            .where(cit.c.event_id.between(low, high))
            .order_by(cit.c.event_id, cit.c.id),
        ),
    }


class EventSheet:
    """The lines of events.csv, a page at a time, every text cell neutralised."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.queries = _queries(conn)
        self.esc = EscapedParts()
        esc = self.esc
        self.actor_names = {key: esc[name] for key, name in labels(conn, "actor").items()}
        self.source_titles = {key: esc[title] for key, title in labels(conn, "source").items()}
        tag = TABLES["tag"]
        names: dict[int, str] = {
            key: name for key, name in conn.execute(sa.select(tag.c.id, tag.c.name))
        }
        # A cell lists an event's tags sorted by name (as `library_records` reads them).
        rank = {tag_id: i for i, tag_id in enumerate(sorted(names, key=lambda i: names[i]))}
        self.tag_names, self.tag_rank = names, rank
        self.tag_cells = Remembered(self._tag_cell)
        # an actor in a role: as the first item of a cell (neutralised) and as a later one
        self.actor_items = Remembered(lambda key: f"{self.actor_names[key[0]]} | {esc[key[1]]}")
        self.first_actor_items = Remembered(lambda key: _safe(self.actor_items[key]))
        self.dates: dict[str, str] = {}

    def pages(self, after: int | None = None, upto: int | None = None) -> Iterator[tuple[str, int]]:
        """The lines of events.csv (after its header) of the events with ids in (after, upto]
        (all by default), a page at a time by id, each page as CSV text with its number of
        events."""
        if after is None or upto is None:
            event = TABLES["event"]
            ends = sa.select(sa.func.min(event.c.id), sa.func.max(event.c.id))
            low, high = self.conn.execute(ends).one()
            if low is None:
                return
            after, upto = low - 1 if after is None else after, high if upto is None else upto
        query = self.queries["page"]
        page = query(rows=PAGE_ROWS, last=after, upto=upto)
        while page:
            yield self._text(page), len(page)
            page = query(rows=PAGE_ROWS, last=page[-1][0], upto=upto)

    def _text(self, page: list[tuple[Any, ...]]) -> str:
        """A page's lines, in the columns of `csv_cells.EVENT_COLUMNS`."""
        ids, titles, whens, kinds, categories, importances, colors, summaries, uuids = zip(
            *page, strict=True
        )
        low, high = ids[0], ids[-1]
        dates = self._dates_of(whens)
        tags = self._tag_cells(low, high).get
        return csv_lines(
            (
                map(str, ids),  # whole numbers: never quoted
                csv_column(titles, neutral=True),
                map(dates.__getitem__, whens),  # when, start, end: made once per date
                csv_column(kinds),
                csv_column(categories, neutral=True),
                map(str, importances),
                csv_column(colors),
                csv_column(summaries, neutral=True),
                csv_column(list(map(self._actor_cells(low, high).get, ids, repeat("")))),
                map(tags, ids, repeat("")),  # cells made once per set of tags
                csv_column(list(map(self._citation_cells(low, high).get, ids, repeat("")))),
                csv_column(uuids),
            )
        )

    def _dates_of(self, whens: Sequence[str]) -> dict[str, str]:
        """The cells 'when,start,end' of every date on the page (a million rows hold far
        fewer distinct dates, so each is made once)."""
        dates = self.dates
        if len(dates) > _REMEMBERED:
            dates.clear()
        for when in set(whens) - dates.keys():
            start, end = readable_dates(when)
            dates[when] = f"{csv_cell(when)},{csv_cell(start)},{csv_cell(end)}"
        return dates

    def _actor_cells(self, low: int, high: int) -> dict[int, str]:
        first, later = self.first_actor_items, self.actor_items
        cells: dict[int, str] = {}
        for event_id, actor_id, role in self.queries["actors"](low=low, high=high):
            cell = cells.get(event_id)
            if cell is None:
                cells[event_id] = first[actor_id, role]
            else:
                cells[event_id] = cell + "\n" + later[actor_id, role]
        return cells

    def _tag_cell(self, ids: str) -> str:
        """The cell of the tags with ids "3,7" (one per line, by name), as CSV."""
        names, esc = self.tag_names, self.esc
        ordered = sorted(map(int, ids.split(",")), key=self.tag_rank.__getitem__)
        return csv_cell(_safe("\n".join([esc[names[tag_id]] for tag_id in ordered])))

    def _tag_cells(self, low: int, high: int) -> dict[int, str]:
        cells = self.tag_cells
        return {event_id: cells[ids] for event_id, ids in self.queries["tags"](low=low, high=high)}

    def _citation_cells(self, low: int, high: int) -> dict[int, str]:
        """Each citation as 'source | locator | credibility | quote', then '| reported |
        asserted' when either is set."""
        esc, titles = self.esc, self.source_titles
        cells: dict[int, str] = {}
        rows = self.queries["citations"](low=low, high=high)
        for event_id, source, locator, credibility, quote, reported, asserted in rows:
            item = f"{titles[source]} | {esc[locator]} | {esc[credibility]} | {esc[quote]}"
            if reported or asserted:
                item += f" | {esc[reported or '']} | {esc[asserted or '']}"
            cell = cells.get(event_id)
            cells[event_id] = _safe(item) if cell is None else cell + "\n" + item
        return cells
