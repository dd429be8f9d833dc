"""Which text encoding a user's file is in, told without producing mojibake.

In order: a byte order mark; an HTML `<meta charset>` (or XML `encoding=`) that the bytes agree
with; UTF-8; else `charset-normalizer`'s guess, taken only when it is sure: it recognised a
language, or every likely code page reads the bytes as the same text. Otherwise Windows-1252
(what Excel on Windows writes) when it reads the bytes as Latin letters, and failing that the
file is refused with the best guess named, so the user can choose (`chosen_encoding`, the
CLI's --encoding, the spreadsheet dialog's Encoding box) instead of importing garbage.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from charset_normalizer import from_bytes

from db.errors import DataImportError
from db.exchange.limits import MAX_JSON_BYTES

_SNIFF_BYTES = 64 * 1024
_DETECT_BYTES = 1 << 20  # what charset-normalizer looks at (it samples within this)
_BLOCK = 1 << 20
# charset-normalizer's coherence (how much the text looks like a language it knows) above
# which its first guess is taken even when other code pages would read the bytes differently.
_SURE_COHERENCE = 0.2
_COHERENCE_MARGIN = 0.1  # ...and by this much more than any other reading of the bytes
_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_XML = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
# WHATWG: a page labelled latin-1 or ascii is read as windows-1252.
_LABEL_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
_LATIN_EXTRA = set("€‚„…†‡ˆ‰‹‘’“”–—˜™›«»°§©®·¿¡ ")
LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252 (Western)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp932": "Shift-JIS (Japanese)",
    "shift_jis": "Shift-JIS (Japanese)",
    "euc_jp": "EUC-JP (Japanese)",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)",
    "cp949": "EUC-KR (Korean)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "mac_roman": "Mac Roman",
}
# Offered in the spreadsheet dialog's Encoding box.
CHOICES: tuple[str, ...] = ("utf-8", "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257")
CHOICES += ("cp932", "euc_jp", "gb18030", "big5", "cp949", "koi8_r", "mac_roman", "utf-16")

_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("encoding", default=None)


@dataclass(frozen=True)
class EncodingGuess:
    """How a file will be read: the codec, a label for people, and how it was found."""

    codec: str
    how: str  # "byte order mark", "declared in the file", "UTF-8", "guessed", "chosen"...

    @property
    def label(self) -> str:
        return label(self.codec)

    def describe(self) -> str:
        return (
            self.label if self.how in ("UTF-8", "byte order mark") else f"{self.label}, {self.how}"
        )


def label(codec: str) -> str:
    """A person's name for a codec ("Windows-1251 (Cyrillic)")."""
    return LABELS.get(_normal(codec), codec)


def _normal(codec: str) -> str:
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return codec
    return _LABEL_ALIASES.get(name, name)


@contextlib.contextmanager
def chosen_encoding(codec: str | None) -> Iterator[None]:
    """Read every user file opened in this block (this thread) with `codec` (None: detect)."""
    if codec is not None:
        try:
            codecs.lookup(codec)
        except LookupError:
            raise DataImportError(f"{codec!r} is not an encoding Chronicle knows.") from None
    token = _chosen.set(codec)
    try:
        yield
    finally:
        _chosen.reset(token)


def open_binary(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as err:
        raise DataImportError(f"Cannot read {path}: {err.strerror}.") from err


def _bom(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _declared(head: bytes) -> str | None:
    match = _XML.match(head) or _META.search(head[:4096])
    if not match:
        return None
    name = _normal(match[1].decode("ascii"))
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return None if name.startswith("utf-16") else name  # a declaration read as ASCII lies


def _decodes(fh: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    fh.seek(0)
    try:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _latin_text(text: str) -> bool:
    """True if every non-ASCII character is a Latin letter or common Western punctuation."""
    for char in {c for c in text if ord(c) > 127}:
        if char in _LATIN_EXTRA:
            continue
        if ord(char) > 0x24F or not unicodedata.category(char).startswith("L"):
            return False
    return True


def _letter_share(text: str) -> float:
    """The share of non-ASCII characters that are letters (1.0 if there are none)."""
    others = [c for c in text if ord(c) > 127]
    if not others:
        return 1.0
    return sum(unicodedata.category(c).startswith("L") for c in others) / len(others)


def _detected(sample: bytes) -> tuple[str | None, str | None]:
    """(codec if sure, else None; the best guess, for the message).

    Sure means: every likely code page reads the bytes as the same text; or exactly one reading
    is all letters (cp1252 reads Polish "ł" as "³"); or the best one looks like a language
    clearly more than any other reading.
    """
    matches = list(from_bytes(sample))
    if not matches:
        return None, None
    best = matches[0]
    guess = _normal(best.encoding)
    readings: dict[str, Any] = {}
    for match in matches:
        if match.chaos <= best.chaos + 0.05:
            readings.setdefault(str(match), match)
    if len(readings) == 1:
        return guess, guess
    shares = {text: _letter_share(text) for text in readings}
    top = max(shares.values())
    winners = [readings[text] for text, share in shares.items() if share == top]
    if top == 1.0 and len(winners) == 1:
        return _normal(winners[0].encoding), _normal(winners[0].encoding)
    rivals = [m.coherence for m in readings.values() if m is not best]
    if best.coherence >= _SURE_COHERENCE and best.coherence - max(rivals) >= _COHERENCE_MARGIN:
        return guess, guess
    return None, guess


def _guess(path: Path, fh: IO[bytes]) -> EncodingGuess:
    head = fh.read(_SNIFF_BYTES)
    bom = _bom(head[:4])
    if bom:
        if not _decodes(fh, bom):
            raise DataImportError(
                f"{path.name} starts as {label(bom)} but is cut short or damaged."
            )
        return EncodingGuess(bom, "byte order mark")
    if b"\x00" in head:
        raise DataImportError(f"{path.name} is not a text file (it holds binary data).")
    declared = _declared(head)
    if declared and _decodes(fh, declared):
        return EncodingGuess(declared, "declared in the file")
    if _decodes(fh, "utf-8"):
        return EncodingGuess("utf-8", "UTF-8")
    fh.seek(0)
    sure, best = _detected(fh.read(_DETECT_BYTES))
    if sure and _decodes(fh, sure):
        return EncodingGuess(sure, "guessed")
    if _decodes(fh, "cp1252"):
        fh.seek(0)
        if _latin_text(fh.read(_DETECT_BYTES).decode("cp1252")):
            return EncodingGuess("cp1252", "guessed")
    hint = f" It may be {label(best)}." if best else ""
    raise DataImportError(
        f"{path.name} is neither UTF-8 nor Windows-1252 text, and its encoding cannot be told "
        f"for sure.{hint} Choose its encoding (--encoding NAME on the command line), or save it "
        "as UTF-8. Nothing was imported."
    )


def guess_encoding(path: Path) -> EncodingGuess:
    """How to read `path` (the chosen encoding if any); DataImportError for binary data,
    bytes the chosen encoding cannot read, or text whose encoding cannot be told for sure."""
    path = Path(path)
    chosen = _chosen.get()
    with open_binary(path) as fh:
        if chosen is None:
            return _guess(path, fh)
        if not _decodes(fh, chosen):
            raise DataImportError(
                f"{path.name} cannot be read as {label(chosen)}: some bytes are not text in "
                "that encoding. Choose another. Nothing was imported."
            )
        return EncodingGuess(chosen, "chosen")


def detect_encoding(path: Path) -> str:
    """The codec to read `path` with (see `guess_encoding`)."""
    return guess_encoding(path).codec


def read_text(path: Path) -> str:
    """The whole text of a user's file, in whichever encoding it was written."""
    encoding = detect_encoding(path)
    with open_binary(path) as fh:
        return fh.read().decode(encoding).replace("\r\n", "\n").replace("\r", "\n")


def json_document(text: str, origin: str) -> Any:
    """`text` parsed as JSON; every way it can fail is a DataImportError naming `origin`."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        if not text.strip():
            raise DataImportError(f"{origin} is empty. Nothing was imported.", line=1) from err
        if err.pos == len(text) - len(text.lstrip()):  # the very first thing is not JSON
            start = text.lstrip().splitlines()[0][:40]
            raise DataImportError(
                f"{origin} is not a JSON file: it starts with {start!r}, not {{ or [. "
                "Nothing was imported.",
                line=err.lineno,
            ) from err
        raise DataImportError(
            f"{origin}, line {err.lineno}, column {err.colno}: {err.msg}. Nothing was imported.",
            line=err.lineno,
        ) from err
    except RecursionError as err:  # e.g. 100,000 nested "[": not a file of ours
        raise DataImportError(
            f"{origin} is nested too deeply to read. Nothing was imported."
        ) from err
    except MemoryError as err:  # within MAX_JSON_BYTES, but this machine has less room
        raise DataImportError(
            f"There is not enough memory to read {origin} whole. Import it as a zip of CSV "
            "files, which streams. Nothing was imported."
        ) from err
    except ValueError as err:  # an integer of more than 4,300 digits
        raise DataImportError(
            f"{origin} holds a number with more digits than Python reads at once "
            f"({sys.get_int_max_str_digits():,}, the limit). Nothing was imported."
        ) from err


def check_json_size(path: Path) -> None:
    """Refuse a JSON file too big to parse whole (see `limits.MAX_JSON_BYTES`)."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise DataImportError(f"Cannot read {path}: {err.strerror}.") from err
    if size > MAX_JSON_BYTES:
        raise DataImportError(
            f"{path.name} is {size:,} bytes, more than the {MAX_JSON_BYTES:,} a JSON file may "
            "have (it is read whole). Export and import the library as a zip of CSV files, "
            "which streams. Nothing was imported."
        )


def load_json(path: Path) -> Any:
    """A user's JSON file parsed; a syntax error names its line and column."""
    check_json_size(path)
    return json_document(read_text(path), path.name)
