"""BibTeX (and BibLaTeX) import of sources, through bibtexparser's v1 API.

LaTeX accents become Unicode (our own small converter: bibtexparser's turns {\\'n} into "ŉ"),
names become "Given Family", year/month/day or a BibLaTeX date
become EDTF via `db.dates`, and the entry key becomes the citation key. Entries whose key is
already a source's citation key are not imported twice. bibtexparser skips entries it cannot
read; we count the entries in the text, so such an entry is named (with its line) instead.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import bibtexparser
import sqlalchemy as sa
from bibtexparser.bparser import BibTexParser
from bibtexparser.customization import splitname

from db.dates import parse_date
from db.engine import Library
from db.errors import ChronicleError, DataImportError
from db.exchange.encoding import read_text
from db.exchange.records import ImportReport, load_records
from db.progress import Progress, no_progress
from db.store.snapshots import TABLES

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
_ENTRY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()]*)", re.ASCII)
_NOT_ENTRIES = {"string", "comment", "preamble"}
_CONTAINERS = ("journal", "journaltitle", "booktitle", "publisher", "institution", "school")
_CONTAINERS += ("organization", "howpublished")


def existing_citation_keys(lib: Library) -> dict[str, int]:
    """Citation keys of the library's sources, with their ids."""
    src = TABLES["source"]
    with lib.read() as conn:
        rows = conn.execute(sa.select(src.c.citation_key, src.c.id).where(src.c.citation_key != ""))
        return {key: source_id for key, source_id in rows if key}


# LaTeX accent commands and the combining marks they stand for.
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_LETTERS = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "$": "$",
    "_": "_", "#": "#",
}  # fmt: skip
_ACCENTED = re.compile(
    r"\\(['`^\"~=.])\s*\{?([A-Za-z]|\\[ij](?![A-Za-z])\s?)\}?"
    r"|\\([uvHckr])(?:\s+|\{)([A-Za-z])\}?"
)
_LETTER = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[oOlLij&%$_#])(?![A-Za-z])\s?")
_DASHES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))


def latex_to_text(value: str) -> str:
    """Unicode text of a BibTeX value: accents composed, special letters and dashes."""

    def accent(match: re.Match) -> str:
        mark, letter = (match[1], match[2]) if match[1] else (match[3], match[4])
        letter = {"\\i": "i", "\\j": "j"}.get(letter.strip(), letter)
        return unicodedata.normalize("NFC", letter + _ACCENTS[mark])

    text = _ACCENTED.sub(accent, value)
    text = _LETTER.sub(lambda m: _LETTERS[m[1]], text)
    for latex, char in _DASHES:
        text = text.replace(latex, char)
    return text


def _plain(value: str) -> str:
    """Field text in Unicode, without protective braces, with collapsed white space."""
    return " ".join(latex_to_text(value).replace("{", "").replace("}", "").split())


def _split_names(value: str) -> list[str]:
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def natural_name(name: str) -> str:
    """'Müller, Jörg' -> 'Jörg Müller'; '{World Health Organization}' stays whole."""
    try:
        parts = splitname(name, strict_mode=False)
    except Exception:  # a name bibtexparser cannot split is kept as written
        return _plain(name)
    ordered = [*parts["first"], *parts["von"], *parts["last"], *parts["jr"]]
    return _plain(" ".join(ordered)) or _plain(name)


def _date_texts(entry: dict[str, str]) -> list[str]:
    """Ways to read the entry's date, most precise first."""
    if entry.get("date"):  # BibLaTeX: ISO 8601 / EDTF already, ranges with "/"
        return [_plain(entry["date"])]
    year, month, day = (_plain(entry.get(k, "")) for k in ("year", "month", "day"))
    if not year:
        return []
    if month.isdigit():
        precise = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day.isdigit() else "")
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


def _entry_lines(text: str) -> dict[str, int]:
    """Line of each entry key in the text (for messages)."""
    return {
        match[2]: text.count("\n", 0, match.start()) + 1
        for match in _ENTRY.finditer(text)
        if match[1].lower() not in _NOT_ENTRIES
    }


def read_bibtex(path: Path, known_keys: dict[str, int]) -> dict[str, Any]:
    """Source records of a .bib file; keys already in the library link to those sources."""
    text = read_text(path)
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    try:
        entries = bibtexparser.loads(text, parser=parser).entries
    except Exception as err:  # bibtexparser raises assorted errors on broken files
        raise DataImportError(f"{path.name}: not readable as BibTeX ({err}).") from err
    lines = _entry_lines(text)
    read = {entry["ID"] for entry in entries}
    for key, line in lines.items():
        if key not in read:
            raise DataImportError(
                f"{path.name}, line {line}: the entry {key!r} could not be read (check its "
                "braces, quotes and commas). Nothing was imported.",
                line=line,
            )
    if not entries:
        raise DataImportError(f"{path.name} holds no BibTeX entries.")
    sources = []
    for entry in entries:
        where = f"{path.name}, line {lines.get(entry['ID'], '?')} (entry {entry['ID']!r})"
        if entry["ID"] in known_keys:
            sources.append({"id": f"bib:{entry['ID']}", "_library_id": known_keys[entry["ID"]]})
            continue
        try:
            record = source_from_entry(entry)
        except ChronicleError as err:
            raise DataImportError(f"{where}: {err} Nothing was imported.") from None
        sources.append(record | {"_where": where})
    return {"sources": sources}


def import_bibtex(
    lib: Library, path: Path | str, *, progress: Progress = no_progress
) -> ImportReport:
    """Import the entries of a .bib file as sources: all of them, or on any error none."""
    path = Path(path)
    data = read_bibtex(path, existing_citation_keys(lib))
    return load_records(lib, data, origin=path.name, progress=progress)
