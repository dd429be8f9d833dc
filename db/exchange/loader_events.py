"""The hot path of a big import: a new event record into its rows, with little Python per record.

An events file repeats most of what each record holds: the date text, the category, the tags,
the roles, the cited sources with their locators, the place. Each distinct value is checked
once (with the same checks, `db.store.fields.column_values`) and the columns it gives are kept;
what is unique to a record (title, summary, UUID, external id) is checked every time. Link rows
are queued as tuples (`Loader.queue_tuples`), not one dict and three calls each: a first ACLED
import queues about seven links per event (docs/import-speed.md has the measurements).

Records this path does not handle as they are (an unknown field, an odd shape, a UUID the
library may hold, a record replacing or naming one in the library, any refused value) go the
general way (`loader_rows.load_entity`), which checks everything in its documented order and
words the error; nothing is queued here before the whole record has been checked.
"""

from __future__ import annotations

from typing import Any

from db.errors import DateError, ValidationError
from db.exchange.external import external_values, place_values
from db.exchange.loader_rows import Loader
from db.store.fields import column_values
from db.validation import LONG_MAX, TITLE_MAX, clean_text

# Everything a record may hold for this path; anything else (marks such as "_library_id",
# "_replace_id", unknown fields) takes the general path.
_FIELDS = frozenset({"title", "summary", "when", "kind", "category", "color", "importance"})
_HANDLED = _FIELDS | {"uuid", "id", "tags", "actors", "citations", "_where", "_external"}
_HANDLED |= {"_place"}
_ABSENT = object()  # a field the record does not have (not the same as None)
_MAX_KEPT = 200_000  # distinct values remembered per kind before starting afresh
_TAGGING = ("tag_id", "event_id", "id")
_PARTICIPATION = ("role", "actor_id", "event_id", "id")
_EXTERNAL = ("dataset", "key", "event_id", "digest", "reported", "data", "id")
_PLACE = ("name", "country", "latitude", "longitude", "precision", "event_id", "id")


_Queue = tuple[list[tuple[Any, ...]], list[str]]  # rows of one table and columns, and wheres


class _IrregularError(Exception):
    """The record needs the general path (which checks it fully and words any error)."""


class EventChecks:
    """The checks of a new event record that need no library, each distinct value once.

    The loader runs them itself; a big import's reading process runs them too
    (db/exchange/read_ahead.py) and hands the loader what they gave (`checked`), leaving it
    only the ids to resolve. Raises `_IrregularError`, ValidationError or DateError for a
    record the general path must take.
    """

    def __init__(self) -> None:
        self.dates: dict[Any, dict[str, Any]] = {}  # date text -> its columns
        self.repeated: dict[tuple[Any, ...], dict[str, Any]] = {}  # category... -> columns
        self.roles: dict[Any, str] = {}
        self.citations: dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[Any, ...]]] = {}
        self.places: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def checked(self, rec: Any) -> Checked | None:
        """What `rec`'s checks give, or None for a record the loader checks fully (itself)."""
        if (
            type(rec) is not dict
            or not rec.keys() <= _HANDLED
            or "title" not in rec
            or "when" not in rec
            or ("id" in rec and isinstance(rec["id"], list | dict))
        ):
            return None
        try:
            return (
                self.event_values(rec),
                self.tag_names(rec.get("tags")),
                self.participants(rec.get("actors")),
                self.citation_values(rec.get("citations")),
                self.external(rec.get("_external")),
                self.place(rec.get("_place")),
            )
        except (_IrregularError, ValidationError, DateError):
            return None

    def event_values(self, rec: dict[str, Any]) -> dict[str, Any]:
        """The event's columns (a new UUID is drawn by the loader, not here)."""
        get = rec.get
        when = get("when")
        key: tuple[Any, ...] = (get("category", _ABSENT), get("kind", _ABSENT))
        key += (get("color", _ABSENT), get("importance", _ABSENT))
        try:
            dated, columns = self.dates.get(when), self.repeated.get(key)
        except TypeError:  # a list or dict among them: the general path refuses it
            raise _IrregularError from None
        values = {"title": clean_text(rec["title"], "Title", required=True, max_len=TITLE_MAX)}
        if "summary" in rec:
            values["summary"] = clean_text(rec["summary"], "Summary", max_len=LONG_MAX)
        if "uuid" in rec:
            values |= column_values("event", {"uuid": rec["uuid"]})
        if columns is None:
            fields = {name: rec[name] for name in rec if name in _FIELDS}
            for name in ("title", "summary", "when"):
                fields.pop(name, None)
            columns = column_values("event", fields)
            _keep(self.repeated, key, columns)
        if dated is None:
            dated = column_values("event", {"when": when})
            dated["kind"] = "span" if "/" in dated["when_edtf"] else "point"  # unless given
            _keep(self.dates, when, dated)
        values.update(dated)
        values.update(columns)
        return values

    @staticmethod
    def tag_names(names: Any) -> tuple[str, ...]:
        if not names:
            if names is None or names == []:
                return ()
            raise _IrregularError
        if type(names) is not list or not all(isinstance(name, str) for name in names):
            raise _IrregularError
        return tuple(names)

    def participants(self, parts: Any) -> list[tuple[str, Any]]:
        """(checked role, actor's file id) of each participant."""
        if not parts:
            if parts is None or parts == []:
                return []
            raise _IrregularError
        if type(parts) is not list:
            raise _IrregularError
        roles, result = self.roles, []
        try:
            for part in parts:
                role = roles.get(part.get("role", ""))
                if role is None:
                    role = column_values("participation", {"role": part.get("role", "")})["role"]
                    _keep(roles, part.get("role", ""), role)
                result.append((role, part["actor"]))
        except (AttributeError, KeyError, TypeError):
            raise _IrregularError from None  # not an object, or no actor
        return result

    def citation_values(self, citations: Any) -> list[tuple[tuple[str, ...], tuple[Any, ...], Any]]:
        """(columns, checked values, source's file id) of each citation."""
        if not citations:
            if citations is None or citations == []:
                return []
            raise _IrregularError
        if type(citations) is not list:
            raise _IrregularError
        result = []
        try:
            for cit in citations:
                key = tuple(item for item in cit.items() if item[0] != "source")
                known = self.citations.get(key)
                if known is None:
                    values = column_values("citation", dict(key))
                    known = ((*values, "source_id", "event_id", "id"), tuple(values.values()))
                    _keep(self.citations, key, known)
                result.append((*known, cit["source"]))
        except (AttributeError, KeyError, TypeError):
            raise _IrregularError from None
        return result

    @staticmethod
    def external(external: Any) -> tuple[Any, ...] | None:
        """(dataset, key, digest, reported, data) of the external id."""
        if external is None:
            return None
        try:
            values = external_values(external, "event_id", 0)
        except (AttributeError, KeyError, TypeError):
            raise _IrregularError from None
        return tuple(values[name] for name in _EXTERNAL if name not in ("event_id", "id"))

    def place(self, place: Any) -> tuple[Any, ...] | None:
        if place is None:
            return None
        try:
            key = tuple(place.items())
            known = self.places.get(key)
        except (AttributeError, TypeError):
            raise _IrregularError from None
        if known is None:
            values = place_values(place)
            known = tuple(values[name] for name in _PLACE[:5])
            _keep(self.places, key, known)
        return known


# What `EventChecks.checked` gives: event columns, tag names, (role, actor file id),
# (citation columns, values, source file id), external id, place.
Checked = tuple[
    dict[str, Any],
    tuple[str, ...],
    list[tuple[str, Any]],
    list[tuple[tuple[str, ...], tuple[Any, ...], Any]],
    tuple[Any, ...] | None,
    tuple[Any, ...] | None,
]


def _keep(kept: dict[Any, Any], key: Any, value: Any) -> None:
    if len(kept) >= _MAX_KEPT:
        kept.clear()
    kept[key] = value


class EventPath:
    """What the hot path has checked so far in one import, by the values that repeat."""

    def __init__(self, loader: Loader):
        self.loader = loader
        self.checks = EventChecks()
        self.tag_lists: dict[tuple[Any, ...], tuple[int, ...]] = {}  # names -> tag ids
        self.citation_queues: dict[tuple[str, ...], _Queue] = {}
        # The loader's queues of link rows (lists it empties in place when it writes them).
        self._tagging = loader.tuple_queue("tagging", _TAGGING)
        self._participation = loader.tuple_queue("participation", _PARTICIPATION)
        self._external = loader.tuple_queue("external_ref", _EXTERNAL)
        self._place_rows = loader.tuple_queue("event_place", _PLACE)

    def load(self, rec: dict[str, Any]) -> bool:
        """Queue the new event `rec` and its links; False if it needs the general path.

        A record may bring what its checks gave and a new UUID ("_checked", from the reading
        process: `EventChecks.checked`, `UuidBatch`)."""
        checked, fresh_uuid = rec.pop("_checked", None) or (None, None)
        loader = self.loader
        if (
            not rec.keys() <= _HANDLED
            or "title" not in rec
            or "when" not in rec
            or loader.by_uuid.matched  # links may already be in the library
            or ("uuid" in rec and loader.by_uuid.may_match("event"))
        ):
            return False
        try:
            if checked is None:
                checked = self.checks.checked(rec)
                if checked is None:
                    return False
            values, names, parts, cited, external, place = checked
            if "uuid" in rec:
                loader.given_uuid("event")  # (checked with the other columns)
            elif fresh_uuid is not None and not loader.by_uuid.may_match("event"):
                values["uuid"] = fresh_uuid  # (else the loader would look it up)
            links = (self._tag_ids(names), self._participants(parts), self._citations(cited))
        except (_IrregularError, ValidationError, DateError):
            return False  # the general path refuses it with its own words
        try:
            event_id = loader.insert("event", values, rec.get("id"))
        except ValidationError:
            return False  # its id is used twice: nothing was queued, the general path says so
        self._queue_links(event_id, *links, external, place)
        return True

    # -- ids -------------------------------------------------------------------------------
    def _tag_ids(self, names: tuple[str, ...]) -> tuple[int, ...]:
        if not names:
            return ()
        known = self.tag_lists.get(names)
        if known is None:
            # By id, not by text: " peace" and "peace" are one tag, and one tagging row.
            known = tuple(dict.fromkeys(self.loader.tag(name) for name in names))
            _keep(self.tag_lists, names, known)
        return known

    def _participants(self, parts: list[tuple[str, Any]]) -> list[tuple[str, int]]:
        if not parts:
            return []
        ids = self.loader.ids["actor"]
        try:
            result = [(role, ids[actor]) for role, actor in parts]
        except (KeyError, TypeError):
            raise _IrregularError from None  # an actor not in the file
        if len(set(result)) != len(result):
            raise _IrregularError  # an actor twice in one role
        return result

    def _citations(
        self, cited: list[tuple[tuple[str, ...], tuple[Any, ...], Any]]
    ) -> list[tuple[_Queue, tuple[Any, ...], int]]:
        if not cited:
            return []
        sources, queues, result = self.loader.ids["source"], self.citation_queues, []
        try:
            for columns, values, source in cited:
                held = queues.get(columns)
                if held is None:
                    held = queues[columns] = self.loader.tuple_queue("citation", columns)
                result.append((held, values, sources[source]))
        except (KeyError, TypeError):
            raise _IrregularError from None  # a source not in the file
        return result

    # -- queueing --------------------------------------------------------------------------
    def _queue_links(
        self,
        event_id: int,
        tag_ids: tuple[int, ...],
        parts: list[tuple[str, int]],
        cited: list[tuple[_Queue, tuple[Any, ...], int]],
        external: tuple[Any, ...] | None,
        place: tuple[Any, ...] | None,
    ) -> None:
        loader = self.loader
        next_id, where = loader.next_id, loader.where
        count = len(tag_ids) + len(parts) + len(cited)
        if tag_ids:
            rows, wheres = self._tagging
            row_id = next_id["tagging"]
            for tag_id in tag_ids:
                rows.append((tag_id, event_id, row_id))
                row_id += 1
            wheres.extend([where] * len(tag_ids))
            next_id["tagging"] = row_id
        if parts:
            rows, wheres = self._participation
            row_id = next_id["participation"]
            for role, actor_id in parts:
                rows.append((role, actor_id, event_id, row_id))
                row_id += 1
            wheres.extend([where] * len(parts))
            next_id["participation"] = row_id
        for (rows, wheres), values, source_id in cited:
            rows.append((*values, source_id, event_id, next_id["citation"]))
            wheres.append(where)
            next_id["citation"] += 1
        if external is not None:
            dataset, key, digest, reported, data = external
            row_id = next_id["external_ref"]
            self._external[0].append((dataset, key, event_id, digest, reported, data, row_id))
            self._external[1].append(where)
            next_id["external_ref"] = row_id + 1
            count += 1
        if place is not None:
            self._place_rows[0].append((*place, event_id, next_id["event_place"]))
            self._place_rows[1].append(where)
            next_id["event_place"] += 1
            count += 1
        loader.queued(count)
