"""Which text encoding a user's file is in: UTF-8 (with or without BOM), UTF-16 with a BOM,
else Windows-1252 (what Excel on Windows writes); anything else is refused with a clear error.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import IO, Any

from db.errors import DataImportError

_SNIFF_BYTES = 64 * 1024
_BLOCK = 1 << 20


def open_binary(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as err:
        raise DataImportError(f"Cannot read {path}: {err.strerror}.") from err


def detect_encoding(path: Path) -> str:
    """The codec to read `path` with; DataImportError for binary or unknown text."""
    with open_binary(path) as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        if b"\x00" in fh.read(_SNIFF_BYTES):
            raise DataImportError(f"{path.name} is not a text file (it holds binary data).")
        for encoding in ("utf-8", "cp1252"):
            fh.seek(0)
            if _decodes(fh, encoding):
                return encoding
    raise DataImportError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text. Save it as UTF-8 "
        "and try again. Nothing was imported."
    )


def _decodes(fh: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path) -> str:
    """The whole text of a user's file, in whichever encoding it was written."""
    encoding = detect_encoding(path)
    with open_binary(path) as fh:
        return fh.read().decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


def load_json(path: Path) -> Any:
    """A user's JSON file parsed; a syntax error names its line and column."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise DataImportError(
            f"{path.name}, line {err.lineno}, column {err.colno}: {err.msg}. Nothing was imported.",
            line=err.lineno,
        ) from err
    except RecursionError as err:
        raise DataImportError(f"{path.name} is nested too deeply to read.") from err
