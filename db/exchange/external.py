"""The dataset side of a record: its external id and its place, queued with the record.

Importers of published datasets (ACLED, Wikidata, GDELT, iCalendar) put two extra keys on an
event (or actor) record; `db.exchange.loader_rows` queues their rows, checked here:

- "_external": {"dataset", "key", "digest", "reported", "data"} -> one `external_ref` row;
- "_place": {"name", "country", "latitude", "longitude", "precision"} -> one `event_place` row.

"_replace_id" (set by `db.exchange.dataset_sync`) makes the record overwrite that event in
place, so its id, and the relations and user links pointing at it, survive an update.
"""

from __future__ import annotations

import json
import math
from typing import Any

from db.errors import ValidationError
from db.validation import NAME_MAX, clean_text

_KEY_MAX = 200
# `json.dumps(..., ensure_ascii=False)` builds a new encoder per call; the same text, once.
# Compact, as ACLED's (`acled._kept_json`): a dataset's kept codes are its biggest table.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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
        "data": data if isinstance(data, str) else _JSON(data),
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
