"""CSL-JSON import of sources, as Zotero, Mendeley and pandoc write it.

Authors ({"family", "given"} or {"literal"}) become "Given Family"; "issued" date-parts become
EDTF (a range when it has two, approximate with "circa"); the citation key is "citation-key"
(newer Zotero), else "id". Items whose key is already a source's citation key are linked to
it rather than imported twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.dates import parse_date
from db.errors import ChronicleError, DataImportError
from db.exchange.encoding import load_json

KINDS = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "book": "book",
    "chapter": "book",
    "entry-encyclopedia": "book",
    "report": "report",
    "webpage": "web",
    "post-weblog": "web",
    "post": "web",
    "dataset": "dataset",
    "interview": "interview",
    "manuscript": "document",
    "document": "document",
    "thesis": "document",
    "legal_case": "document",
    "legislation": "document",
    "personal_communication": "document",
}
_SEASONS = {1: "21", 2: "22", 3: "23", 4: "24"}  # CSL season numbers -> EDTF season codes


def _name(person: Any) -> str:
    if isinstance(person, str):
        return person.strip()
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return str(person["literal"]).strip()
    parts = [
        person.get("given"),
        person.get("non-dropping-particle"),
        person.get("family"),
        person.get("suffix"),
    ]
    return " ".join(str(p).strip() for p in parts if p and str(p).strip())


def _side(parts: Any, season: Any = None) -> str:
    if not isinstance(parts, list) or not parts:
        raise ChronicleError("a date has empty date-parts.")
    try:
        numbers = [int(str(p).strip()) for p in parts[:3]]
    except ValueError:
        raise ChronicleError(f"the date-parts {parts!r} are not numbers.") from None
    year = numbers[0]
    text = f"{'-' if year < 0 else ''}{abs(year):04d}"
    if len(numbers) == 1 and isinstance(season, int | str) and str(season).isdigit():
        return text + "-" + _SEASONS.get(int(season), "21")
    return text + "".join(f"-{n:02d}" for n in numbers[1:])


def csl_date(value: Any) -> str | None:
    """EDTF of a CSL date object ({"date-parts": [[2024, 7, 28]]}, "raw", "literal")."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        value = {"raw": value}
    if not isinstance(value, dict):
        raise ChronicleError(f"a date is {value!r}, not a CSL date object.")
    if value.get("date-parts"):
        sides = [_side(parts, value.get("season")) for parts in value["date-parts"][:2]]
        text = "/".join(sides)
        if value.get("circa") and "/" not in text:
            text += "~"
    else:
        text = str(value.get("raw") or value.get("literal") or "").strip()
        if not text:
            return None
    try:
        return parse_date(text).edtf
    except ChronicleError as err:
        raise ChronicleError(f"the date {text!r} is not a date ({err}).") from None


def _key(item: dict[str, Any]) -> str:
    return str(item.get("citation-key") or item.get("citation_key") or item.get("id") or "")


def source_from_item(item: dict[str, Any], index: int) -> dict[str, Any]:
    """Our source record for one CSL-JSON item."""
    title = " ".join(str(item.get("title") or "").split())
    if not title:
        raise ChronicleError("it has no title.")
    people = item.get("author") or item.get("editor") or []
    if not isinstance(people, list):
        raise ChronicleError("its author must be a list of names.")
    url = str(item.get("URL") or "").strip()
    if not url and item.get("DOI"):
        url = f"https://doi.org/{str(item['DOI']).strip()}"
    key = _key(item)
    return {
        "id": f"csl:{index}",
        "title": title,
        "authors": [n for n in map(_name, people) if n],
        "publisher": str(item.get("container-title") or item.get("publisher") or "").strip(),
        "published": csl_date(item.get("issued")),
        "url": url or None,
        "accessed": csl_date(item.get("accessed")),
        "kind": KINDS.get(str(item.get("type") or ""), "other"),
        "notes": str(item.get("note") or "").strip(),
        "citation_key": key or None,
        # The abstract is the text we have of the work: readable, and checked for copies.
        "full_text": str(item.get("abstract") or "").strip() or None,
    }


def _items(path: Path) -> list[Any]:
    data = load_json(path)
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise DataImportError(f"{path.name} is not CSL-JSON (a list of items).")
    return data


def read_csl_json(path: Path, known_keys: dict[str, int]) -> dict[str, Any]:
    """Source records of a CSL-JSON file; keys already in the library link to those sources."""
    sources = []
    for index, item in enumerate(_items(path)):
        label = f"item {index + 1}"
        if isinstance(item, dict) and _key(item):
            label += f" ({_key(item)!r})"
        where = f"{path.name}, {label}"
        try:
            if not isinstance(item, dict):
                raise ChronicleError("it is not an object.")
            if _key(item) in known_keys:
                sources.append({"id": f"csl:{index}", "_library_id": known_keys[_key(item)]})
                continue
            sources.append(source_from_item(item, index) | {"_where": where})
        except ChronicleError as err:
            raise DataImportError(f"{where}: {err} Nothing was imported.") from None
    return {"sources": sources}
