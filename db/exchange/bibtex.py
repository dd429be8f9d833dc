"""BibTeX (and BibLaTeX) import of sources, through bibtexparser 2.

bibtexparser splits the file into blocks and reports each block it cannot read with its line,
so a broken entry is named instead of silently skipped. We expand @string macros and `#`
concatenation ourselves, within limits (a few hundred bytes of doubling macros would otherwise
grow to gigabytes); LaTeX becomes Unicode with pylatexenc (bibtexparser 2's own decoder);
names are split by bibtexparser and written "Given Family"; year/month/day or a BibLaTeX date
become EDTF via `db.dates`; the entry key becomes the citation key. Entries whose key is
already a source's citation key are not imported twice.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from db.dates import parse_date
from db.errors import ChronicleError, DataImportError
from db.exchange.encoding import read_text

KINDS = {
    "article": "article",
    "book": "book",
    "inbook": "book",
    "incollection": "book",
    "booklet": "book",
    "techreport": "report",
    "report": "report",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "phdthesis": "document",
    "mastersthesis": "document",
    "thesis": "document",
    "manual": "document",
    "unpublished": "document",
    "dataset": "dataset",
}
_CONTAINERS: tuple[str, ...] = ("journal", "journaltitle", "booktitle", "publisher")
_CONTAINERS += ("institution", "school", "organization", "howpublished")
# Limits on what a file can make us build: one field's value after macro expansion, all
# @string macros together, and how deep braces may nest (LaTeX decoding recurses per level).
MAX_VALUE_CHARS = 100_000
MAX_MACRO_CHARS = 10_000_000
MAX_BRACE_DEPTH = 64
_MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
_MONTHS += ("august", "september", "october", "november", "december")
MONTH_MACROS = {name[:3]: name.capitalize() for name in _MONTHS}
_LATEX = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_DASHES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))
_SMALL_NUMBER = re.compile(r"[0-9]{1,2}")  # a month or day (not "²", not 5,000 digits)
_NEEDS_LATEX = re.compile(r"[\\$%~]")


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    for char in value:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def latex_to_text(value: str) -> str:
    """Unicode text of a BibTeX value: accents composed, special letters, dashes, no braces.

    Plain values (no backslash, $, % or ~: most of them) skip the LaTeX parser, which costs
    ~1 ms a title.
    """
    if _NEEDS_LATEX.search(value):
        if _brace_depth(value) > MAX_BRACE_DEPTH:
            raise ChronicleError(
                f"its braces nest deeper than {MAX_BRACE_DEPTH} levels (the limit)."
            )
        text: str = _LATEX.latex_to_text(value)  # pylatexenc is untyped
        return text
    text = value.replace("{", "").replace("}", "")
    for latex, char in _DASHES:
        text = text.replace(latex, char)
    return text


def _plain(value: str) -> str:
    """Field text in Unicode, without protective braces, with collapsed white space."""
    return " ".join(latex_to_text(value).split())


def natural_name(name: str) -> str:
    """'Müller, Jörg' -> 'Jörg Müller'; '{World Health Organization}' stays whole."""
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except ValueError:  # bibtexparser's InvalidNameError: kept as written
        return _plain(name)
    ordered = [*parts.first, *parts.von, *parts.last, *parts.jr]
    return _plain(" ".join(ordered)) or _plain(name)


def _split_names(value: str) -> list[str]:
    return [n.strip() for n in split_multiple_persons_names(value) if n.strip()]


def _date_texts(entry: dict[str, str]) -> list[str]:
    """Ways to read the entry's date, most precise first."""
    if entry.get("date"):  # BibLaTeX: ISO 8601 / EDTF already, ranges with "/"
        return [_plain(entry["date"])]
    year, month, day = (_plain(entry.get(k, "")) for k in ("year", "month", "day"))
    if not year:
        return []
    if _SMALL_NUMBER.fullmatch(month):
        precise = f"{year}-{int(month):02d}"
        precise += f"-{int(day):02d}" if _SMALL_NUMBER.fullmatch(day) else ""
    else:
        precise = " ".join(part for part in (day, month, year) if part)
    return [precise, year]


def _published(entry: dict[str, str]) -> str | None:
    texts = _date_texts(entry)
    for text in texts:
        try:
            return parse_date(text).edtf
        except ChronicleError:
            continue
    if texts:
        raise ChronicleError(f"its date {texts[0]!r} is not a date.")
    return None


def _accessed(entry: dict[str, str]) -> str | None:
    text = _plain(entry.get("urldate", ""))
    if not text:
        return None
    try:
        return parse_date(text).edtf
    except ChronicleError:
        return text


def source_from_entry(entry: dict[str, str]) -> dict[str, Any]:
    """Our source record for one bibtexparser entry."""
    title = _plain(entry.get("title", ""))
    if not title:
        raise ChronicleError("it has no title.")
    people = entry.get("author") or entry.get("editor") or ""
    url = _plain(entry.get("url", ""))
    if not url and entry.get("doi"):
        url = f"https://doi.org/{_plain(entry['doi'])}"
    container = next((_plain(entry[k]) for k in _CONTAINERS if entry.get(k)), "")
    notes = _plain(entry.get("note", "") or entry.get("annote", ""))
    return {
        "id": f"bib:{entry['ID']}",
        "title": title,
        "authors": [natural_name(n) for n in _split_names(people)],
        "publisher": container,
        "published": _published(entry),
        "url": url or None,
        "accessed": _accessed(entry),
        "kind": KINDS.get(entry.get("ENTRYTYPE", "").lower(), "other"),
        "notes": notes,
        "citation_key": entry["ID"] or None,
        # The abstract is the text we have of the work: readable, and checked for copies.
        "full_text": _plain(entry.get("abstract", "")) or None,
    }


class _Macros:
    """@string macros, expanded in file order with `#` concatenation, within the limits."""

    def __init__(self) -> None:
        self.values: dict[str, str] = dict(MONTH_MACROS)
        self.total = 0

    def define(self, key: str, raw: str) -> None:
        value = self.expand(raw)
        self.total += len(value)
        if self.total > MAX_MACRO_CHARS:
            raise ChronicleError(
                f"its @string macros expand to more than {MAX_MACRO_CHARS:,} characters "
                "(the limit)."
            )
        self.values[key.lower()] = value

    def expand(self, raw: str) -> str:
        """The text of a raw value: {…} and "…" pieces, numbers and macro names joined by #."""
        pieces, size = [], 0
        for piece in _concatenated(raw):
            quoted = piece[:1] in ("{", '"')
            text = piece[1:-1] if quoted else self.values.get(piece.lower(), piece)
            size += len(text)
            if size > MAX_VALUE_CHARS:
                raise ChronicleError(
                    f"a value is longer than {MAX_VALUE_CHARS:,} characters once its @string "
                    "macros are expanded (the limit)."
                )
            pieces.append(text)
        return "".join(pieces)


def _concatenated(raw: str) -> list[str]:
    """The pieces of `a # {b} # "c"` (outside braces and quotes), stripped."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:index].strip())
            start = index + 1
    pieces.append(raw[start:].strip())
    return [p for p in pieces if p]


@contextlib.contextmanager
def _splitter_quiet() -> Iterator[None]:
    """bibtexparser logs every block it cannot read (to stderr, when nothing else handles
    logging); we report the first one ourselves, in one line."""
    splitter = logging.getLogger("bibtexparser.splitter")
    previous = splitter.disabled
    splitter.disabled = True
    try:
        yield
    finally:
        splitter.disabled = previous


_BLOCK_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]*)")


def _failure(path: Path, block: ParsingFailedBlock) -> DataImportError:
    line = (block.start_line or 0) + 1
    error = block.error
    reason = (
        getattr(error, "abort_reason", None)
        or getattr(error, "message", None)
        or str(error)
        or type(error).__name__
    )
    reason = " ".join(str(reason).split())[:300]
    key = _BLOCK_KEY.match(block.raw or "")
    what = f"the entry {key[1]!r}" if key and key[1] else "this entry"
    return DataImportError(
        f"{path.name}, line {line}: {what} could not be read ({reason}). Check its braces, "
        "quotes and commas. Nothing was imported.",
        line=line,
    )


def _entries(path: Path, text: str) -> list[tuple[int, dict[str, str]]]:
    """(line, {"ID", "ENTRYTYPE", field: expanded LaTeX text}) of each entry, in file order."""
    with _splitter_quiet():
        library = bibtexparser.entrypoint.parse_string(text, parse_stack=[])
    if library.failed_blocks:
        raise _failure(path, library.failed_blocks[0])
    macros, entries = _Macros(), []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        try:
            if isinstance(block, bibtexparser.model.String):
                macros.define(block.key, block.value)
            elif isinstance(block, bibtexparser.model.Entry):
                fields = {f.key.lower(): macros.expand(str(f.value)) for f in block.fields}
                entries.append((line, {**fields, "ID": block.key, "ENTRYTYPE": block.entry_type}))
        except ChronicleError as err:
            raise DataImportError(
                f"{path.name}, line {line}: {err} Nothing was imported.", line=line
            ) from None
    return entries


def read_bibtex(path: Path, known_keys: dict[str, int]) -> dict[str, Any]:
    """Source records of a .bib file; keys already in the library link to those sources."""
    entries = _entries(path, read_text(path))
    if not entries:
        raise DataImportError(f"{path.name} holds no BibTeX entries.")
    sources = []
    for line, entry in entries:
        where = f"{path.name}, line {line} (entry {entry['ID']!r})"
        if entry["ID"] in known_keys:
            sources.append({"id": f"bib:{entry['ID']}", "_library_id": known_keys[entry["ID"]]})
            continue
        try:
            record = source_from_entry(entry)
        except ChronicleError as err:
            raise DataImportError(f"{where}: {err} Nothing was imported.", line=line) from None
        sources.append(record | {"_where": where})
    return {"sources": sources}
