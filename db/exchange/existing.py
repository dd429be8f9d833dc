"""Records of an import that are already in the library (re-importing our own export).

`find_existing` matches the file's records with the library's: an actor by name, a source by URL
or title, an event by its id from our export (with the same title) or by title and date, and a
relation by its two matched ends and type. The caller asks the user what to do and calls
`keep_existing`: "update" makes each matched record stand for the library's one (its fields are
updated, links it lacks are added, nothing is duplicated); "new" leaves the data as it is.
The loader calls `update_existing` for each record so marked; the rows' values before and after
are kept, so the import stays one undo step (`rewrite_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.dates import parse_date
from db.engine import Library
from db.errors import ChronicleError
from db.store.fields import column_values
from db.store.snapshots import TABLES

_SECTION_KINDS = {"actors": "actor", "sources": "source", "events": "event"}
_NOT_FIELDS = {"id", "tags", "actors", "citations", "copy_of", "from", "to"}


def _name_key(value: Any) -> str | None:
    return " ".join(value.split()).casefold() if isinstance(value, str) and value.strip() else None


def _url_key(value: Any) -> str | None:
    key = _name_key(value)
    return key.rstrip("/") if key else None


_KINDS: tuple[str, ...] = ("event", "actor", "source")


@dataclass
class Existing:
    """What of a file is already in the library: kind -> {file id: library id}."""

    ids: dict[str, dict[Any, int]] = field(default_factory=lambda: {k: {} for k in _KINDS})
    relations: set[int] = field(default_factory=set)  # positions in the relations section

    def counts(self) -> dict[str, int]:
        counts = {kind: len(ids) for kind, ids in self.ids.items()}
        counts["relation"] = len(self.relations)
        return counts

    def __bool__(self) -> bool:
        return any(self.counts().values())

    def describe(self) -> str:
        """'3 events, 1 actor and 2 sources'."""
        parts = [_plural(n, kind) for kind, n in self.counts().items() if n]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass
class _Keys:
    """The library's records of one kind by each key they can be matched on."""

    labels: dict[int, str | None] = field(default_factory=dict)  # actor/source id -> name key
    events: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)  # -> dated
    name: dict[str | None, int] = field(default_factory=dict)
    url: dict[str | None, int] = field(default_factory=dict)
    dated: dict[tuple[str | None, str | None], int] = field(default_factory=dict)


def _index(conn: Connection, kind: str) -> _Keys:
    """The library's records of `kind` by each key they can be matched on."""
    table = TABLES[kind]
    keys = _Keys()
    if kind == "actor":
        for row_id, name in conn.execute(sa.select(table.c.id, table.c.name)):
            keys.labels[row_id] = _name_key(name)
            keys.name.setdefault(_name_key(name), row_id)
    elif kind == "source":
        for row_id, title, url in conn.execute(sa.select(table.c.id, table.c.title, table.c.url)):
            keys.labels[row_id] = _name_key(title)
            keys.name.setdefault(_name_key(title), row_id)
            if _url_key(url):
                keys.url.setdefault(_url_key(url), row_id)
    else:
        stmt = sa.select(table.c.id, table.c.title, table.c.when_edtf)
        for row_id, title, edtf in conn.execute(stmt):
            keys.events[row_id] = (_name_key(title), edtf)
            keys.dated.setdefault((_name_key(title), edtf), row_id)
    return keys


def _edtf(value: Any) -> str | None:
    try:
        return parse_date(value).edtf if isinstance(value, str) else None
    except ChronicleError:
        return None


def _match(kind: str, rec: dict[str, Any], keys: _Keys) -> int | None:
    label = _name_key(rec.get("name" if kind == "actor" else "title"))
    if label is None:
        return None
    file_id = rec.get("id")
    own = file_id if isinstance(file_id, int) else None  # perhaps a library id (our export)
    if kind == "event":
        dated = (label, _edtf(rec.get("when")))
        known = keys.events.get(own) if own is not None else None
        # Our own export: the same id with the same title or date (one of them edited since).
        if known is not None and (known[0] == dated[0] or known[1] == dated[1]):
            return own
        return keys.dated.get(dated)
    if own is not None and keys.labels.get(own) == label:
        return own  # our own export: same id, same name
    if kind == "actor":
        return keys.name.get(label)
    return keys.url.get(_url_key(rec.get("url"))) or keys.name.get(label)


def holds_records(lib: Library) -> bool:
    """Whether the library has any event, actor or source a file's records could match."""
    with lib.read() as conn:
        for kind in _KINDS:
            table = TABLES[kind]
            if conn.execute(sa.select(table.c.id).limit(1)).first() is not None:
                return True
    return False


def _section(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name)
    return value if isinstance(value, list) else []


def find_existing(lib: Library, data: dict[str, Any]) -> Existing:
    """Which records of `data` (our record shape, lists) the library holds already."""
    found = Existing()
    with lib.read() as conn:
        for section, kind in _SECTION_KINDS.items():
            keys = _index(conn, kind)
            for rec in _section(data, section):
                if isinstance(rec, dict) and rec.get("id") is not None:
                    library_id = _match(kind, rec, keys)
                    if library_id is not None:
                        found.ids[kind].setdefault(rec["id"], library_id)
        for position, rec in enumerate(_section(data, "relations")):
            if _relation_exists(conn, found, rec):
                found.relations.add(position)
    return found


def _relation_exists(conn: Connection, found: Existing, rec: Any) -> bool:
    if not isinstance(rec, dict):
        return False
    ends = []
    for side in ("from", "to"):
        end = rec.get(side)
        if not isinstance(end, dict) or end.get("kind") not in ("actor", "event"):
            return False
        library_id = found.ids[end["kind"]].get(_hashable(end.get("id")))
        if library_id is None:
            return False
        ends.append((side, end["kind"], library_id))
    table = TABLES["relation"]
    where = [table.c.type == rec.get("type")]
    for side, kind, library_id in ends:
        where.append(table.c[f"{side}_{kind}_id"] == library_id)
    return conn.execute(sa.select(table.c.id).where(*where).limit(1)).first() is not None


def _hashable(value: Any) -> Any:
    return value if isinstance(value, (int, str)) else None


def keep_existing(data: dict[str, Any], found: Existing) -> dict[str, Any]:
    """`data` with every matched record standing for (and updating) the library's one, and the
    relations the library already has left out."""
    out = dict(data)
    for section, kind in _SECTION_KINDS.items():
        marked = []
        for rec in _section(data, section):
            library_id = found.ids[kind].get(rec.get("id")) if isinstance(rec, dict) else None
            if library_id is not None:
                rec = rec | {"_library_id": library_id, "_update": True}
            marked.append(rec)
        out[section] = marked
    out["relations"] = [
        rec for i, rec in enumerate(_section(data, "relations")) if i not in found.relations
    ]
    return out


def as_new(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the records' UUIDs left out, so that every record is added as a new one.

    The loader updates a record whose UUID the library holds; a user who chose "add as new"
    gets copies with identities of their own instead."""
    out = dict(data)
    for section in (*_SECTION_KINDS, "relations"):
        out[section] = [
            {k: v for k, v in rec.items() if k != "uuid"} if isinstance(rec, dict) else rec
            for rec in _section(data, section)
        ]
    return out


# -- used by the loader, inside the import's transaction ------------------------------------
def update_existing(
    conn: Connection,
    kind: str,
    rec: dict[str, Any],
    ref: Callable[[str, Any], int],
    changed: list[tuple[str, dict[str, Any], dict[str, Any]]],
) -> dict[str, Any]:
    """Update the library's record `rec["_library_id"]` with the file's fields (noting the row
    before and after in `changed`); return its tags, actors and citations that the record does
    not have yet (`ref` maps the file's ids to the library's)."""
    table, library_id = TABLES[kind], rec["_library_id"]
    fields = {k: v for k, v in rec.items() if k not in _NOT_FIELDS and not k.startswith("_")}
    before = dict(conn.execute(sa.select(table).where(table.c.id == library_id)).one()._mapping)
    values = {k: v for k, v in column_values(kind, fields).items() if before.get(k) != v}
    if values:
        conn.execute(sa.update(table).where(table.c.id == library_id).values(**values))
        after = dict(conn.execute(sa.select(table).where(table.c.id == library_id)).one()._mapping)
        changed.append((kind, before, after))
    missing: dict[str, Any] = {"tags": _new_tags(conn, kind, library_id, rec.get("tags"))}
    if kind == "event":
        missing["actors"] = _new_participants(conn, library_id, rec.get("actors"), ref)
        missing["citations"] = _new_citations(conn, library_id, rec.get("citations"), ref)
    return missing


def _new_tags(conn: Connection, kind: str, library_id: int, wanted: Any) -> Any:
    if not isinstance(wanted, list):
        return wanted  # the loader refuses it with its usual message
    tag, tagging = TABLES["tag"], TABLES["tagging"]
    stmt = (
        sa.select(tag.c.name)
        .join(tagging, tagging.c.tag_id == tag.c.id)
        .where(tagging.c[f"{kind}_id"] == library_id)
    )
    have = {row[0] for row in conn.execute(stmt)}
    return [name for name in wanted if name not in have]


def _new_participants(
    conn: Connection, event_id: int, wanted: Any, ref: Callable[[str, Any], int]
) -> Any:
    if not isinstance(wanted, list):
        return wanted
    table = TABLES["participation"]
    stmt = sa.select(table.c.actor_id, table.c.role).where(table.c.event_id == event_id)
    have = {(a, r) for a, r in conn.execute(stmt)}
    out = []
    for part in wanted:
        if isinstance(part, dict):
            role = column_values("participation", {"role": part.get("role", "")})["role"]
            if (ref("actor", part.get("actor")), role) in have:
                continue
        out.append(part)
    return out


def _new_citations(
    conn: Connection, event_id: int, wanted: Any, ref: Callable[[str, Any], int]
) -> Any:
    if not isinstance(wanted, list):
        return wanted
    table = TABLES["citation"]
    stmt = sa.select(table.c.source_id, table.c.locator, table.c.quote).where(
        table.c.event_id == event_id
    )
    have = {(s, loc or "", quote or "") for s, loc, quote in conn.execute(stmt)}
    out = []
    for cit in wanted:
        if isinstance(cit, dict):
            values = column_values("citation", {k: v for k, v in cit.items() if k != "source"})
            source = ref("source", cit.get("source"))
            key = (source, values.get("locator") or "", values.get("quote") or "")
            if key in have:
                continue
        out.append(cit)
    return out


# -- undo and redo of the updates -------------------------------------------------------------
def rewrite_rows(lib: Library, rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Write whole rows back by id (undo: the rows before an import updated them; redo: after)."""
    with lib.write() as conn:
        for kind, row in rows:
            table = TABLES[kind]
            values = {k: v for k, v in row.items() if k != "id"}
            conn.execute(sa.update(table).where(table.c.id == row["id"]).values(**values))
