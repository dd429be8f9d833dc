"""The library as plain records (the shape of our JSON format), read out and written back.

Every importer turns its input into these records and calls `load_records`, so validation,
id mapping and the all-or-nothing transaction live in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.engine import Library
from db.errors import ChronicleError, DataImportError, ValidationError
from db.progress import Progress, no_progress
from db.store.entities import now_stamp
from db.store.fields import column_values, user_fields
from db.store.links import reaches
from db.store.snapshots import TABLES

FORMAT_NAME = "chronicle"
FORMAT_VERSION = 1
SECTIONS = ("tags", "actors", "sources", "events", "relations")
_LINK_FIELDS = {"id", "tags", "actors", "citations", "copy_of", "from", "to", "_where"}


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = [f"{n} {name}" for name, n in self.counts.items() if n]
        return "Imported " + (", ".join(parts) if parts else "nothing") + "."


# ---------------------------------------------------------------- reading the library out


def _tags_by(conn: Connection, kind: str) -> dict[int, list[str]]:
    tag, tagging = TABLES["tag"], TABLES["tagging"]
    column = tagging.c[f"{kind}_id"]
    stmt = (
        sa.select(column, tag.c.name)
        .join(tag, tag.c.id == tagging.c.tag_id)
        .where(column.is_not(None))
        .order_by(column, tag.c.name)
    )
    result: dict[int, list[str]] = {}
    for entity_id, name in conn.execute(stmt):
        result.setdefault(entity_id, []).append(name)
    return result


def _citations_by(conn: Connection, column: str) -> dict[int, list[dict[str, Any]]]:
    cit = TABLES["citation"]
    stmt = sa.select(cit).where(cit.c[column].is_not(None)).order_by(cit.c.id)
    result: dict[int, list[dict[str, Any]]] = {}
    for row in conn.execute(stmt):
        result.setdefault(row._mapping[column], []).append(
            {
                "source": row.source_id,
                "locator": row.locator,
                "quote": row.quote,
                "credibility": row.credibility,
            }
        )
    return result


def _rows(conn: Connection, kind: str) -> Iterator[dict[str, Any]]:
    table = TABLES[kind]
    for row in conn.execute(sa.select(table).order_by(table.c.id)):
        yield dict(row._mapping)


def _end(row: dict[str, Any], side: str) -> dict[str, Any]:
    if row[f"{side}_actor_id"] is not None:
        return {"kind": "actor", "id": row[f"{side}_actor_id"]}
    return {"kind": "event", "id": row[f"{side}_event_id"]}


def export_records(lib: Library) -> dict[str, Any]:
    """The whole library as one JSON-ready dict (our exchange format)."""
    with lib.read() as conn:
        tags = {
            "actor": _tags_by(conn, "actor"),
            "source": _tags_by(conn, "source"),
            "event": _tags_by(conn, "event"),
        }
        part = TABLES["participation"]
        parts: dict[int, list[dict[str, Any]]] = {}
        for row in conn.execute(sa.select(part).order_by(part.c.id)):
            parts.setdefault(row.event_id, []).append({"actor": row.actor_id, "role": row.role})
        event_cits, rel_cits = _citations_by(conn, "event_id"), _citations_by(conn, "relation_id")
        data: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
        data["tags"] = [{"name": r["name"], "color": r["color"]} for r in _rows(conn, "tag")]
        data["actors"] = [
            {"id": r["id"], **user_fields(r), "tags": tags["actor"].get(r["id"], [])}
            for r in _rows(conn, "actor")
        ]
        data["sources"] = [
            {"id": r["id"], **user_fields(r), "tags": tags["source"].get(r["id"], [])}
            for r in _rows(conn, "source")
        ]
        data["events"] = [
            {
                "id": r["id"],
                **user_fields(r),
                "tags": tags["event"].get(r["id"], []),
                "actors": parts.get(r["id"], []),
                "citations": event_cits.get(r["id"], []),
            }
            for r in _rows(conn, "event")
        ]
        data["relations"] = [
            {
                "id": r["id"],
                "from": _end(r, "from"),
                "to": _end(r, "to"),
                **user_fields(r),
                "citations": rel_cits.get(r["id"], []),
            }
            for r in _rows(conn, "relation")
        ]
    return data


# ---------------------------------------------------------------- writing records back


class _Loader:
    """One import: maps the file's ids to the library's and inserts in dependency order."""

    def __init__(self, conn: Connection, keep_ids: bool):
        self.conn = conn
        self.keep_ids = keep_ids
        self.ids: dict[str, dict[Any, int]] = {
            k: {} for k in ("actor", "source", "event", "relation")
        }
        self.tag_ids: dict[str, int] = {
            name: tag_id
            for tag_id, name in conn.execute(sa.select(TABLES["tag"].c.id, TABLES["tag"].c.name))
        }
        self.stamp = now_stamp()

    def insert(self, kind: str, values: dict[str, Any], file_id: Any = None) -> int:
        if kind in ("actor", "source", "event"):
            values.setdefault("created_at", self.stamp)
            values.setdefault("modified_at", self.stamp)
        if self.keep_ids and isinstance(file_id, int) and kind in self.ids:
            values["id"] = file_id
        new_id = self.conn.execute(sa.insert(TABLES[kind]).values(**values)).inserted_primary_key[0]
        if file_id is not None and kind in self.ids:
            if file_id in self.ids[kind]:
                raise ValidationError(f"the id {file_id!r} is used twice among the {kind}s.")
            self.ids[kind][file_id] = new_id
        return new_id

    def ref(self, kind: str, file_id: Any) -> int:
        try:
            return self.ids[kind][file_id]
        except (KeyError, TypeError):
            raise ValidationError(
                f"it refers to {kind} {file_id!r}, which is not in the file."
            ) from None

    def tag(self, name: Any, color: Any = None) -> int:
        values = column_values("tag", {"name": name} | ({"color": color} if color else {}))
        if values["name"] not in self.tag_ids:
            self.tag_ids[values["name"]] = self.insert("tag", values)
        return self.tag_ids[values["name"]]

    def tag_entity(self, kind: str, entity_id: int, names: Any) -> None:
        for name in dict.fromkeys(_as_list(names, "tags")):
            self.insert("tagging", {"tag_id": self.tag(name), f"{kind}_id": entity_id})

    def cite(self, target: str, target_id: int, citations: Any) -> None:
        for cit in _as_list(citations, "citations"):
            if not isinstance(cit, dict):
                raise ValidationError("each citation must be an object with a 'source'.")
            fields = {k: v for k, v in cit.items() if k != "source"}
            values = column_values("citation", fields)
            values.update(
                source_id=self.ref("source", cit.get("source")), **{f"{target}_id": target_id}
            )
            self.insert("citation", values)


def _as_list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"{what} must be a list.")
    return value


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in _LINK_FIELDS}


def _load_entity(loader: _Loader, kind: str, rec: dict[str, Any]) -> None:
    values = column_values(kind, _fields(rec))
    if kind == "event" and "kind" not in rec:
        values["kind"] = "span" if "/" in values["when_edtf"] else "point"
    new_id = loader.insert(kind, values, rec.get("id"))
    loader.tag_entity(kind, new_id, rec.get("tags"))
    if kind == "event":
        for part in _as_list(rec.get("actors"), "actors"):
            if not isinstance(part, dict):
                raise ValidationError("each actor of an event must be an object with an 'actor'.")
            values = column_values("participation", {"role": part.get("role", "")})
            values.update(event_id=new_id, actor_id=loader.ref("actor", part.get("actor")))
            loader.insert("participation", values)
        loader.cite("event", new_id, rec.get("citations"))


def _load_relation(loader: _Loader, rec: dict[str, Any]) -> None:
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
    if values["type"] in ("part of", "member of") and reaches(
        loader.conn, values["type"], ends["to"], ends["from"]
    ):
        raise ValidationError(f"it would make a loop of {values['type']!r} relations.")
    for side, (kind, entity_id) in ends.items():
        values[f"{side}_actor_id"] = entity_id if kind == "actor" else None
        values[f"{side}_event_id"] = entity_id if kind == "event" else None
    new_id = loader.insert("relation", values, rec.get("id"))
    loader.cite("relation", new_id, rec.get("citations"))


def _where(section: str, index: int, rec: Any) -> str:
    if isinstance(rec, dict) and rec.get("_where"):
        return rec["_where"]
    label = f"{section}[{index}]"
    if isinstance(rec, dict) and rec.get("id") is not None:
        label += f" (id {rec['id']})"
    return label


def _is_empty(conn: Connection) -> bool:
    return all(
        conn.execute(sa.select(sa.func.count()).select_from(TABLES[k])).scalar_one() == 0
        for k in ("actor", "source", "event", "relation")
    )


def load_records(
    lib: Library, data: dict[str, Any], *, origin: str, progress: Progress = no_progress
) -> ImportReport:
    """Write `data` (our record shape) into `lib` in one transaction: all of it, or nothing."""
    sections = {name: _as_list(data.get(name), name) for name in SECTIONS}
    total = sum(len(v) for v in sections.values())
    done = 0
    report = ImportReport()
    with lib.write() as conn:
        loader = _Loader(conn, keep_ids=_is_empty(conn))
        for name, records in sections.items():
            for index, rec in enumerate(records):
                try:
                    if not isinstance(rec, dict):
                        raise ValidationError("expected an object.")
                    if name == "tags":
                        loader.tag(rec.get("name"), rec.get("color"))
                    elif name == "relations":
                        _load_relation(loader, rec)
                    else:
                        _load_entity(loader, name[:-1], rec)
                except ChronicleError as err:
                    where = _where(name, index, rec)
                    raise DataImportError(
                        f"{origin}, {where}: {err} Nothing was imported."
                    ) from err
                except sa.exc.IntegrityError as err:
                    where = _where(name, index, rec)
                    raise DataImportError(
                        f"{origin}, {where}: conflicts with another record ({err.orig}). "
                        "Nothing was imported."
                    ) from err
                done += 1
                if done % 500 == 0:
                    progress(done, total)
            report.counts[name] = len(records)
        for rec in sections["sources"]:
            if rec.get("copy_of") is not None:
                src = TABLES["source"]
                conn.execute(
                    sa.update(src)
                    .where(src.c.id == loader.ref("source", rec.get("id")))
                    .values(copy_of_id=loader.ref("source", rec["copy_of"]))
                )
        progress(total, total)
    return report
