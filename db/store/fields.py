"""User-facing fields of each kind of record: validation and mapping to table columns."""

from __future__ import annotations

from typing import Any

from db.curation.similarity import text_fingerprint
from db.dates import parse_date
from db.errors import DateError, ValidationError
from db.models import (
    ACTOR_KINDS,
    EVENT_KINDS,
    RELATION_TYPES,
    RELIABILITY_GRADES,
    SOURCE_KINDS,
    SOURCE_STATUSES,
)
from db.validation import (
    FULL_TEXT_MAX,
    LONG_MAX,
    NAME_MAX,
    TITLE_MAX,
    check_choice,
    check_color,
    check_int,
    check_uuid,
    clean_list,
    clean_text,
    optional_text,
)

REQUIRED_FIELDS = {
    "event": ("title", "when"),
    "actor": ("name",),
    "source": ("title",),
    "tag": ("name",),
    "participation": (),
    "citation": (),
    "relation": ("type",),
    "source_derivation": (),
}


def _event_values(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate user-facing event fields and map them to columns."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            values["title"] = clean_text(value, "Title", required=True, max_len=TITLE_MAX)
        elif name == "summary":
            values["summary"] = clean_text(value, "Summary", max_len=LONG_MAX)
        elif name == "when":
            date = parse_date(clean_text(value, "Date", required=True))
            values.update(
                when_edtf=date.edtf,
                start_key=date.start_key,
                end_key=date.end_key,
                precision=str(date.precision),
                approximate=date.approximate,
                uncertain=date.uncertain,
            )
        elif name == "kind":
            values["kind"] = check_choice(value, "Kind", EVENT_KINDS)
        elif name == "category":
            values["category"] = clean_text(value, "Category", max_len=NAME_MAX)
        elif name == "color":
            values["color"] = check_color(value)
        elif name == "importance":
            values["importance"] = check_int(value, "Importance", 1, 5)
        elif name == "uuid":
            values["uuid"] = check_uuid(value)
        else:
            raise ValidationError(f"Events have no field called {name!r}.")
    return values


def _actor_values(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "name":
            values["name"] = clean_text(value, "Name", required=True, max_len=NAME_MAX)
        elif name == "kind":
            values["kind"] = check_choice(value, "Kind", ACTOR_KINDS)
        elif name == "aliases":
            values["aliases"] = clean_list(value, "Aliases")
        elif name == "description":
            values["description"] = clean_text(value, "Description", max_len=LONG_MAX)
        elif name == "color":
            values["color"] = check_color(value)
        elif name == "uuid":
            values["uuid"] = check_uuid(value)
        else:
            raise ValidationError(f"Actors have no field called {name!r}.")
    return values


def _source_values(fields: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "title":
            values["title"] = clean_text(value, "Title", required=True, max_len=TITLE_MAX)
        elif name == "authors":
            values["authors"] = clean_list(value, "Authors")
        elif name in ("publisher", "notes"):
            limit = NAME_MAX if name == "publisher" else LONG_MAX
            values[name] = clean_text(value, name.capitalize(), max_len=limit)
        elif name == "published":
            text = optional_text(value, "Published")
            values["published_edtf"] = parse_date(text).edtf if text else None
        elif name in ("url", "accessed", "citation_key"):
            values[name] = optional_text(value, name.replace("_", " ").capitalize())
        elif name == "kind":
            values["kind"] = check_choice(value, "Kind", SOURCE_KINDS)
        elif name == "reliability":
            values["reliability"] = (
                check_choice(value, "Reliability", RELIABILITY_GRADES) if value else None
            )
        elif name == "full_text":
            text = optional_text(value, "Full text", max_len=FULL_TEXT_MAX)
            values["full_text"] = text
            values["fingerprint"] = text_fingerprint(text).to_bytes() if text else None
        elif name == "copy_of":
            values["copy_of_id"] = value or None
        elif name == "status":
            values["status"] = check_choice(value or "", "Status", SOURCE_STATUSES)
        elif name == "uuid":
            values["uuid"] = check_uuid(value)
        else:
            raise ValidationError(f"Sources have no field called {name!r}.")
    return values


# Column name -> user-facing field name, where they differ.
_FIELD_OF_COLUMN = {
    "when_edtf": "when",
    "published_edtf": "published",
    "copy_of_id": "copy_of",
    "valid_edtf": "valid",
    "reported_edtf": "reported",
    "asserted_edtf": "asserted",
}
_DERIVED_COLUMNS = {
    "id",
    "created_at",
    "modified_at",
    "start_key",
    "end_key",
    "precision",
    "approximate",
    "uncertain",
    "valid_start_key",
    "valid_end_key",
    "reported_start_key",
    "reported_end_key",
    "asserted_start_key",
    "asserted_end_key",
    "fingerprint",
}
# Columns that fix what a link connects; they are set on creation and never edited.
_LINK_ENDS = {
    "event_id",
    "actor_id",
    "source_id",
    "relation_id",
    "tag_id",
    "from_actor_id",
    "from_event_id",
    "to_actor_id",
    "to_event_id",
    "derived_from_id",
}
STAMPED_KINDS = ("event", "actor", "source")


def user_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The editable fields of a stored row, named as create/update take them."""
    return {
        _FIELD_OF_COLUMN.get(column, column): value
        for column, value in row.items()
        if column not in _DERIVED_COLUMNS and column not in _LINK_ENDS
    }


def _participation_values(fields: dict[str, Any]) -> dict[str, Any]:
    _only(fields, "participation", {"role"})
    return (
        {"role": clean_text(fields["role"], "Role", max_len=NAME_MAX)} if "role" in fields else {}
    )


def optional_date(value: Any, label: str, column: str) -> dict[str, Any]:
    """An optional EDTF date as `<column>_edtf` with its keys (all None when empty)."""
    text = optional_text(value, label)
    date = parse_date(text) if text else None
    return {
        f"{column}_edtf": date.edtf if date else None,
        f"{column}_start_key": date.start_key if date else None,
        f"{column}_end_key": date.end_key if date else None,
    }


def _citation_values(fields: dict[str, Any]) -> dict[str, Any]:
    allowed = {"locator", "quote", "credibility", "reported", "asserted"}
    _only(fields, "citation", allowed)
    values: dict[str, Any] = {}
    for name, label in (("reported", "Reported"), ("asserted", "Date the source gives")):
        if name in fields:
            try:
                values |= optional_date(fields[name], label, name)
            except DateError as err:  # say which of the citation's two dates it is
                raise DateError(f"{label}: {err}") from None
    if "locator" in fields:
        values["locator"] = clean_text(fields["locator"], "Locator", max_len=NAME_MAX)
    if "quote" in fields:
        values["quote"] = clean_text(fields["quote"], "Quoted passage", max_len=LONG_MAX)
    if "credibility" in fields:
        values["credibility"] = check_int(fields["credibility"], "Credibility", 1, 6, optional=True)
    return values


def _relation_values(fields: dict[str, Any]) -> dict[str, Any]:
    _only(fields, "relation", {"type", "valid", "notes", "uuid"})
    values: dict[str, Any] = {}
    if "uuid" in fields:
        values["uuid"] = check_uuid(fields["uuid"])
    if "type" in fields:
        values["type"] = check_choice(fields["type"], "Relation type", RELATION_TYPES)
    if "valid" in fields:
        values |= optional_date(fields["valid"], "Valid period", "valid")
    if "notes" in fields:
        values["notes"] = clean_text(fields["notes"], "Notes", max_len=LONG_MAX)
    return values


def _derivation_values(fields: dict[str, Any]) -> dict[str, Any]:
    _only(fields, "source derivation", set())
    return {}


def _tag_values(fields: dict[str, Any]) -> dict[str, Any]:
    _only(fields, "tag", {"name", "color"})
    values: dict[str, Any] = {}
    if "name" in fields:
        values["name"] = clean_text(fields["name"], "Tag name", required=True, max_len=NAME_MAX)
    if "color" in fields:
        values["color"] = check_color(fields["color"])
    return values


def _only(fields: dict[str, Any], kind: str, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"A {kind} has no field called {sorted(unknown)[0]!r}.")


_VALUES = {
    "event": _event_values,
    "actor": _actor_values,
    "source": _source_values,
    "participation": _participation_values,
    "citation": _citation_values,
    "relation": _relation_values,
    "tag": _tag_values,
    "source_derivation": _derivation_values,
}


def column_values(kind: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate user-facing `fields` of a `kind` of record and return them as column values."""
    return _VALUES[kind](fields)
