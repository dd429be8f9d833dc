"""Made-up files in the exact published layouts of ACLED, Wikidata SPARQL results and GDELT 2.0.

ACLED's terms forbid redistributing its data, so tests and benchmarks never use real rows:
every name, place, note and number here is generated (fictional countries "Testland" and
"Otherland"). The column layouts are the published ones (`db.exchange.acled.COLUMNS`,
`db.exchange.gdelt.COLUMNS`, the query service's JSON/CSV result formats).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

from db.exchange.acled import COLUMNS as ACLED_COLUMNS

_EVENT_TYPES = (
    ("Political violence", "Battles", "Armed clash"),
    ("Political violence", "Violence against civilians", "Attack"),
    ("Demonstrations", "Protests", "Peaceful protest"),
    ("Demonstrations", "Riots", "Mob violence"),
    ("Strategic developments", "Strategic developments", "Agreement"),
    ("Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
)
_ACTORS = (
    ("Military Forces of Testland (2019-)", "1"),
    ("Liberation Front of the Hills", "2"),
    ("Party of Progress Militia", "3"),
    ("Valley Clan Militia", "4"),
    ("Rioters (Testland)", "5"),
    ("Protesters (Testland)", "6"),
    ("Civilians (Testland)", "7"),
    ("Otherland Peacekeepers", "8"),
)
_SOURCES = ("Testland Daily", "Hill Radio", "Otherland Wire", "Local observer network")
_SCALES = ("National", "Subnational", "International", "Local partner-National")
_PLACES = (
    ("Northtown", "North Province", 12.5, 30.25),
    ("Riverside", "River Province", 10.125, 31.5),
    ("Hill Camp", "Hill Province", 13.75, 29.0),
)


def acled_row(n: int, rng: random.Random, *, revision: int = 0) -> list[str]:
    """One made-up row in ACLED's column order; `revision` changes notes and fatalities."""
    disorder, event_type, sub_type = _EVENT_TYPES[n % len(_EVENT_TYPES)]
    actor1, inter1 = _ACTORS[n % len(_ACTORS)]
    actor2, inter2 = _ACTORS[(n * 7 + 3) % len(_ACTORS)] if n % 3 else ("", "0")
    day = dt.date(2018, 1, 1) + dt.timedelta(days=n % 2500)
    location, admin1, lat, long = _PLACES[n % len(_PLACES)]
    interaction = "".join(sorted(inter1 + (inter2 if inter2 != "0" else "")))
    values = {
        "event_id_cnty": f"TST{n}",
        "event_date": day.isoformat(),
        "year": str(day.year),
        "time_precision": str(1 + (n % 10 == 0) + (n % 50 == 0)),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": actor1,
        "assoc_actor_1": "Hill Youth; Farmers (Testland)" if n % 4 == 0 else "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": "Civilian targeting" if inter2 == "7" else "",
        "iso": "999",
        "region": "Imaginary Region",
        "country": "Testland",
        "admin1": admin1,
        "admin2": f"{admin1} District {n % 5}",
        "admin3": "",
        "location": location,
        "latitude": f"{lat + (n % 100) / 1000:.4f}",
        "longitude": f"{long - (n % 100) / 1000:.4f}",
        "geo_precision": str(1 + n % 3),
        "source": "; ".join(_SOURCES[n % 4 : n % 4 + 1 + n % 2]),
        "source_scale": _SCALES[n % len(_SCALES)],
        "notes": (
            f"On {day.isoformat()}, made-up event number {n} in {location}: a generated note "
            f"for testing that stands in for ACLED's description (revision {revision})."
        ),
        "fatalities": str((n * 13 + revision) % 7),
        "tags": "crowd size=no report" if event_type == "Protests" else "",
        "timestamp": str(1_700_000_000 + n + revision * 1_000_000),
    }
    return [values[name] for name in ACLED_COLUMNS]


def write_acled(path: Path, rows: int, *, changed_every: int = 0, skip_every: int = 0) -> Path:
    """An ACLED CSV of `rows` made-up events; every `changed_every`-th row revised, every
    `skip_every`-th row left out (as ACLED deletes events), for re-import tests."""
    rng = random.Random(18)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ACLED_COLUMNS)
        for n in range(rows):
            if skip_every and n % skip_every == skip_every - 1:
                continue
            revised = 1 if changed_every and n % changed_every == 0 else 0
            writer.writerow(acled_row(n, rng, revision=revised))
    return path


# ---------------------------------------------------------------- Wikidata

_XSD = "http://www.w3.org/2001/XMLSchema#"
_ENTITY = "http://www.wikidata.org/entity/"
GREGORIAN = _ENTITY + "Q1985727"
JULIAN = _ENTITY + "Q1985786"
WIKIDATA_VARS = (
    "item", "itemLabel", "itemDescription", "point", "pointPrecision", "pointCalendar",
    "start", "startPrecision", "startCalendar", "end", "endPrecision", "endCalendar",
    "circa", "participant", "participantLabel",
)  # fmt: skip


def wikidata_rows(count: int) -> list[dict[str, str]]:
    """Made-up result rows (plain values) of the documented query, one item per row."""
    rows = []
    for n in range(count):
        year = 1500 + n % 500
        row = {
            "item": f"{_ENTITY}Q{900000 + n}",
            "itemLabel": f"Generated event {n}",
            "itemDescription": "a made-up item for testing",
            "participant": f"{_ENTITY}Q{100 + n % 50}",
            "participantLabel": f"Generated participant {n % 50}",
        }
        if n % 4 == 3:
            row |= {"start": f"{year}-03-01T00:00:00Z", "startPrecision": "10"}
            row |= {"end": f"{year + 1}-00-00T00:00:00Z", "endPrecision": "9"}
            row |= {"startCalendar": GREGORIAN, "endCalendar": GREGORIAN}
        else:
            calendar = JULIAN if year < 1582 else GREGORIAN
            row |= {"point": f"{year}-06-15T00:00:00Z", "pointPrecision": str(9 + n % 3)}
            row |= {"pointCalendar": calendar}
        if n % 10 == 0:
            row["circa"] = "true"
        rows.append(row)
    return rows


def write_wikidata_json(path: Path, rows: list[dict[str, str]]) -> Path:
    """The query service's SPARQL JSON results for `rows`."""
    bindings = []
    for row in rows:
        binding = {}
        for name, value in row.items():
            if name in ("item", "participant") or name.endswith("Calendar"):
                binding[name] = {"type": "uri", "value": value}
            elif name.endswith("Precision"):
                binding[name] = {"datatype": _XSD + "integer", "type": "literal", "value": value}
            elif name in ("point", "start", "end"):
                binding[name] = {"datatype": _XSD + "dateTime", "type": "literal", "value": value}
            elif name == "circa":
                binding[name] = {"datatype": _XSD + "boolean", "type": "literal", "value": value}
            else:
                binding[name] = {"xml:lang": "en", "type": "literal", "value": value}
        bindings.append(binding)
    data = {"head": {"vars": list(WIKIDATA_VARS)}, "results": {"bindings": bindings}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_wikidata_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """The query service's CSV results for `rows` (plain values, empty when unbound)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, WIKIDATA_VARS)
        writer.writeheader()
        writer.writerows(rows)
    return path


# ---------------------------------------------------------------- GDELT


def gdelt_row(n: int) -> list[str]:
    """One made-up GDELT 2.0 event row (61 tab-separated fields in the codebook's order)."""
    from db.exchange.gdelt import COLUMNS as GDELT_COLUMNS

    day = dt.date(2024, 1, 1) + dt.timedelta(days=n % 60)
    root = f"{1 + n % 20:02d}"
    actor1, actor2 = ("USAGOV", "RUSMIL", "TSTREB", "")[n % 4], ("TSTGOV", "", "USA", "")[n % 3]
    values = dict.fromkeys(GDELT_COLUMNS, "")
    values |= {
        "GLOBALEVENTID": str(1_100_000_000 + n),
        "SQLDATE": day.strftime("%Y%m%d"),
        "MonthYear": day.strftime("%Y%m"),
        "Year": str(day.year),
        "FractionDate": f"{day.year + (day.timetuple().tm_yday / 365):.4f}",
        "Actor1Code": actor1,
        "Actor1Name": {"USAGOV": "UNITED STATES", "RUSMIL": "RUSSIA", "TSTREB": "REBEL"}.get(
            actor1, ""
        ),
        "Actor2Code": actor2,
        "Actor2Name": {"TSTGOV": "TESTLAND", "USA": "UNITED STATES"}.get(actor2, ""),
        "IsRootEvent": "1",
        "EventCode": f"{root}{n % 3}",
        "EventBaseCode": f"{root}{n % 3}",
        "EventRootCode": root,
        "QuadClass": str(1 + n % 4),
        "GoldsteinScale": f"{(n % 20) - 10:.1f}",
        "NumMentions": str(1 + n % 9),
        "NumSources": "1",
        "NumArticles": str(1 + n % 9),
        "AvgTone": f"{(n % 7) - 3.5:.3f}",
        "ActionGeo_Type": "4",
        "ActionGeo_FullName": ("Northtown, Testland", "Capital, Otherland")[n % 2],
        "ActionGeo_CountryCode": ("TS", "OT")[n % 2],
        "ActionGeo_Lat": "12.5",
        "ActionGeo_Long": "30.25",
        "DATEADDED": day.strftime("%Y%m%d") + "151500",
        "SOURCEURL": f"https://news.example/story/{n}",
    }
    return [values[name] for name in GDELT_COLUMNS]


def write_gdelt(path: Path, rows: int) -> Path:
    """A GDELT 2.0 events file (no header, tab-separated) of made-up rows."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for n in range(rows):
            fh.write("\t".join(gdelt_row(n)) + "\n")
    return path
