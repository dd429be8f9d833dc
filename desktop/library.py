"""The only Qt object that talks to `db/`: it owns the open library and announces every change.

Widgets read through `queries` (plain rows) and write only through undo commands, which call
the write methods here; after each commit `changed` fires so models and panels refresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from db import queries, store
from db.change_watch import ExternalChanges
from db.engine import Library, backup_copy, create_library, open_library
from db.errors import LibraryFileError
from db.exchange.existing import rewrite_rows
from db.exchange.resync_undo import redo_update, undo_update
from db.exchange.undo import remove_imported
from db.store import Snapshot
from db.store import settings as store_settings
from db.store.positions import NodeKey
from db.team_watch import TeamChanges

# Kinds carried by `changed`: which tables a change touched.
EVENT, ACTOR, SOURCE, LINK, TAG = "event", "actor", "source", "link", "tag"
ALL_KINDS = frozenset({EVENT, ACTOR, SOURCE, LINK, TAG})
_KINDS_OF = {
    "event": {EVENT, LINK},
    "actor": {ACTOR, LINK},
    "source": {SOURCE, LINK},
    "participation": {LINK},
    "citation": {LINK},
    "relation": {LINK},
    "tag": {TAG, LINK},
    "tagging": {TAG, LINK},  # delete snapshots list taggings
    "external_ref": {LINK},
    "event_place": {EVENT},
    "source_derivation": {SOURCE, LINK},
}
_EVENT_KINDS = frozenset({EVENT, LINK, TAG})


def events_in(snapshot: Snapshot) -> set[int]:
    """Events a delete or restore of `snapshot` added, removed or re-linked."""
    touched = {row["id"] for row in snapshot.rows.get("event", [])}
    for table in ("participation", "tagging"):
        touched.update(r["event_id"] for r in snapshot.rows.get(table, []) if r.get("event_id"))
    return touched


def _events_of(kind: str, entity_id: int, *values: dict[str, Any]) -> set[int] | None:
    """Events a create or update of one `kind` row touched: the event itself, or the
    event(s) a link row points at (None when the values do not say which)."""
    if kind == EVENT:
        return {entity_id}
    if kind in ("participation", "tagging"):
        return {v["event_id"] for v in values if v.get("event_id") is not None} or None
    return set()


class LibraryController(QObject):
    """Holds the open `db.engine.Library` and emits `changed(kinds)` after every commit."""

    opened = Signal(object)  # Library
    closing = Signal()
    changed = Signal(frozenset)  # kinds touched, e.g. frozenset({"event", "link"})
    # Just before `changed`: the ids of the events whose keys or lanes a write touched, or
    # None when unknown (imports, other processes), for views that keep per-event data.
    events_changed = Signal(object)
    failed = Signal(str, str)  # title, message: an undo/redo the file refused

    # How often to look for commits made by another window or process.
    WATCH_INTERVAL_MS = 2000
    TEAM_WATCH_INTERVAL_MS = 250  # other analysts' changes show within a second

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lib: Library | None = None
        self._external: ExternalChanges | TeamChanges | None = None
        self._watch_timer = QTimer(self, interval=self.WATCH_INTERVAL_MS)
        self._watch_timer.timeout.connect(self._look_for_external_changes)

    # -- the file -----------------------------------------------------------------------
    @property
    def lib(self) -> Library:
        if self._lib is None:
            raise RuntimeError("no library is open")
        return self._lib

    @property
    def is_open(self) -> bool:
        return self._lib is not None

    @property
    def path(self) -> Path | None:
        return self._lib.path if self._lib else None

    @property
    def read_only(self) -> bool:
        return bool(self._lib and self._lib.read_only)

    def open(
        self,
        path: Path | str,
        *,
        create: bool = False,
        read_only: bool = False,
        ignore_lock: bool = False,
    ) -> Library:
        """Open (or create) a library file, closing the current one first.

        Takes the file's editing lock (LibraryLockedError if another session holds it) unless
        `ignore_lock` — the user's "open anyway".
        """
        if self._lib is not None and Path(path).expanduser().resolve() == self._lib.path:
            self.close()  # reopening the same file: our own lock must not refuse us
        lock = not ignore_lock
        if create:
            lib = create_library(path, lock=lock)
        else:
            lib = open_library(path, read_only=read_only, lock=lock)
        self.close()
        self._lib = lib
        self._start_watching(lib)
        self.opened.emit(lib)
        self.events_changed.emit(None)
        self.changed.emit(ALL_KINDS)
        return lib

    def close(self) -> None:
        if self._lib is not None:
            self.closing.emit()
            self._stop_watching()
            self._lib.close()
            self._lib = None

    def notify(self, kinds: frozenset[str] | set[str], events: Iterable[int] | None = None) -> None:
        """Tell every view that data of `kinds` changed (after imports and other bulk work);
        `events` names the events touched when the caller knows them."""
        if self._external is not None:
            self._external.mark_seen()
        if kinds & _EVENT_KINDS:
            self.events_changed.emit(None if events is None else frozenset(events))
        self.changed.emit(frozenset(kinds))

    # -- another window or process writing the same file ---------------------------------
    def _start_watching(self, lib: Library) -> None:
        if lib.is_team:  # the server tells us (LISTEN/NOTIFY); look often, it costs nothing
            self._external = TeamChanges(lib)
            self._watch_timer.start(self.TEAM_WATCH_INTERVAL_MS)
            return
        try:
            self._external = ExternalChanges(lib.path)
        except sqlite3.Error:
            self._external = None  # e.g. an immutable read-only open: nobody else writes
            return
        self._watch_timer.start(self.WATCH_INTERVAL_MS)

    def _stop_watching(self) -> None:
        self._watch_timer.stop()
        if self._external is not None:
            self._external.close()
            self._external = None

    def _look_for_external_changes(self) -> None:
        try:
            moved = self._external is not None and self._external.changed()
        except sqlite3.Error:
            return  # the file is busy this instant; look again next tick
        if moved:
            self.events_changed.emit(None)
            self.changed.emit(ALL_KINDS)

    # -- writes (called by undo commands) -------------------------------------------------
    def create(self, kind: str, /, **fields: Any) -> int:
        new_id = store.create(self.lib, kind, **fields)
        self.notify(_KINDS_OF[kind], _events_of(kind, new_id, fields))
        return new_id

    def update(self, kind: str, entity_id: int, /, **fields: Any) -> dict[str, Any]:
        return self.update_versioned(kind, entity_id, fields)[0]

    def update_versioned(
        self, kind: str, entity_id: int, fields: dict[str, Any], **check: int | None
    ) -> tuple[dict[str, Any], int | None]:
        """store.update_versioned (row versions, db/store/versions.py): (before, version)."""
        before, version = store.update_versioned(self.lib, kind, entity_id, fields, **check)
        self.notify(_KINDS_OF[kind], _events_of(kind, entity_id, before, fields))
        return before, version

    def delete(self, kind: str, entity_id: int, *, undoing: int | None = None) -> Snapshot:
        snapshot = store.delete(self.lib, kind, entity_id, undoing=undoing)
        kinds = _KINDS_OF[kind] | set().union(*(_KINDS_OF[t] for t in snapshot.rows))
        self.notify(kinds, events_in(snapshot))
        return snapshot

    def delete_many(self, kind: str, ids: list[int]) -> Snapshot:
        snapshot = store.delete_many(self.lib, kind, ids)
        self.notify(_KINDS_OF[kind] | {LINK}, events_in(snapshot))
        return snapshot

    def restore(self, snapshot: Snapshot) -> None:
        store.restore(self.lib, snapshot)
        kinds = set().union(*(_KINDS_OF[t] for t in snapshot.rows))
        self.notify(kinds or ALL_KINDS, events_in(snapshot) if kinds else None)

    def add_participation(self, event_id: int, actor_id: int, role: str = "") -> int:
        new_id = store.add_participation(self.lib, event_id, actor_id, role)
        self.notify({LINK}, {event_id})
        return new_id

    def add_citation(self, source_id: int, **fields: Any) -> int:
        new_id = store.add_citation(self.lib, source_id, **fields)
        self.notify({LINK}, ())
        return new_id

    def set_setting(self, key: str, value: str) -> str | None:
        """Store a library setting (validated by `check`); return its previous value."""
        before = store_settings.set_setting(self.lib, key, value)
        self.notify(ALL_KINDS)  # what is flagged or shown may change anywhere
        return before

    def add_derivation(self, source_id: int, derived_from_id: int) -> int:
        new_id = store.add_derivation(self.lib, source_id, derived_from_id)
        self.notify({SOURCE, LINK}, ())
        return new_id

    def add_relation(self, source: tuple[str, int], target: tuple[str, int], **fields: Any) -> int:
        new_id = store.add_relation(self.lib, source, target, **fields)
        self.notify({LINK}, ())
        return new_id

    def set_tags(self, kind: str, entity_id: int, names: list[str]) -> list[str]:
        before = store.set_tags(self.lib, kind, entity_id, names)
        self.notify({TAG, LINK, kind}, [entity_id] if kind == EVENT else ())
        return before

    # -- imports, undone and redone (an import itself runs as a job, then notifies) ------------
    def undo_import(
        self, id_ranges: dict[str, tuple[int, int]], rows_before: list[tuple[str, dict[str, Any]]]
    ) -> Snapshot:
        """Put back the rows an import updated and take out the rows it added (by id range);
        the snapshot returned lets `redo_import` add the very same rows again."""
        rewrite_rows(self.lib, rows_before)
        added = remove_imported(self.lib, id_ranges)
        self.notify(ALL_KINDS)
        return added

    def redo_import(self, added: Snapshot, rows_after: list[tuple[str, dict[str, Any]]]) -> None:
        store.restore(self.lib, added)
        rewrite_rows(self.lib, rows_after)
        self.notify(ALL_KINDS)

    def undo_update_import(
        self, id_ranges: dict[str, tuple[int, int]], before: Snapshot, after: Snapshot
    ) -> Snapshot:
        """Take back a data set's update import (added rows out, changed ones as they were)."""
        added = undo_update(self.lib, id_ranges, before, after)
        self.notify(ALL_KINDS)
        return added

    def redo_update_import(self, added: Snapshot, before: Snapshot, after: Snapshot) -> None:
        redo_update(self.lib, added, before, after)
        self.notify(ALL_KINDS)

    def save_positions(self, layout: str, positions: Mapping[NodeKey, tuple[float, float]]) -> int:
        """Keep graph node positions in the file. They are view state, like a dock's place:
        no `changed` signal and no undo step."""
        return store.save_positions(self.lib, layout, positions)

    # -- reads --------------------------------------------------------------------------
    def get(self, kind: str, entity_id: int) -> dict[str, Any]:
        return store.get(self.lib, kind, entity_id)

    def counts(self) -> dict[str, int]:
        return queries.entity_counts(self.lib)

    def dependents(self, kind: str, entity_id: int) -> dict[str, int]:
        """What a delete of this record takes with it, e.g. {'participation': 3}."""
        return store.dependents(self.lib, kind, entity_id)

    def all_tags(self) -> list[tuple[int, str, str | None]]:
        return queries.all_tags(self.lib)

    def tagging_ids(self, kind: str, entity_id: int) -> list[int]:
        return queries.tagging_ids(self.lib, kind, entity_id)

    def save_copy(self, destination: Path | str) -> Path:
        """Write a consistent copy of the open library to `destination` (it stays open here)."""
        destination = Path(destination)
        if destination.resolve() == self.lib.path.resolve():
            raise LibraryFileError("Choose another file name: that is the library itself.")
        return backup_copy(self.lib.path, destination)
