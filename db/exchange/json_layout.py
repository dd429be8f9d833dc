"""Records laid out exactly as `json.dumps(record, ensure_ascii=False, indent=1)` lays them out.

With an indent, the json module encodes in pure Python (a generator per nested value, ~30 µs
for an event record); records are dicts and lists of text, numbers, booleans and None, which
are written here directly, text through json's own C string encoder. A record holding
anything else (a key that is not text, another type) goes to `json.dumps` whole, so the file
is byte for byte what it wrote.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # json's C string encoder when available
from typing import Any

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
        return json.dumps(record, ensure_ascii=False, indent=1).replace("\n", pad)


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
