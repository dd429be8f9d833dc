"""Records laid out exactly as `json.dumps(record, ensure_ascii=False, indent=1)` lays them out.

With an indent, the json module encodes in pure Python (a generator per nested value, ~30 µs
for an event record); records are dicts and lists of text, numbers, booleans and None, which
are written here directly, text through json's own C string encoder. A record holding
anything else (a key that is not text, another type) goes to `json.dumps` whole, so the file
is byte for byte what it wrote.
"""

from __future__ import annotations

import gc
import json
import operator
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring  # json's C string encoder when available
from typing import Any

from db.exchange.library_records import (
    EVENT_FIELDS,
    EventPage,
    citation_records,
    event_records,
)
from db.exchange.records import Remembered

_INFINITY = float("inf")


class _UnusualValueError(Exception):
    """A value this module leaves to `json.dumps`."""


def record_text(record: Any, indent: int) -> str:
    """`json.dumps(record, ensure_ascii=False, indent=1)` with every line after the first
    indented by `indent` more spaces (a record inside a list that is inside an object)."""
    pad = "\n" + " " * indent
    try:
        return _text(record, pad)
    except (_UnusualValueError, TypeError):  # TypeError: a key that is not text
        text = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", pad)
        # json's indenting encoder leaves a cycle of closures per call, and bulk exports pause
        # the cycle collector: free this one now (the youngest objects only, so it is quick).
        gc.collect(0)
        return text


def _text(value: Any, pad: str) -> str:
    kind = type(value)
    if kind is str:
        return str(encode_basestring(value))
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is dict:
        return _object(value, pad) if value else "{}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + " "
        return "[" + ",".join([inner + _text(v, inner) for v in value]) + pad + "]"
    if kind is float:
        return _float(value)
    raise _UnusualValueError


# '\n   "title": ' by indentation and key: records repeat the same keys a million times
_KEY_LINES: dict[str, dict[str, str]] = {}


def _object(value: dict[Any, Any], pad: str) -> str:
    inner = pad + " "
    key_lines = _KEY_LINES.get(inner)
    if key_lines is None:
        key_lines = _KEY_LINES[inner] = {}
    lines = []
    for key, v in value.items():
        line = key_lines.get(key)
        if line is None:
            line = f"{inner}{encode_basestring(key)}: "  # TypeError: not text (json.dumps it)
            if len(key_lines) < 1000:
                key_lines[key] = line
        # the common values here, the rest through _text
        kind = type(v)
        if kind is str:
            lines.append(line + encode_basestring(v))
        elif kind is int:
            lines.append(line + int.__repr__(v))
        elif v is None:
            lines.append(line + "null")
        else:
            lines.append(line + _text(v, inner))
    return "{" + ",".join(lines) + pad + "}"


def _float(value: float) -> str:
    """As json writes floats (allow_nan, its default)."""
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


# ---------------------------------------------------------------- events, a page at a time

_SCALARS = frozenset({str, int, type(None)})
_FIELD = "\n   "  # an event's fields, inside the events list, inside the file's object


def event_texts(pages: Iterable[EventPage]) -> Iterator[str]:
    """`record_text(record, 2)` of every event record (`library_records.event_records`),
    made column by column: a page's titles, dates, kinds ... go through json's C encoder in
    one `map` each, and the texts of tag lists and of actors in roles are made once each."""
    heads = [f"{_FIELD}{encode_basestring(name)}: " for name in ("id", *EVENT_FIELDS)]
    tag_lists = Remembered(lambda tags: _text(list(tags), _FIELD))
    roles = Remembered(lambda item: _text({"actor": item[0], "role": item[1]}, _FIELD + " "))
    for page in pages:
        columns = list(zip(*page.rows, strict=True))[: len(heads)]
        kinds = [set(map(type, column)) for column in columns]
        if not all(kind <= _SCALARS for kind in kinds):  # the record-by-record way
            yield from (record_text(rec, 2) for rec in event_records(page))
            continue
        values = zip(*map(_encoded, columns, kinds), strict=True)
        tags_of, actors_of, cited_of = page.tags.get, page.actors.get, page.citations.get
        for event_id, fields in zip(columns[0], values, strict=True):
            tags, actors, cited = tags_of(event_id), actors_of(event_id), cited_of(event_id)
            yield (
                "{"
                + ",".join(map(operator.add, heads, fields))
                + f',{_FIELD}"tags": '
                + (tag_lists[tuple(tags)] if tags else "[]")
                + f',{_FIELD}"actors": '
                + (_listed([roles[item] for item in actors], _FIELD) if actors else "[]")
                + f',{_FIELD}"citations": '
                + (_text(citation_records(cited), _FIELD) if cited else "[]")
                + "\n  }"
            )


def _encoded(column: tuple[Any, ...], kinds: set[type]) -> Iterable[str]:
    """A column's values as JSON (text, whole numbers, null)."""
    if kinds == {str}:
        return map(encode_basestring, column)
    if kinds == {int}:
        return map(int.__repr__, column)
    return [_text(value, _FIELD) for value in column]


def _listed(items: list[str], pad: str) -> str:
    """A JSON list of `items` already laid out one level below `pad`."""
    inner = pad + " "
    return "[" + ",".join([inner + item for item in items]) + pad + "]"
