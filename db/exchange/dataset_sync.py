"""Importing a published dataset, and importing it again: rows matched by their dataset id.

A format reader (ACLED, Wikidata, GDELT, iCalendar) streams event records through a
`DatasetSink`. For each row it first asks `sink.wants(key, digest)`: a row whose id the library
already holds with the same fingerprint is skipped unread; a new id is added; a known id with
another fingerprint replaces that event in place (same id, so relations to it survive; its
actors, sources and tags become the file's). Ids the library holds but the file lacks are
reported as missing for the user to delete or keep. Everything runs in one transaction through
the one loader (`db.exchange.imports.import_dataset`): all of it, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from db.errors import ValidationError
from db.exchange.records import ImportReport
from db.store.snapshots import TABLES, Snapshot

Reader = Callable[["DatasetSink"], Iterator[dict[str, Any]]]
_LINKS_REPLACED = ("participation", "citation", "tagging", "external_ref", "event_place")
_BATCH = 500  # changed events cleared out at once


def _add_rows(into: dict[str, list[dict[str, Any]]], rows: dict[str, list[dict[str, Any]]]) -> None:
    for name, found in rows.items():
        into.setdefault(name, []).extend(found)


@dataclass
class SyncReport(ImportReport):
    """What an import of a dataset did, row by row, and what undoing it needs."""

    dataset: str = ""
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: list[int] = field(default_factory=list)  # event ids the new file no longer has
    before: Snapshot = field(default_factory=Snapshot)  # changed events as they were
    after: Snapshot = field(default_factory=Snapshot)  # ... and as the import left them
    notes: list[str] = field(default_factory=list)  # rounding and other things worth saying

    def summary(self) -> str:
        return (
            f"{self.added:,} added, {self.changed:,} changed, {self.unchanged:,} unchanged, "
            f"{len(self.missing):,} missing from the new file."
        )


class DatasetSink:
    """Where a reader sends actors, sources and events of one dataset import."""

    def __init__(self, conn: Connection, dataset: str):
        self.conn, self.dataset = conn, dataset
        self.tags: list[dict[str, Any]] = []
        self.actors: list[dict[str, Any]] = []
        self.sources: list[dict[str, Any]] = []
        self.added = self.changed = self.unchanged = 0
        self.notes: list[str] = []
        # Rows by table, built into Snapshots at the end: each changed event's rows are its own,
        # so no duplicate check is needed (Snapshot.add's costs a set per call).
        self._before: dict[str, list[dict[str, Any]]] = {}
        self._replaced: list[int] = []
        ref = TABLES["external_ref"]
        rows = conn.execute(
            sa.select(ref.c.key, ref.c.event_id, ref.c.digest, ref.c.actor_id).where(
                ref.c.dataset == dataset
            )
        )
        self._events: dict[str, tuple[int, str | None]] = {}
        self._actor_refs: dict[str, int] = {}
        for key, event_id, digest, actor_id in rows:
            if event_id is not None:
                self._events[key] = (event_id, digest)
            elif actor_id is not None:
                self._actor_refs[key] = actor_id
        self._seen: set[str] = set()  # known ids met in the file (new ids: the unique index)
        self._names: dict[tuple[str, str], str] = {}  # (kind, name or key) -> file id
        self._library: dict[str, dict[str, int]] = {}

    # -- rows -------------------------------------------------------------------------------
    def wants(self, key: str, digest: str | None) -> bool:
        """Whether the row with dataset id `key` must be read (it is new or it changed)."""
        known = self._events.get(key)
        if known is None:
            self.added += 1
            return True
        if key in self._seen:
            raise ValidationError(f"the {self.dataset} id {key!r} appears twice in the file.")
        self._seen.add(key)
        if digest is not None and known[1] == digest:
            self.unchanged += 1
            return False
        self.changed += 1
        return True

    def event(self, rec: dict[str, Any]) -> dict[str, Any]:
        """`rec` ready for the loader: a changed row is set to replace its event in place."""
        known = self._events.get(rec["_external"]["key"])
        if known is not None:
            rec["_replace_id"] = known[0]
        return rec

    def batched(self, records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """`records`, with changed ones held back and cleared out in batches.

        A changed event's links leave before its new version's links are queued (they may
        repeat the same actor and role, tag or dataset id, which the unique constraints refuse
        twice); doing that for many events at once costs a dozen statements, not a dozen each.
        """
        held: list[dict[str, Any]] = []
        for rec in records:
            if rec.get("_replace_id") is None:
                yield rec
                continue
            held.append(rec)
            if len(held) >= _BATCH:
                yield from self._cleared(held)
                held = []
        yield from self._cleared(held)

    def _cleared(self, held: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not held:
            # Nothing to clear (a first import): the deletes below, with an empty list, read
            # the whole of each link table (its event_id index is dropped during a big import;
            # 1.5 s at 1,000,000 ACLED rows).
            return held
        ids = [rec["_replace_id"] for rec in held]
        _add_rows(self._before, self._rows_of(ids))
        for name in _LINKS_REPLACED:
            table = TABLES[name]
            self.conn.execute(sa.delete(table).where(table.c.event_id.in_(ids)))
        self._replaced.extend(ids)
        return held

    def _rows_of(self, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
        """The rows of events `ids` and of their replaced links, by table."""
        rows: dict[str, list[dict[str, Any]]] = {}
        for start in range(0, len(ids), _BATCH):
            chunk = ids[start : start + _BATCH]
            event = TABLES["event"]
            found = self.conn.execute(sa.select(event).where(event.c.id.in_(chunk)))
            rows.setdefault("event", []).extend(dict(r._mapping) for r in found)
            for name in _LINKS_REPLACED:
                table = TABLES[name]
                found = self.conn.execute(sa.select(table).where(table.c.event_id.in_(chunk)))
                rows.setdefault(name, []).extend(dict(r._mapping) for r in found)
        return rows

    def known_count(self) -> int:
        """How many events of this dataset the library holds."""
        return len(self._events)

    def missing(self) -> list[int]:
        """Event ids of this dataset that the file did not name."""
        return sorted(eid for key, (eid, _d) in self._events.items() if key not in self._seen)

    # -- actors, sources, tags --------------------------------------------------------------
    def actor(self, name: str, *, key: str | None = None, **fields: Any) -> str:
        """The file id of the actor `name` (or dataset id `key`), made on first mention."""
        if key is not None and key in self._actor_refs:
            return self._linked("actor", key, self._actor_refs[key])
        found = self._names.get(("actor", key or name))
        if found is not None:
            return found
        library_id = self._in_library("actor", name) if key is None else None
        if library_id is not None:
            return self._linked("actor", name, library_id)
        file_id = f"actor-{len(self.actors)}"
        rec = {"id": file_id, "name": name, **fields}
        if key is not None:
            rec["_external"] = {"dataset": self.dataset, "key": key}
        self.actors.append(rec)
        self._names["actor", key or name] = file_id
        return file_id

    def source(self, title: str, **fields: Any) -> str:
        """The file id of the source `title`, made on first mention (or the library's)."""
        found = self._names.get(("source", title))
        if found is not None:
            return found
        library_id = self._in_library("source", title)
        if library_id is not None:
            return self._linked("source", title, library_id)
        file_id = f"source-{len(self.sources)}"
        self.sources.append({"id": file_id, "title": title, **fields})
        self._names["source", title] = file_id
        return file_id

    def tag(self, name: str, color: str | None) -> None:
        """Declare a tag with its colour (before events use it)."""
        self.tags.append({"name": name, "color": color})

    def _linked(self, kind: str, label: str, library_id: int) -> str:
        file_id = f"{kind}-{len(getattr(self, kind + 's'))}"
        getattr(self, kind + "s").append({"id": file_id, "_library_id": library_id})
        self._names[kind, label] = file_id
        return file_id

    def _in_library(self, kind: str, label: str) -> int | None:
        if kind not in self._library:
            table = TABLES[kind]
            column = table.c.name if kind == "actor" else table.c.title
            by_label: dict[str, int] = {}
            for entity_id, text in self.conn.execute(
                sa.select(table.c.id, column).order_by(table.c.id.desc())
            ):
                by_label[text] = entity_id  # the oldest wins
            self._library[kind] = by_label
        return self._library[kind].get(label)

    # -- the end ----------------------------------------------------------------------------
    def report(self, base: ImportReport) -> SyncReport:
        after = self._rows_of(self._replaced)
        return SyncReport(
            counts=base.counts,
            id_ranges=base.id_ranges,
            dataset=self.dataset,
            added=self.added,
            changed=self.changed,
            unchanged=self.unchanged,
            missing=self.missing(),
            before=Snapshot(rows=self._before),
            after=Snapshot(rows=after),
            notes=self.notes,
        )
