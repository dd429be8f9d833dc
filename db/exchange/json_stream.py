"""Reading a Chronicle JSON file as a stream of records, so a million events never sit in memory.

`json.loads` of a million-event file held ~10 times the file's size. Here ijson (yajl, in C)
hands over one record at a time: a first pass reads the envelope and the small sections
that come before "events" (our exports put them there), a second streams the events, and
each section found after the events (relations) gets a pass of its own. Anything the stream
cannot read, or a file laid out in a way it does not expect, raises `NotStreamableError`, and the
caller reads the file whole instead, which also words the error exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

import ijson

from db.exchange.records import SECTIONS

_STREAMED = "events"
_ENVELOPE = ("format", "version")
_RECORD_MARKERS = (b'"title"', b'"name"', b'"type"')  # one in about every record
_PARSE_ERRORS = (ijson.JSONError, UnicodeDecodeError, RecursionError, ValueError)


# One ijson parse event: (prefix, event name, value).
ParseEvent = tuple[str, str, Any]
_T = TypeVar("_T")


class NotStreamableError(Exception):
    """The file cannot be streamed (bad syntax, unexpected layout): read it whole."""


def _guarded(events: Iterator[_T]) -> Iterator[_T]:
    """`events` with the parser's errors turned into NotStreamableError."""
    try:
        yield from events
    except _PARSE_ERRORS as err:
        raise NotStreamableError(str(err)) from err


class JsonSections:
    """The envelope and sections of one Chronicle JSON file, read as they are needed."""

    def __init__(self, path: Path):
        self.path = path
        self.envelope: dict[str, Any] = {}
        self.early: dict[str, list[Any]] = {}  # sections met before the events, read whole
        self.streamed_found = False
        self.mentioned: set[bytes] = {name.encode() for name in SECTIONS}
        self._read_head()

    def _open(self) -> IO[bytes]:
        return self.path.open("rb")

    def _read_head(self) -> None:
        """Read everything before the events section (or the whole file if it has none)."""
        with self._open() as fh:
            events: Iterator[ParseEvent] = _guarded(ijson.parse(fh, use_float=True))
            first = next(events, None)
            if first is None or first[:2] != ("", "start_map"):
                raise NotStreamableError("not an object")
            for prefix, event, value in events:
                if prefix == "" and event == "end_map":
                    break
                if (prefix, event) != ("", "map_key"):
                    raise NotStreamableError("unexpected layout")
                if value == _STREAMED:
                    kind = next(events)[1]
                    if kind != "start_array":
                        raise NotStreamableError(f"{_STREAMED} is not a list")
                    self.streamed_found = True
                    return
                built = _value(events)
                if value in _ENVELOPE:
                    self.envelope[value] = built
                elif value in SECTIONS:
                    if not isinstance(built, list):
                        raise NotStreamableError(f"{value} is not a list")
                    self.early[value] = built

    def envelope_value(self, name: str) -> Any:
        """`format` or `version`, also when the file gives it after the events."""
        if name not in self.envelope and self.streamed_found:
            self.envelope[name] = next(self._items(name), None)
        return self.envelope.get(name)

    def section(self, name: str) -> list[Any] | Iterator[Any]:
        """A section's records: the events as an iterator over the file, the others as lists
        (a section after the events is read whole in a pass of its own)."""
        if name in self.early:
            return self.early[name]
        if not self.streamed_found:
            return []
        if name == _STREAMED:
            return self._items(f"{name}.item")
        if name.encode() not in self.mentioned:
            return []  # its name is nowhere in the file: spare a pass
        found: Any = next(self._items(name), [])
        if not isinstance(found, list):
            raise NotStreamableError(f"{name} is not a list")
        return found

    def _items(self, prefix: str) -> Iterator[Any]:
        with self._open() as fh:
            yield from _guarded(ijson.items(fh, prefix, use_float=True))

    def scan(self) -> int:
        """About how many records the file holds (for progress), counted from the bytes;
        notes which section names occur in it at all."""
        words = [*_RECORD_MARKERS, *(f'"{name}"'.encode() for name in SECTIONS)]
        counts = dict.fromkeys(words, 0)
        tail = b""
        with self._open() as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                chunk = tail + block
                tail = block[-16:]
                for word in words:  # a word in the tail is counted with the next block
                    counts[word] += chunk.count(word) - tail.count(word)
        for word in words:
            counts[word] += tail.count(word)
        self.mentioned = {
            word.strip(b'"') for word in words[len(_RECORD_MARKERS) :] if counts[word]
        }
        return sum(counts[word] for word in _RECORD_MARKERS)


def _value(events: Iterator[ParseEvent]) -> Any:
    """The value whose first parse event comes next, built whole (small sections only)."""
    builder = ijson.ObjectBuilder()
    depth = 0
    for _prefix, event, value in events:
        builder.event(event, value)
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
        if depth == 0:
            return builder.value
    raise NotStreamableError("the file ends early")
