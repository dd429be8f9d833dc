"""thetimelineproj .timeline files: its real sample files, every feature, and a round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from db.engine import create_library
from db.errors import DataImportError
from db.exchange.imports import import_timeline
from db.exchange.library_records import export_records
from db.exchange.thetimeline import export_timeline, timeline_when
from db.store.snapshots import TABLES

FIXTURES = Path(__file__).parents[2] / "fixtures" / "timelineproj"

# Written the way Timeline 2.x writes them (dataexport/timelinexml.py's tags and order).
FEATURES = """<?xml version="1.0" encoding="utf-8"?>
<timeline>
  <version>2.2.0</version>
  <timetype>gregoriantime</timetype>
  <eras>
    <era>
      <name>Cold War</name>
      <start>1947-03-12 00:00:00</start>
      <end>1991-12-26 00:00:00</end>
      <color>200,100,100</color>
      <ends_today>False</ends_today>
    </era>
  </eras>
  <categories>
    <category>
      <name>Space</name>
      <color>0,128,255</color>
      <font_color>0,0,0</font_color>
    </category>
  </categories>
  <events>
    <event>
      <start>1961-01-01 00:00:00</start>
      <end>1972-12-31 00:00:00</end>
      <text>[7]Space race</text>
      <fuzzy>False</fuzzy>
      <locked>False</locked>
      <ends_today>False</ends_today>
      <category>Space</category>
      <default_color>200,200,200</default_color>
    </event>
    <event>
      <start>1969-07-20 20:17:00</start>
      <end>1969-07-20 20:17:00</end>
      <text>(7)Moon landing</text>
      <fuzzy>False</fuzzy>
      <locked>True</locked>
      <ends_today>False</ends_today>
      <category>Space</category>
      <description>Eagle has landed &amp; more</description>
      <hyperlink>https://example.org/apollo11</hyperlink>
      <default_color>200,200,200</default_color>
    </event>
    <event>
      <start>-43-03-15 00:00:00</start>
      <end>-43-03-15 00:00:00</end>
      <text> (not a subevent) Ides of March</text>
      <fuzzy>True</fuzzy>
      <locked>False</locked>
      <ends_today>False</ends_today>
      <default_color>255,0,0</default_color>
      <milestone>True</milestone>
    </event>
  </events>
  <view>
    <hidden_categories>
    </hidden_categories>
  </view>
</timeline>
"""


@pytest.fixture
def lib(new_lib):
    return new_lib


@pytest.mark.parametrize(
    ("start", "end", "fuzzy", "ends_today", "edtf"),
    [
        ("2013-03-30 00:00:00", "2013-03-30 00:00:00", False, False, "2013-03-30"),
        ("2013-03-30 11:16:00", "2013-03-30 11:16:00", False, False, "2013-03-30T11:16"),
        ("2013-03-30 11:16:05", "2013-03-30 11:16:05", False, False, "2013-03-30T11:16:05"),
        ("2013-03-01 00:00:00", "2013-03-05 00:00:00", False, False, "2013-03-01/2013-03-05"),
        ("2013-03-01 00:00:00", "2013-03-05 00:00:00", True, False, "2013-03-01~/2013-03-05~"),
        ("2013-03-01 00:00:00", "2013-03-01 12:30:00", False, False,
         "2013-03-01T00:00/2013-03-01T12:30"),
        ("2013-03-01 00:00:00", "2020-01-01 00:00:00", False, True, "2013-03-01/.."),
        ("-43-03-15 00:00:00", "-43-03-15 00:00:00", False, False, "-0043-03-15"),
    ],
)  # fmt: skip
def test_time_mapping_table(start, end, fuzzy, ends_today, edtf):
    assert timeline_when(start, end, fuzzy=fuzzy, ends_today=ends_today, where="x") == edtf


def test_the_projects_release_history_imports_with_category_colours(lib):
    report = import_timeline(lib, FIXTURES / "versions.timeline")
    data = export_records(lib)
    assert report.counts["events"] == 59 == len(data["events"])
    assert {t["name"]: t["color"] for t in data["tags"]} == {
        "Planned Release": "#80ff80",
        "Correction Release": "#ff80ff",
        "Future Release": "#80ffff",
    }
    first = data["events"][0]
    assert (first["title"], first["when"], first["category"]) == (
        "Timeline 0.20.0",
        "2013-03-30T11:16",
        "Planned Release",
    )
    assert first["summary"].startswith("Timeline 0.20.0, released on 30 March 2013")


def test_the_minimal_example_imports(lib):
    import_timeline(lib, FIXTURES / "example.timeline")
    (event,) = export_records(lib)["events"]
    assert (event["title"], event["when"], event["tags"]) == ("Test", "2012-07-04T13:20", ["Test"])


def test_eras_containers_hyperlinks_fuzzy_locked_and_milestones(lib, tmp_path):
    path = tmp_path / "features.timeline"
    path.write_text(FEATURES, encoding="utf-8")
    import_timeline(lib, path)
    data = export_records(lib)
    events = {e["title"]: e for e in data["events"]}
    era = events["Cold War"]
    assert (era["when"], era["kind"], era["tags"], era["color"]) == (
        "1947-03-12/1991-12-26", "span", ["era"], "#c86464",
    )  # fmt: skip
    assert events["Space race"]["tags"] == ["Space", "container"]
    moon = events["Moon landing"]
    assert moon["summary"] == "Eagle has landed & more" and "locked" in moon["tags"]
    (relation,) = data["relations"]
    assert relation["type"] == "part of"
    assert (
        relation["from"]["id"] == moon["id"]
        and relation["to"]["id"] == (events["Space race"]["id"])
    )
    (source,) = data["sources"]
    assert source["url"] == "https://example.org/apollo11" and source["kind"] == "web"
    ides = events["(not a subevent) Ides of March"]
    assert (ides["when"], ides["color"]) == ("-0043-03-15~", "#ff0000")
    assert "milestone" in ides["tags"]


def test_round_trip_keeps_everything_it_imported(tmp_path):
    for name, text in (("features", FEATURES), ("versions", None)):
        source = tmp_path / f"{name}.timeline"
        if text is None:
            source.write_bytes((FIXTURES / "versions.timeline").read_bytes())
        else:
            source.write_text(text, encoding="utf-8")
        first = create_library(tmp_path / f"{name}-1.chronicle")
        import_timeline(first, source)
        written = export_timeline(first, tmp_path / f"{name}-out.timeline")
        second = create_library(tmp_path / f"{name}-2.chronicle")
        import_timeline(second, written)
        a, b = export_records(first), export_records(second)
        first.close(), second.close()

        def events(data):
            return sorted(
                (e["title"], e["when"], e["summary"], e["category"], sorted(e["tags"]),
                 e["color"], e["kind"]) for e in data["events"]
            )  # fmt: skip

        assert events(a) == events(b)
        assert sorted((t["name"], t["color"]) for t in a["tags"]) == sorted(
            (t["name"], t["color"]) for t in b["tags"]
        )
        assert len(a["relations"]) == len(b["relations"])
        assert [s["url"] for s in a["sources"]] == [s["url"] for s in b["sources"]]


def test_bad_files_are_refused_by_name_and_place(lib, tmp_path):
    old = tmp_path / "old.timeline"
    old.write_text("# Written by Timeline 0.2.0\nCATEGORY:Work;173,216,230;False\n")
    with pytest.raises(DataImportError, match=r"Timeline 0\.9 or older"):
        import_timeline(lib, old)
    broken = tmp_path / "broken.timeline"
    broken.write_text(FEATURES.replace("1969-07-20 20:17:00</start>", "20 July 1969</start>"))
    with pytest.raises(DataImportError, match=r"broken.timeline, event 2 \(Moon landing\): the "
                       r"time '20 July 1969' is not like"):  # fmt: skip
        import_timeline(lib, broken)
    orphan = tmp_path / "orphan.timeline"
    orphan.write_text(FEATURES.replace("[7]Space race", "Space race"))
    with pytest.raises(DataImportError, match="container 7, which is not in the file"):
        import_timeline(lib, orphan)
    with lib.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(TABLES["event"])).scalar() == 0
