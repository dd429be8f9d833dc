"""Validating records and queueing their rows for one open write transaction.

Rows are validated one by one (so an error names its record) and handed in batches to a
`BatchWriter`, with ids assigned here: the write transaction holds the file's lock, so
max(id) + 1 cannot be taken by anyone else. Anything that reads the connection directly
first writes what is queued (`sync`). Inserting row by row cost ~1 ms an event at 100,000
events (benchmarks/bench_exchange.py); batches bring that to ~0.1 ms.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.errors import ValidationError
from db.exchange.batch_writer import BatchWriter
from db.exchange.existing import update_existing
from db.exchange.external import external_values, place_values
from db.exchange.records import as_list
from db.exchange.uuid_match import UuidMatcher
from db.sql_names import quoted_list
from db.store.entities import now_stamp
from db.store.fields import REQUIRED_FIELDS, column_values
from db.store.links import reaches
from db.store.snapshots import TABLES

# Parents before children, so flushing in this order satisfies every foreign key.
FLUSH_ORDER: tuple[str, ...] = ("tag", "actor", "source", "event", "relation")
FLUSH_ORDER += ("participation", "citation", "tagging", "external_ref", "event_place")
BATCH_ROWS = 20_000  # rows queued before a flush (~10 MB of dicts)
_REMEMBERED_MAX = 200_000
_PLACES_MAX = 100_000
_UNIQUE_EVENT_FIELDS = ("title", "summary", "uuid")  # the rest repeat from row to row
_LINK_FIELDS = {"id", "tags", "actors", "citations", "copy_of", "from", "to", "_where"}
_LINK_FIELDS |= {"_external", "_place", "_replace_id"}  # dataset imports (db/exchange/external)
_LINK_FIELDS |= {"derived_from"}  # written once every source is known (loader.py)
_MARKS = {"_library_id", "_update"}  # set by db/exchange/existing.py, not fields
_ENTITY_KINDS = ("actor", "source", "event", "relation")


class Loader:
    """One import: maps the file's ids to the library's and queues rows in dependency order."""

    def __init__(self, conn: Connection, keep_ids: bool, origin: str):
        self.conn = conn
        self.keep_ids = keep_ids
        self.origin = origin
        self.ids: dict[str, dict[Any, int]] = {k: {} for k in _ENTITY_KINDS}
        if conn.dialect.name == "postgresql":
            # What BEGIN IMMEDIATE does on SQLite: max(id) + 1 stays ours until the commit;
            # other writers wait, readers do not.
            conn.exec_driver_sql(
                f"LOCK TABLE {quoted_list(FLUSH_ORDER)} IN SHARE ROW EXCLUSIVE MODE"
            )
        self.tag_ids: dict[str, int] = {
            name: tag_id
            for tag_id, name in conn.execute(sa.select(TABLES["tag"].c.id, TABLES["tag"].c.name))
        }
        self.next_id = {
            kind: (conn.execute(sa.select(sa.func.max(TABLES[kind].c.id))).scalar() or 0) + 1
            for kind in FLUSH_ORDER
        }
        self.first_id = dict(self.next_id)  # rows from these ids on are this import's
        self.pending: dict[str, list[dict[str, Any]]] = {kind: [] for kind in FLUSH_ORDER}
        self.pending_where: dict[str, list[str]] = {kind: [] for kind in FLUSH_ORDER}
        # Rows the event hot path (db/exchange/loader_events.py) queues as tuples, ids included:
        # (table, columns) -> (rows, the record of each row).
        self.tuples: dict[tuple[str, tuple[str, ...]], tuple[list[tuple[Any, ...]], list[str]]]
        self.tuples = {}
        self.where = ""  # the record being loaded, named in errors found at flush time
        self.stamp = now_stamp()
        self._remembered: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._queued = 0
        self.writer = BatchWriter(conn, origin)
        self.updated: list[
            tuple[str, dict[str, Any], dict[str, Any]]
        ] = []  # (kind, row before, after) updated
        self.by_uuid = UuidMatcher(conn, self.updated)
        self._uuids = UuidBatch()
        self.places: dict[tuple[Any, ...], dict[str, Any]] = {}  # checked places, by fields
        # Kind -> told the ids of the rows of that kind each flush writes (bulk_indexes.py).
        self.written: dict[str, Callable[[list[int]], None]] = {}
        # Kind -> builds its UUID index, left out while no record gave its own (bulk_indexes).
        self.uuid_given: dict[str, Callable[[], None]] = {}

    # -- queueing rows ---------------------------------------------------------------------
    def insert(self, kind: str, values: dict[str, Any], file_id: Any = None) -> int:
        if kind in self.ids:
            # A record whose UUID the library already holds is that record: update it.
            existing = self.by_uuid.update(kind, values, self.stamp)
            if existing is not None:
                self._map_file_id(kind, file_id, existing)
                return existing
            if "uuid" not in values:
                values["uuid"] = self._uuids()
        if kind in ("actor", "source", "event"):
            values.setdefault("created_at", self.stamp)
            values.setdefault("modified_at", self.stamp)
        if self.keep_ids and isinstance(file_id, int) and 0 < file_id < 2**63 and kind in self.ids:
            new_id = file_id
            self.next_id[kind] = max(self.next_id[kind], file_id + 1)
        else:
            new_id = self.next_id[kind]
            self.next_id[kind] += 1
        values["id"] = new_id
        self._map_file_id(kind, file_id, new_id)
        self._queue(kind, values)
        return new_id

    def given_uuid(self, kind: str) -> None:
        """Note that a `kind` of record gives its own UUID (before it is queued)."""
        build = self.uuid_given.pop(kind, None)
        if build is not None:
            build()

    def _map_file_id(self, kind: str, file_id: Any, library_id: int) -> None:
        if isinstance(file_id, list | dict):
            raise ValidationError(f"its id must be a number or a text, not {file_id!r:.60}.")
        if file_id is not None and kind in self.ids:
            if file_id in self.ids[kind]:
                raise ValidationError(f"the id {file_id!r} is used twice among the {kind}s.")
            self.ids[kind][file_id] = library_id

    def insert_link(self, kind: str, values: dict[str, Any]) -> None:
        """`insert` for a participation, citation or tagging (no file id, no stamps)."""
        if self.by_uuid.matched and self.by_uuid.has_link(kind, values):
            return  # an updated record's link that the library already holds
        next_id = self.next_id
        values["id"] = next_id[kind]
        next_id[kind] += 1
        # `_queue`, inlined: a first import queues about seven links per event.
        self.pending[kind].append(values)
        self.pending_where[kind].append(self.where)
        self._queued += 1
        if self._queued >= BATCH_ROWS:
            self.flush()

    def take_ids(self, kind: str, count: int) -> int:
        """The first of `count` new ids of a `kind` of row (the next `count` are taken)."""
        first = self.next_id[kind]
        self.next_id[kind] = first + count
        return first

    def tuple_queue(
        self, kind: str, columns: tuple[str, ...]
    ) -> tuple[list[tuple[Any, ...]], list[str]]:
        """The queue of `kind` rows given as tuples of `columns` (ids from `take_ids`), and of
        the record of each row. Rows appended there count once passed to `queued`."""
        held = self.tuples.get((kind, columns))
        if held is None:
            held = self.tuples[kind, columns] = ([], [])
        return held

    def queued(self, count: int) -> None:
        """Note `count` rows appended to tuple queues; writes them all when enough wait."""
        self._queued += count
        if self._queued >= BATCH_ROWS:
            self.flush()

    def _queue(self, kind: str, values: dict[str, Any]) -> None:
        self.pending[kind].append(values)
        self.pending_where[kind].append(self.where)
        self._queued += 1
        if self._queued >= BATCH_ROWS:
            self.flush()

    def ref(self, kind: str, file_id: Any) -> int:
        try:
            return self.ids[kind][file_id]
        except (KeyError, TypeError):
            raise ValidationError(
                f"it refers to {kind} {file_id!r}, which is not in the file."
            ) from None

    def tag(self, name: Any, color: Any = None) -> int:
        if color is None and isinstance(name, str) and name in self.tag_ids:
            return self.tag_ids[name]
        values = column_values("tag", {"name": name} | ({"color": color} if color else {}))
        if values["name"] not in self.tag_ids:
            self.tag_ids[values["name"]] = self.insert("tag", values)
        return self.tag_ids[values["name"]]

    def tag_entity(self, kind: str, entity_id: int, names: Any) -> None:
        names = as_list(names, "tags")
        if any(isinstance(name, list | dict) for name in names):
            raise ValidationError("tags must be a list of names.")
        # By id, not by text: " peace" and "peace" are one tag, and one tagging row.
        for tag_id in dict.fromkeys(self.tag(name) for name in names):
            self.insert_link("tagging", {"tag_id": tag_id, f"{kind}_id": entity_id})

    def cite(self, target: str, target_id: int, citations: Any) -> None:
        for cit in as_list(citations, "citations"):
            if not isinstance(cit, dict):
                raise ValidationError("each citation must be an object with a 'source'.")
            fields = {k: v for k, v in cit.items() if k != "source"}
            values = self.remembered("citation", fields)  # locators repeat row after row
            values.update(
                source_id=self.ref("source", cit.get("source")), **{f"{target}_id": target_id}
            )
            self.insert_link("citation", values)

    def remembered(self, kind: str, fields: dict[str, Any]) -> dict[str, Any]:
        """`column_values(kind, fields)`, worked out once per distinct set of values.

        Imports repeat dates, categories, roles and kinds row after row; parsing a date
        alone costs ~40 µs.
        """
        try:
            key = (kind, *fields.items())
            known = self._remembered.get(key)
        except TypeError:  # a list or dict among the values: not worth remembering
            return column_values(kind, fields)
        if known is None:
            known = column_values(kind, fields)
            if len(self._remembered) >= _REMEMBERED_MAX:
                self._remembered.clear()
            self._remembered[key] = known
        return dict(known)

    def new_id_ranges(self) -> dict[str, tuple[int, int]]:
        """(first, last) id of the rows this import wrote, per table (after the last flush).

        Kept file ids (into a library without actors, sources, events or relations) make
        every row of those tables this import's.
        """
        self.sync()
        ranges = {}
        for kind in FLUSH_ORDER:
            table = TABLES[kind]
            # Two subqueries, not min() and max() in one: SQLite answers each alone from the
            # end of the table's B-tree, both together by reading every row (1.6 s at
            # 1,000,000 ACLED rows).
            low, high = self.conn.execute(
                sa.select(
                    sa.select(sa.func.min(table.c.id)).scalar_subquery(),
                    sa.select(sa.func.max(table.c.id)).scalar_subquery(),
                )
            ).one()
            first = low if self.keep_ids and kind in self.ids else self.first_id[kind]
            if high is not None and first is not None and high >= first:
                ranges[kind] = (first, high)
        return ranges

    # -- writing -------------------------------------------------------------------------
    def flush(self) -> None:
        """Insert every queued row, parents first; a refused row is named with its record."""
        for kind in FLUSH_ORDER:
            rows, wheres = self.pending[kind], self.pending_where[kind]
            written = self._ids_queued(kind) if kind in self.written else []
            start = 0
            for _keys, group in itertools.groupby(rows, key=dict.keys):
                batch = list(group)
                self.writer.submit(kind, batch, wheres[start : start + len(batch)])
                start += len(batch)
            self.pending[kind], self.pending_where[kind] = [], []
            for (table, columns), (tuples, tuple_wheres) in self.tuples.items():
                if table == kind and tuples:
                    self.writer.submit_tuples(kind, columns, tuples, tuple_wheres)
                    tuples.clear()  # emptied in place: the event path holds these lists
                    tuple_wheres.clear()
            if written:
                self.written[kind](written)
        self._queued = 0

    def _ids_queued(self, kind: str) -> list[int]:
        ids = [row["id"] for row in self.pending[kind]]
        for (table, columns), (tuples, _wheres) in self.tuples.items():
            if table == kind and tuples:
                at = columns.index("id")
                ids.extend(row[at] for row in tuples)
        return ids

    def sync(self) -> None:
        """Write every queued row (before reading the connection directly)."""
        self.flush()
        self.writer.drain()


class UuidBatch:
    """New random (version 4) UUIDs as text, drawn from the OS 4 KiB at a time.

    `uuid.uuid4()` costs ~4 µs (a UUID object per call); a million-event import needs a
    million of them. The text is the same as `str(uuid.uuid4())`.
    """

    def __init__(self) -> None:
        self._hex: list[str] = []

    def __call__(self) -> str:
        if not self._hex:
            raw = bytearray(os.urandom(16 * 256))
            for at in range(0, len(raw), 16):
                raw[at + 6] = raw[at + 6] & 0x0F | 0x40  # version 4
                raw[at + 8] = raw[at + 8] & 0x3F | 0x80  # RFC 4122 variant
            text = raw.hex()
            self._hex = [text[i : i + 32] for i in range(0, len(text), 32)]
        h = self._hex.pop()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in _LINK_FIELDS and k not in _MARKS}


def _require(kind: str, rec: dict[str, Any]) -> None:
    missing = [name for name in REQUIRED_FIELDS[kind] if name not in rec]
    if missing:
        raise ValidationError(f"it has no {' and no '.join(repr(m) for m in missing)}.")


def _link_existing(loader: Loader, kind: str, rec: dict[str, Any]) -> None:
    """Let the file's id of `rec` stand for the library's record "_library_id"."""
    table, library_id = TABLES[kind], rec["_library_id"]
    loader.sync()
    if loader.conn.execute(sa.select(table.c.id).where(table.c.id == library_id)).first() is None:
        raise ValidationError(f"{kind} {library_id} is no longer in the library.")
    if rec.get("id") in loader.ids[kind]:
        raise ValidationError(f"the id {rec.get('id')!r} is used twice among the {kind}s.")
    loader.ids[kind][rec.get("id")] = library_id


def load_entity(loader: Loader, kind: str, rec: dict[str, Any]) -> None:
    """Queue one actor, source or event with its tags, participants and citations."""
    # A UUID the library holds names the record surely; matching by id/name/URL comes after.
    if rec.get("uuid") is not None:
        loader.given_uuid(kind)
    by_uuid = loader.by_uuid.holds(kind, rec.get("uuid"))
    if rec.get("_library_id") is not None and not by_uuid:
        _link_existing(loader, kind, rec)
        if rec.get("_update"):  # re-importing it: see db/exchange/existing.py
            missing = update_existing(loader.conn, kind, rec, loader.ref, loader.updated)
            _load_links(loader, kind, rec["_library_id"], missing)
        return
    _require(kind, rec)
    fields = _fields(rec)
    if kind == "event":
        unique = {name: fields.pop(name) for name in _UNIQUE_EVENT_FIELDS if name in fields}
        when = {"when": fields.pop("when")}
        values = column_values(kind, unique) | loader.remembered(kind, fields)
        values |= loader.remembered(kind, when)
        if "kind" not in rec:
            values["kind"] = "span" if "/" in values["when_edtf"] else "point"
    else:
        values = column_values(kind, fields)
    if rec.get("_replace_id") is not None:
        new_id = replace_entity(loader, kind, values, rec)
    else:
        new_id = loader.insert(kind, values, rec.get("id"))
    _load_links(loader, kind, new_id, rec)


def _load_links(loader: Loader, kind: str, new_id: int, rec: dict[str, Any]) -> None:
    loader.tag_entity(kind, new_id, rec.get("tags"))
    load_dataset_fields(loader, kind, new_id, rec)
    if kind == "event":
        seen = set()
        for part in as_list(rec.get("actors"), "actors"):
            if not isinstance(part, dict):
                raise ValidationError("each actor of an event must be an object with an 'actor'.")
            values = loader.remembered("participation", {"role": part.get("role", "")})
            values.update(event_id=new_id, actor_id=loader.ref("actor", part.get("actor")))
            if (values["actor_id"], values["role"]) in seen:
                raise ValidationError(
                    f"actor {part.get('actor')!r} is listed twice in the role {values['role']!r}."
                )
            seen.add((values["actor_id"], values["role"]))
            loader.insert_link("participation", values)
        loader.cite("event", new_id, rec.get("citations"))


def load_relation(loader: Loader, rec: dict[str, Any]) -> None:
    """Queue one relation (and its citations), refusing self-relations and hierarchy loops."""
    ends = {}
    for side in ("from", "to"):
        end = rec.get(side)
        if not isinstance(end, dict) or end.get("kind") not in ("actor", "event"):
            raise ValidationError(f'\'{side}\' must be {{"kind": "actor"|"event", "id": ...}}.')
        ends[side] = (end["kind"], loader.ref(end["kind"], end.get("id")))
    if ends["from"] == ends["to"]:
        raise ValidationError("an entity cannot be related to itself.")
    values = column_values("relation", _fields(rec))
    if "type" not in values:
        raise ValidationError("a relation needs a type.")
    if values["type"] in ("part of", "member of"):
        loader.sync()  # the loop check reads the relations queued so far
        if reaches(loader.conn, values["type"], ends["to"], ends["from"]):
            raise ValidationError(f"it would make a loop of {values['type']!r} relations.")
    for side, (kind, entity_id) in ends.items():
        values[f"{side}_actor_id"] = entity_id if kind == "actor" else None
        values[f"{side}_event_id"] = entity_id if kind == "event" else None
    new_id = loader.insert("relation", values, rec.get("id"))
    loader.cite("relation", new_id, rec.get("citations"))


def replace_entity(loader: Loader, kind: str, values: dict[str, Any], rec: dict[str, Any]) -> int:
    """Overwrite the fields of the library's `kind` "_replace_id" with `values`; its id."""
    table, entity_id = TABLES[kind], rec["_replace_id"]
    values = {**values, "modified_at": loader.stamp}
    loader.conn.execute(sa.update(table).where(table.c.id == entity_id).values(**values))
    if rec.get("id") is not None:
        loader.ids[kind][rec["id"]] = entity_id
    return int(entity_id)


def load_dataset_fields(loader: Loader, kind: str, entity_id: int, rec: dict[str, Any]) -> None:
    """Queue the external id and place rows of `rec`, if it has them."""
    external = rec.get("_external")
    if external is not None:
        loader.insert_link("external_ref", external_values(external, f"{kind}_id", entity_id))
    place = rec.get("_place")
    if place is not None and kind == "event":
        # Places repeat row after row (a country file names a few thousand): checked once.
        key = tuple(place.items())
        checked = loader.places.get(key)
        if checked is None:
            checked = loader.places[key] = place_values(place)
            if len(loader.places) > _PLACES_MAX:
                loader.places.clear()
        values = {**checked, "event_id": entity_id}
        loader.insert_link("event_place", values)
