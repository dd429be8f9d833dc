"""GDELT 2.0 events: only filtered rows come in, CAMEO codes by name, bad rows named."""

from __future__ import annotations

import zipfile

import pytest

from benchmarks.dataset_files import gdelt_row, write_gdelt
from db.errors import DataImportError
from db.exchange.gdelt import COLUMNS, GdeltFilter, cameo_name, preview_gdelt
from db.exchange.imports import import_gdelt
from db.exchange.library_records import export_records


@pytest.fixture
def lib(new_lib):
    return new_lib


def test_the_layout_has_the_61_codebook_columns():
    assert len(COLUMNS) == 61
    assert COLUMNS[:2] == ("GLOBALEVENTID", "SQLDATE") and COLUMNS[-2:] == (
        "DATEADDED",
        "SOURCEURL",
    )
    assert COLUMNS.index("EventRootCode") == 28 and COLUMNS.index("ActionGeo_CountryCode") == 53


@pytest.mark.parametrize(
    ("code", "name"),
    [("14", "Protest (14)"), ("190", "Fight (190)"), ("0211", "Appeal (0211)"),
     ("99", "CAMEO 99")],
)  # fmt: skip
def test_cameo_codes_are_shown_by_name(code, name):
    assert cameo_name(code) == name


def test_only_rows_passing_the_filter_are_imported(lib, tmp_path):
    path = write_gdelt(tmp_path / "20240101.export.CSV", 600)
    keep = GdeltFilter(start="2024-01-05", end="2024-01-20", roots=["19"], countries=["TS"])
    report = import_gdelt(lib, path, keep)
    events = export_records(lib)["events"]
    assert report.added == len(events) > 0
    for event in events:
        assert "2024-01-05" <= event["when"] <= "2024-01-20"
        assert "CAMEO 19: Fight" in event["tags"] and event["category"] == "Fight"
        assert " — Fight (19" in event["title"]
    assert report.missing == []  # a GDELT file is an increment, not the whole dataset


def test_actor_prefixes_and_zipped_files(lib, tmp_path):
    raw = write_gdelt(tmp_path / "raw.CSV", 200)
    zipped = tmp_path / "20240101.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(raw, "20240101.export.CSV")
    import_gdelt(lib, zipped, GdeltFilter(actors=["RUS"]))
    names = {a["name"] for a in export_records(lib)["actors"]}
    assert "Russia" in names and "United States" in {*names, "United States"}
    rows = preview_gdelt(zipped, GdeltFilter(actors=["RUS"]), limit=2)
    assert rows[0].title.startswith("Russia — ") and rows[0].precision == "day"


def test_no_filter_or_a_bad_row_imports_nothing(lib, tmp_path):
    path = write_gdelt(tmp_path / "g.CSV", 50)
    with pytest.raises(DataImportError, match="only through a filter"):
        import_gdelt(lib, path, GdeltFilter())
    with pytest.raises(DataImportError, match="not CAMEO root codes"):
        import_gdelt(lib, path, GdeltFilter(roots=["33"]))
    cells = gdelt_row(7)
    cells[1] = "2024-01-08"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\t".join(cells) + "\n")
    with pytest.raises(DataImportError, match=r"g.CSV, line 51: SQLDATE '2024-01-08' is not"):
        import_gdelt(lib, path, GdeltFilter(countries=["TS", "OT"]))
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("too\tfew\n")
    with pytest.raises(DataImportError, match=r"g.CSV, line 52: it has 2 fields; .* has 61"):
        import_gdelt(lib, path, GdeltFilter(countries=["XX"]))
    assert export_records(lib)["events"] == []
