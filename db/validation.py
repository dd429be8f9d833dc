"""Checks on values before they reach the file; each refusal says which field and why."""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Iterable

from db.errors import ValidationError

TITLE_MAX = 1_000
NAME_MAX = 500
SHORT_MAX = 2_000
LONG_MAX = 1_000_000
FULL_TEXT_MAX = 20_000_000
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def clean_text(
    value: object, field: str, *, required: bool = False, max_len: int = SHORT_MAX
) -> str:
    """Return `value` stripped; refuse non-text, NUL bytes, too long, or empty if required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be text, not {type(value).__name__}.")
    if "\x00" in value:
        raise ValidationError(f"{field} contains a NUL character; remove it and try again.")
    if not value.isascii():
        try:  # lone surrogates come from undecodable bytes; SQLite cannot store them
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise ValidationError(
                f"{field} contains a broken character at position {err.start + 1} "
                "(not valid Unicode); retype it, or save the file it came from as UTF-8."
            ) from None
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{field} cannot be empty.")
    if len(value) > max_len:
        raise ValidationError(
            f"{field} is {len(value):,} characters long; the limit is {max_len:,}."
        )
    return value


def optional_text(value: object, field: str, *, max_len: int = SHORT_MAX) -> str | None:
    """Like clean_text, but empty becomes None."""
    return clean_text(value, field, max_len=max_len) or None


def check_choice(value: object, field: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValidationError(f"{field} must be one of {', '.join(allowed)}; got {value!r}.")
    return value  # narrowed to str by the membership test


def check_color(value: object, field: str = "Colour") -> str | None:
    """A colour is '#rrggbb' or nothing."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        raise ValidationError(f"{field} must look like #1f77b4; got {value!r}.")
    return value.lower()


def check_int(
    value: object, field: str, low: int, high: int, *, optional: bool = False
) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"{field} must be a whole number from {low} to {high}.") from None
    if not low <= value <= high:
        raise ValidationError(f"{field} must be from {low} to {high}; got {value}.")
    return value


def check_uuid(value: object) -> str:
    """A record's UUID in canonical form; a missing one (None, "") gets a new one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return str(uuidlib.uuid4())
    try:
        return str(uuidlib.UUID(str(value).strip()))
    except ValueError:
        raise ValidationError(f"{str(value)[:60]!r} is not a UUID.") from None


def clean_list(values: object, field: str, *, max_len: int = NAME_MAX) -> list[str]:
    """A list of short texts (aliases, authors): each cleaned, blanks and repeats dropped."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        raise ValidationError(f"{field} must be a list of texts.")
    seen: list[str] = []
    for item in values:
        text = clean_text(item, field, max_len=max_len)
        if text and text not in seen:
            seen.append(text)
    return seen
