"""GDELT 2.0 event files (raw tab-separated `*.export.CSV`, or their `.zip`), filter first.

A GDELT 2.0 file holds every event its crawler coded in 15 minutes; a day of them is millions
of rows about everything. So the import streams the file line by line and keeps only rows that
pass the filter, which must say something: a date range (SQLDATE), actor codes (Actor1Code or
Actor2Code starts with one of them: "USA" matches "USAGOV"), CAMEO root codes (01-20) and/or
an action country (ActionGeo_CountryCode, FIPS 10-4). A whole file is never taken in.

Each kept row becomes an event keyed by GLOBALEVENTID (dataset "gdelt"): the day of SQLDATE,
a title "actor — CAMEO action — actor" with the CAMEO event root shown by name, the two actors
(by name, else code), the article (SOURCEURL) as a web source, the action place with its
coordinates, DATEADDED as report date, and the codes (Goldstein scale, tone, mentions...) kept.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from db.errors import ChronicleError, DataImportError, ValidationError
from db.exchange.dataset_rows import (
    PreviewRow,
    RowProgress,
    RowSink,
    digest_of,
    estimate_rows,
    row_error,
)
from db.exchange.dataset_rows import preview_rows as _preview_rows
from db.progress import Progress, no_progress

DATASET = "gdelt"
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
# The 61 columns of a GDELT 2.0 events file (GDELT 2.0 Event Codebook), in order.
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR), *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO), *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO), "DATEADDED", "SOURCEURL",
)  # fmt: skip
_AT = {name: index for index, name in enumerate(COLUMNS)}
# CAMEO event root codes (CAMEO codebook v1.1b3).
CAMEO_ROOTS = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten",
    "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce",
    "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
}  # fmt: skip
QUAD_CLASSES = {
    "1": "Verbal cooperation",
    "2": "Material cooperation",
    "3": "Verbal conflict",
    "4": "Material conflict",
}
_KEPT = (
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "IsRootEvent",
    "Actor1Code",
    "Actor2Code",
    "ActionGeo_CountryCode",
)


def cameo_name(code: str) -> str:
    """ "190" -> "Fight (190)": the root category's name with the full code."""
    code = code.strip()
    root = CAMEO_ROOTS.get(code[:2])
    return f"{root} ({code})" if root else f"CAMEO {code}"


@dataclass
class GdeltFilter:
    """Which rows to keep; at least one condition must be given."""

    start: str = ""  # YYYYMMDD, inclusive
    end: str = ""
    actors: list[str] = field(default_factory=list)  # code prefixes, e.g. USA, RUSGOV
    roots: list[str] = field(default_factory=list)  # CAMEO root codes "14", "19"
    countries: list[str] = field(default_factory=list)  # FIPS codes of the action place

    def checked(self) -> GdeltFilter:
        """This filter with normalised values; ValidationError when it says nothing."""
        start, end = _day(self.start, "from"), _day(self.end, "to")
        roots = [r.strip().zfill(2) for r in self.roots if r.strip()]
        unknown = [r for r in roots if r not in CAMEO_ROOTS]
        if unknown:
            raise ValidationError(f"{', '.join(unknown)} are not CAMEO root codes (01-20).")
        result = GdeltFilter(
            start,
            end,
            [a.strip().upper() for a in self.actors if a.strip()],
            roots,
            [c.strip().upper() for c in self.countries if c.strip()],
        )
        if not (start or end or result.actors or roots or result.countries):
            raise ValidationError(
                "GDELT files are imported only through a filter: give a date range, actor "
                "codes, CAMEO root codes or a country."
            )
        return result

    def keeps(self, cells: list[str]) -> bool:
        date = cells[1]
        if (self.start and date < self.start) or (self.end and date > self.end):
            return False
        if self.roots and cells[_AT["EventRootCode"]].zfill(2) not in self.roots:
            return False
        if self.countries and cells[_AT["ActionGeo_CountryCode"]] not in self.countries:
            return False
        if self.actors:
            codes = (cells[_AT["Actor1Code"]], cells[_AT["Actor2Code"]])
            return any(code.startswith(prefix) for code in codes if code for prefix in self.actors)
        return True


def _day(text: str, what: str) -> str:
    digits = text.strip().replace("-", "")
    if not digits:
        return ""
    if len(digits) != 8 or not digits.isdigit():
        raise ValidationError(f"--{what} {text!r}: write a day as 2024-03-15 or 20240315.")
    return digits


@contextmanager
def _lines(path: Path) -> Iterator[IO[str]]:
    """The text of a GDELT file, or of the one file inside its zip, streamed."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if len(names) != 1:
                raise DataImportError(
                    f"{path.name}: expected one GDELT file in the zip. Nothing was imported."
                )
            with archive.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
    else:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            yield fh


def _record(cells: list[str], sink: RowSink, key: str, digest: str) -> dict[str, Any]:
    def cell(name: str) -> str:
        return cells[_AT[name]].strip()

    date = cell("SQLDATE")
    if len(date) != 8 or not date.isdigit():
        raise ValidationError(f"SQLDATE {date!r} is not YYYYMMDD.")
    when = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    action = cameo_name(cell("EventCode"))
    actors, names = [], []
    for side in ("1", "2"):
        name = cell(f"Actor{side}Name") or cell(f"Actor{side}Code")
        if name:
            name = name.title() if cell(f"Actor{side}Name") else name  # GDELT writes CAPITALS
            names.append(name)
            actors.append({"actor": sink.actor(name), "role": f"actor {side}"})
    title = " — ".join([names[0] if names else "?", action, *names[1:]])
    url = cell("SOURCEURL")
    added = cell("DATEADDED")
    reported = (
        (f"{added[:4]}-{added[4:6]}-{added[6:8]}T{added[8:10]}:{added[10:12]}:{added[12:14]}Z")
        if len(added) == 14
        else None
    )
    root = cell("EventRootCode").zfill(2)
    tags = ["GDELT", f"CAMEO {root}: {CAMEO_ROOTS.get(root, 'unknown')}"]
    if cell("QuadClass") in QUAD_CLASSES:
        tags.append(QUAD_CLASSES[cell("QuadClass")])
    return {
        "title": title,
        "when": when,
        "category": CAMEO_ROOTS.get(root, ""),
        "tags": tags,
        "actors": [a for i, a in enumerate(actors) if a not in actors[:i]],
        "citations": [{"source": sink.source(url, kind="web", url=url)}] if url else [],
        "_external": {
            "dataset": DATASET,
            "key": key,
            "digest": digest,
            "reported": reported,
            "data": {name: cell(name) for name in _KEPT if cell(name)},
        },
        "_place": {
            "name": cell("ActionGeo_FullName"),
            "country": cell("ActionGeo_CountryCode"),
            "latitude": cell("ActionGeo_Lat"),
            "longitude": cell("ActionGeo_Long"),
            "precision": int(cell("ActionGeo_Type")) if cell("ActionGeo_Type").isdigit() else None,
        },
    }


def read_gdelt(
    path: Path, sink: RowSink, keep: GdeltFilter, progress: Progress = no_progress
) -> Iterator[dict[str, Any]]:
    """Records of the rows of `path` that `keep` keeps, streamed."""
    path = Path(path)
    origin = path.name
    tick = RowProgress(progress, estimate_rows(path) if not zipfile.is_zipfile(path) else 0)
    with _lines(path) as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for cells in reader:
            tick()
            line = reader.line_num
            if not cells:
                continue
            if len(cells) != len(COLUMNS):
                raise row_error(
                    origin,
                    line,
                    None,
                    f"it has {len(cells)} fields; a GDELT 2.0 event row has "
                    f"{len(COLUMNS)} (is this a GDELT 2.0 events file?)",
                )
            if not keep.keeps(cells):
                continue
            key = cells[0].strip()
            digest = digest_of(cells)
            try:
                if not sink.wants(key, digest):
                    continue
                rec = _record(cells, sink, key, digest)
            except ChronicleError as err:
                raise row_error(origin, line, None, err) from err
            rec["_where"] = f"{origin}, line {line}"
            yield sink.event(rec)
    tick.finish()


def preview_gdelt(path: Path | str, keep: GdeltFilter, limit: int = 20) -> list[PreviewRow]:
    keep = keep.checked()
    return _preview_rows(lambda sink: read_gdelt(Path(path), sink, keep), limit)
