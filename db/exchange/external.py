"""The dataset side of a record: its external id and its place, queued with the record.

Importers of published datasets (ACLED, Wikidata, GDELT, iCalendar) put two extra keys on an
event (or actor) record, which `db.exchange.loader.load_entity` hands here:

- "_external": {"dataset", "key", "digest", "reported", "data"} -> one `external_ref` row;
- "_place": {"name", "country", "latitude", "longitude", "precision"} -> one `event_place` row.

"_replace_id" (set by `db.exchange.dataset_sync`) makes the record overwrite that event in
place, so its id, and the relations and user links pointing at it, survive an update.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from db.errors import ValidationError
from db.store.snapshots import TABLES
from db.validation import NAME_MAX, clean_text

if TYPE_CHECKING:
    from db.exchange.loader_rows import Loader

_KEY_MAX = 200
_PLACES_MAX = 100_000


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


def external_values(external: dict[str, Any], column: str, entity_id: int) -> dict[str, Any]:
    """Checked `external_ref` columns for one record."""
    key = str(external.get("key") or "").strip()
    if not key or len(key) > _KEY_MAX:
        raise ValidationError(f"its {external.get('dataset')} id {key!r} is empty or too long.")
    data = external.get("data") or {}
    return {
        "dataset": external["dataset"],
        "key": key,
        column: entity_id,
        "digest": external.get("digest"),
        "reported": external.get("reported") or None,
        "data": data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
    }


def place_values(place: dict[str, Any]) -> dict[str, Any]:
    """Checked `event_place` columns: coordinates must be numbers within the globe."""
    values = {
        "name": clean_text(place.get("name") or "", "Place", max_len=NAME_MAX),
        "country": clean_text(place.get("country") or "", "Country", max_len=NAME_MAX),
        "latitude": _coordinate(place.get("latitude"), "latitude", 90),
        "longitude": _coordinate(place.get("longitude"), "longitude", 180),
        "precision": place.get("precision"),
    }
    return values


def _coordinate(value: Any, what: str, limit: int) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"the {what} {value!r} is not a number.") from None
    if not math.isfinite(number) or abs(number) > limit:
        raise ValidationError(f"the {what} {value!r} is outside -{limit}..{limit}.")
    return number
