"""The `.timeline` files of thetimelineproj ("Timeline", timeline.sourceforge.net), both ways.

Import (gregoriantime files, the XML written since Timeline 0.10; the older text format of
0.1-0.9 is refused by name):

- categories -> tags with their colours; an event's category -> its category (lanes by
  category) and a tag; extra <categories> and comma-separated <labels> -> tags;
- events -> events: start/end -> an EDTF point or interval (to the day when both times are
  00:00:00, else to the minute or second); fuzzy -> approximate ends (`~`); locked -> tag
  "locked"; ends_today -> an open end (`/..`); milestone -> tag "milestone"; description ->
  summary; hyperlink(s) -> web sources cited by the event; default colour -> colour;
- containers ("[1]Name") -> span events tagged "container"; their subevents ("(1)Name") ->
  "part of" relations to the container;
- eras -> span events tagged "era" with the era's colour; the timeline draws them as bands
  behind the lanes (View > Show Eras as Bands; see db/queries/layers.py);
- icons, alerts and progress are not kept (the summary says how many were left out).

Export writes the mirror image, so a file read in and written out reads back the same.
Years are astronomical in both (0 is 1 BC), as Timeline's own gregorian time type has them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from db.atomic import atomic_write
from db.dates import Precision, format_date, key_to_civil, parse_date
from db.engine import Library
from db.errors import ChronicleError, DataImportError
from db.exchange.library_records import iter_records, record_counts
from db.progress import Progress, no_progress

if TYPE_CHECKING:
    from db.exchange.dataset_rows import PreviewRow

ERA_TAG, CONTAINER_TAG, LOCKED_TAG, MILESTONE_TAG = "era", "container", "locked", "milestone"
_MARKER_TAGS = {ERA_TAG, CONTAINER_TAG, LOCKED_TAG, MILESTONE_TAG}
_TIME = re.compile(r"(-?\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)")
_CONTAINER = re.compile(r"\[(-?\d+)\](.*)", re.S)
_SUBEVENT = re.compile(r"\((-?\d+)\)(.*)", re.S)
_DEFAULT_COLOR = "200,200,200"
_VERSION = "2.4.0"  # the file format of Timeline 2.x, which reads every tag written here


# ---------------------------------------------------------------- reading


def _color(text: str | None) -> str | None:
    """ "255,128,0" -> "#ff8000"."""
    if not text:
        return None
    try:
        parts = [int(p) for p in text.split(",")[:3]]
    except ValueError:
        return None
    if len(parts) != 3 or not all(0 <= p <= 255 for p in parts):
        return None
    return "#" + "".join(f"{p:02x}" for p in parts)


def _side(text: str, where: str) -> tuple[str, bool]:
    """(EDTF of one time string, whether it has a time of day)."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise DataImportError(
            f"{where}: the time {text!r} is not like 2013-03-30 11:16:00. Nothing was imported."
        )
    year, month, day, hour, minute, second = (int(g) for g in match.groups())
    year_text = f"-{-year:04d}" if year < 0 else f"{year:04d}"
    date = f"{year_text}-{month:02d}-{day:02d}"
    if (hour, minute, second) == (0, 0, 0):
        return date, False
    clock = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second else "")
    return f"{date}T{clock}", True


def timeline_when(start: str, end: str, *, fuzzy: bool, ends_today: bool, where: str) -> str:
    """EDTF for a Timeline period (see the module docstring)."""
    first, first_timed = _side(start, where)
    last, last_timed = _side(end, where)
    if first_timed != last_timed:  # one end at midnight: say the time on both
        first = first if first_timed else first + "T00:00"
        last = last if last_timed else last + "T00:00"
    mark = "~" if fuzzy else ""
    if ends_today:
        return f"{first}{mark}/.."
    if first == last:
        return first + mark
    return f"{first}{mark}/{last}{mark}"


def _text(element: Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "") if found is not None else ""


def _flag(element: Element, tag: str) -> bool:
    return _text(element, tag).strip() == "True"


def _root(path: Path) -> Element:
    origin = path.name
    head = path.read_bytes()[:200]
    if head.startswith(b"#"):
        raise DataImportError(
            f"{origin}: this is a .timeline file of Timeline 0.9 or older (text format); "
            "open and save it in a newer Timeline first. Nothing was imported."
        )
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise DataImportError(
            f"{origin}: not a readable .timeline file ({err}). Nothing was imported."
        ) from err
    if root is None or root.tag != "timeline":
        raise DataImportError(
            f"{origin}: not a .timeline file (no <timeline>). Nothing was imported."
        )
    timetype = _text(root, "timetype").strip() or "gregoriantime"
    if timetype != "gregoriantime":
        raise DataImportError(
            f"{origin}: its time type is {timetype!r}; only calendar dates (gregoriantime) "
            "can be imported. Nothing was imported."
        )
    return root


def _event_record(event: Element, index: int, origin: str, data: dict[str, Any]) -> dict[str, Any]:
    where = f"{origin}, event {index + 1}"
    text = _text(event, "text")
    tags: list[str] = []
    container = _CONTAINER.fullmatch(text)
    sub = _SUBEVENT.fullmatch(text)
    if container:
        text = container[2]
        tags.append(CONTAINER_TAG)
        data["_containers"][container[1]] = f"event-{index}"
    elif sub:
        text = sub[2]
        data["_parts"].append((f"event-{index}", sub[1], where))
    elif text.startswith((" (", " [")):
        text = text[1:]
    where += f" ({text.strip()[:40]})"
    category = _text(event, "category").strip()
    extra = [c.text.strip() for c in event.findall("categories/category") if c.text]
    extra += [lbl.strip() for lbl in _text(event, "labels").split(",") if lbl.strip()]
    tags += [category] if category else []
    tags += extra
    tags += [LOCKED_TAG] if _flag(event, "locked") else []
    tags += [MILESTONE_TAG] if _flag(event, "milestone") else []
    left_out = [name for name in ("icon", "alert") if _text(event, name).strip()]
    progress = _text(event, "progress").strip()
    left_out += ["progress"] if progress not in ("", "0") else []
    data["_left_out"] += len(left_out)
    citations = []
    for url in filter(None, (u.strip() for u in _text(event, "hyperlink").split(";"))):
        data["sources"].setdefault(url, {"id": url, "title": url, "url": url, "kind": "web"})
        citations.append({"source": url})
    record = {
        "id": f"event-{index}",  # not a number: the library numbers the events itself
        "title": text.strip(),
        "summary": _text(event, "description"),
        "when": timeline_when(
            _text(event, "start"),
            _text(event, "end"),
            fuzzy=_flag(event, "fuzzy"),
            ends_today=_flag(event, "ends_today"),
            where=where,
        ),
        "category": category,
        "tags": list(dict.fromkeys(tags)),
        "citations": citations,
        "_where": where,
    }
    color = _color(_text(event, "default_color"))
    if color and not category and _text(event, "default_color").strip() != _DEFAULT_COLOR:
        record["color"] = color
    if container:
        record["kind"] = "span"
    return record


def read_timeline(path: Path) -> dict[str, Any]:
    """Our records (tags, sources, events, relations) for a .timeline file."""
    path = Path(path)
    origin = path.name
    root = _root(path)
    tags = [{"name": ERA_TAG, "color": None}] if root.find("eras/era") is not None else []
    for category in root.findall("categories/category"):
        name = _text(category, "name").strip()
        if name:
            tags.append({"name": name, "color": _color(_text(category, "color"))})
    data: dict[str, Any] = {"sources": {}, "_containers": {}, "_parts": [], "_left_out": 0}
    events = []
    for index, element in enumerate(root.findall("events/event")):
        events.append(_event_record(element, index, origin, data))
    for number, era in enumerate(root.findall("eras/era"), start=1):
        where = f"{origin}, era {number}"
        when = timeline_when(
            _text(era, "start"),
            _text(era, "end"),
            fuzzy=False,
            ends_today=_flag(era, "ends_today"),
            where=where,
        )
        rec = {
            "id": f"era-{number}",
            "title": _text(era, "name").strip() or "Era",
            "when": when,
            "kind": "span",
            "tags": [ERA_TAG],
            "_where": where,
        }
        color = _color(_text(era, "color"))
        if color:
            rec["color"] = color
        events.append(rec)
    relations = []
    for event_id, container_id, where in data["_parts"]:
        if container_id not in data["_containers"]:
            raise DataImportError(
                f"{where}: it belongs to container {container_id}, which is not in the file. "
                "Nothing was imported."
            )
        relations.append(
            {
                "from": {"kind": "event", "id": event_id},
                "type": "part of",
                "to": {"kind": "event", "id": data["_containers"][container_id]},
            }
        )
    return {
        "tags": tags,
        "sources": list(data["sources"].values()),
        "events": events,
        "relations": relations,
        "_left_out": data["_left_out"],
    }


def preview_timeline(path: Path | str, limit: int = 20) -> list[PreviewRow]:
    from db.exchange.dataset_rows import PreviewRow

    rows: list[PreviewRow] = []
    for rec in read_timeline(Path(path))["events"][:limit]:
        try:
            date = parse_date(rec["when"])
            shown, precision = format_date(date), str(date.precision)
        except ChronicleError as err:
            shown, precision = f"refused: {err}", ""
        where = rec["_where"].split(", ", 1)[-1].split(" (", 1)[0]
        details = ", ".join(rec.get("tags", []))
        rows.append(PreviewRow(where, rec["title"], rec["when"], shown, precision, details))
    return rows


# ---------------------------------------------------------------- writing

_UNIT_SECONDS = {Precision.HOUR: 3600, Precision.MINUTE: 60, Precision.SECOND: 1}


def _time_string(key: int) -> str:
    year, month, day, hour, minute, second = key_to_civil(key)
    return f"{year}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"


def _period(edtf: str) -> tuple[str, str, bool, bool]:
    """(start, end, fuzzy, ends_today) of a stored date, the mirror of `timeline_when`."""
    date = parse_date(edtf)
    unit = _UNIT_SECONDS.get(date.precision, 86_400)
    start = _time_string(date.start_key)
    if date.open_end or (not date.is_interval and unit < 86_400):
        end = start
    else:
        end = _time_string(date.end_key - unit)
    return start, end, date.approximate, date.open_end


def _tag(out: list[str], indent: int, name: str, value: Any) -> None:
    out.append(f"{' ' * indent}<{name}>{escape(str(value))}</{name}>")


def _rgb(color: str | None) -> str:
    if not color:
        return _DEFAULT_COLOR
    return ",".join(str(int(color[i : i + 2], 16)) for i in (1, 3, 5))


def _category_names(rec: dict[str, Any]) -> list[str]:
    names = [rec["category"]] if rec.get("category") else []
    names += [t for t in rec.get("tags", []) if t not in _MARKER_TAGS and t not in names]
    return names


def _write_event(out: list[str], rec: dict[str, Any], text: str, urls: dict[int, str]) -> None:
    start, end, fuzzy, ends_today = _period(rec["when"])
    out.append("    <event>")
    _tag(out, 6, "start", start)
    _tag(out, 6, "end", end)
    _tag(out, 6, "text", text)
    _tag(out, 6, "fuzzy", fuzzy)
    _tag(out, 6, "locked", LOCKED_TAG in rec.get("tags", []))
    _tag(out, 6, "ends_today", ends_today)
    names = _category_names(rec)
    if names:
        _tag(out, 6, "category", names[0])
    if len(names) > 1:
        out.append("      <categories>")
        for name in names:
            _tag(out, 8, "category", name)
        out.append("      </categories>")
    if rec.get("summary"):
        _tag(out, 6, "description", rec["summary"])
    links = [urls[c["source"]] for c in rec.get("citations", []) if c["source"] in urls]
    if links:
        _tag(out, 6, "hyperlink", "; ".join(links))
    _tag(out, 6, "default_color", _rgb(rec.get("color")))
    if MILESTONE_TAG in rec.get("tags", []):
        _tag(out, 6, "milestone", True)
    out.append("    </event>")


def _texts(events: list[dict[str, Any]], relations: list[dict[str, Any]]) -> dict[int, str]:
    """The <text> of each event: "[id]" before containers, "(id)" before their subevents."""
    parent_of = {
        rel["from"]["id"]: rel["to"]["id"]
        for rel in relations
        if rel["type"] == "part of" and rel["from"]["kind"] == rel["to"]["kind"] == "event"
    }
    containers = {rec["id"] for rec in events if CONTAINER_TAG in rec["tags"]}
    texts = {}
    for rec in events:
        title = rec["title"]
        if rec["id"] in containers:
            texts[rec["id"]] = f"[{rec['id']}]{title}"
        elif parent_of.get(rec["id"]) in containers:
            texts[rec["id"]] = f"({parent_of[rec['id']]}){title}"
        else:
            texts[rec["id"]] = f" {title}" if title.startswith(("(", "[")) else title
    return texts


def _write_categories(
    out: list[str], events: list[dict[str, Any]], colors: dict[str, str | None]
) -> None:
    used = dict.fromkeys(name for rec in events for name in _category_names(rec))
    out.append("  <categories>")
    for name in used:
        out.append("    <category>")
        _tag(out, 6, "name", name)
        _tag(out, 6, "color", _rgb(colors.get(name)))
        _tag(out, 6, "font_color", "0,0,0")
        out.append("    </category>")
    out.append("  </categories>")


def export_timeline(lib: Library, path: Path | str, *, progress: Progress = no_progress) -> Path:
    """Write the library's events as a .timeline file for thetimelineproj."""
    path = Path(path)
    with lib.read() as conn:
        total = record_counts(conn)["events"]
        progress(0, max(total, 1))
        colors = {t["name"]: t["color"] for t in iter_records(conn, "tags")}
        events = list(iter_records(conn, "events"))
        relations = list(iter_records(conn, "relations"))
        sources = {s["id"]: s.get("url") for s in iter_records(conn, "sources")}
        urls = {sid: url for sid, url in sources.items() if url}
    eras = [rec for rec in events if ERA_TAG in rec["tags"]]
    others = [rec for rec in events if ERA_TAG not in rec["tags"]]
    texts = _texts(others, relations)
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<timeline>"]
    _tag(out, 2, "version", _VERSION)
    _tag(out, 2, "timetype", "gregoriantime")
    if eras:
        out.append("  <eras>")
        for rec in eras:
            start, end, _fuzzy, ends_today = _period(rec["when"])
            out.append("    <era>")
            for name, value in (
                ("name", rec["title"]),
                ("start", start),
                ("end", end),
                ("color", _rgb(rec.get("color") or colors.get(ERA_TAG))),
                ("ends_today", ends_today),
            ):
                _tag(out, 6, name, value)
            out.append("    </era>")
        out.append("  </eras>")
    _write_categories(out, others, colors)
    out.append("  <events>")
    ordered = sorted(others, key=lambda rec: not texts[rec["id"]].startswith("["))
    for done, rec in enumerate(ordered, start=1):
        _write_event(out, rec, texts[rec["id"]], urls)
        if done % 2_000 == 0:
            progress(done, max(total, 1))
    out.append("  </events>")
    out += ["  <view>", "    <hidden_categories>", "    </hidden_categories>", "  </view>"]
    out.append("</timeline>")
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    progress(max(total, 1), max(total, 1))
    return path
