"""Where a CSV record sits, for error messages: the spreadsheet row and the file's lines.

A quoted cell can hold line breaks, so a record may span several physical lines; a person
looks for "row 4" in a spreadsheet and for "lines 10-13" in a text editor, so errors say both.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class RowPlace(NamedTuple):
    """Where a CSV record sits: its spreadsheet row (the header is row 1) and, since a quoted
    cell can hold line breaks, the physical lines of the file it spans."""

    row: int
    first_line: int
    last_line: int

    def __str__(self) -> str:
        if self.first_line == self.last_line:
            return f"row {self.row} (line {self.first_line})"
        return f"row {self.row} (lines {self.first_line}\u2013{self.last_line})"


class PlacedRecords:
    """The records of a `csv.reader` with their places; a blank line is a row, as in a sheet."""

    def __init__(self, reader: Any):
        self.reader, self.rows, self.last_line = reader, 0, 0

    def __iter__(self) -> PlacedRecords:
        return self

    def __next__(self) -> tuple[RowPlace, list[str]]:
        cells = next(self.reader)
        place = self.current()
        self.rows, self.last_line = place.row, place.last_line
        return place, cells

    def current(self) -> RowPlace:
        """The place of the record being read: for an error that stops the reader midway."""
        last = max(self.reader.line_num, self.last_line + 1)
        return RowPlace(self.rows + 1, self.last_line + 1, last)
