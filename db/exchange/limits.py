"""How much an input file may make Chronicle read, build or hold, and the streams that enforce it.

A few kilobytes of zip can expand to gigabytes, one "line" can be the whole file, a header can
hold a million columns. Every such expansion is bounded here, and a refusal names the limit, so
a user with a genuinely large file knows what was exceeded rather than watching memory fill.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, AnyStr

from db.errors import DataImportError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# A zip member may expand to this many times the whole zip's size (CSV text compresses 5-20x;
# deflate's own ceiling is ~1,000x, reached only by made-up files), and always to ZIP_FLOOR.
ZIP_MAX_RATIO = 100
ZIP_FLOOR_BYTES = 64 * 1024 * 1024
# One physical line of a CSV file (a long full text fits; a file that is one line does not).
MAX_LINE_CHARS = 20_000_000
# Columns of a user's spreadsheet.
MAX_COLUMNS = 10_000
# A JSON file is parsed whole (~10x its size in memory): bigger ones go through CSV, which streams.
MAX_JSON_BYTES = 128 * 1024 * 1024
# Rows of the sections an import holds in memory until the events have streamed past (tags,
# actors, sources, relations; ~600 bytes each): events themselves stream and are not limited.
MAX_HELD_ROWS = 500_000


def held_rows_refusal(origin: str, section: str) -> DataImportError:
    return DataImportError(
        f"{origin}: more than {MAX_HELD_ROWS:,} {section} (the limit for {section}, which an "
        "import keeps in memory). Nothing was imported."
    )


def zip_allowance(zip_path: Path) -> int:
    """How many bytes one member of the zip at `zip_path` may expand to."""
    try:
        size = zip_path.stat().st_size
    except OSError:
        size = 0
    return max(ZIP_FLOOR_BYTES, ZIP_MAX_RATIO * size)


def expansion_refusal(origin: str, allowance: int) -> DataImportError:
    return DataImportError(
        f"{origin} expands to more than {allowance:,} bytes, over {ZIP_MAX_RATIO} times the "
        f"size of its zip (the limit for a zip member; at least {ZIP_FLOOR_BYTES:,} bytes). "
        "Nothing was imported."
    )


class _Bounded(io.RawIOBase):
    """A binary stream that refuses to deliver more than `allowance` bytes."""

    def __init__(self, raw: io.BufferedIOBase, allowance: int, origin: str):
        super().__init__()
        self._raw, self._left, self._allowance, self._origin = raw, allowance, allowance, origin

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        count = self._raw.readinto(buffer)
        self._left -= count
        if self._left < 0:
            raise expansion_refusal(self._origin, self._allowance)
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


def bounded(raw: io.BufferedIOBase, allowance: int, origin: str) -> IO[bytes]:
    """`raw`, buffered, raising DataImportError once it has given `allowance` bytes."""
    return io.BufferedReader(_Bounded(raw, allowance, origin), buffer_size=1 << 16)


def checked_line(line: AnyStr, number: int, origin: str) -> AnyStr:
    """`line` itself if it is within MAX_LINE_CHARS (see `read_lines`)."""
    if len(line) > MAX_LINE_CHARS:
        raise DataImportError(
            f"{origin}, line {number}: longer than {MAX_LINE_CHARS:,} characters (the limit "
            "for one line). Nothing was imported.",
            line=number,
        )
    return line


def read_lines(fh: IO[str], origin: str) -> Iterator[str]:
    """The lines of a text stream, each read with a bound, so one huge line never sits whole."""
    number = 0
    while True:
        line = fh.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        yield checked_line(line, number, origin)


def summarised(names: list[str], shown: int = 8, width: int = 40) -> str:
    """At most `shown` names, each cut to `width` characters, and how many more there are:
    an error message quoting a header must stay one readable line."""
    cut = [n if len(n) <= width else n[: width - 1] + "…" for n in names[:shown]]
    more = len(names) - len(cut)
    return ", ".join(cut) + (f" and {more:,} more" if more else "")
