"""Fuzzing the date parser and the importers: the only failure allowed is a ChronicleError,
and an import that fails leaves the library exactly as it was."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from faultkit import counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.dates import format_date, parse_date
from db.engine import create_library
from db.errors import ChronicleError, DateError
from db.exchange.csv_ import EVENT_COLUMNS
from db.exchange.imports import import_csv, import_json
from resources import DEMO_CHRONOLOGY

FUZZ = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

DATE_PIECES = st.sampled_from(
    [*"0123456789", "-", "/", "?", "~", "%", "X", "..", " ", "T", ":", "Z", "+", "BC", "AD",
     "c.", "around", "late", "early", "mid", "July", "Aug", "to", "s", "th", "st", "BCE", "E",
     "Y", "S", "\x00", "\u0663", "\udce9", "Ⅻ"]
)  # fmt: skip
DATE_TEXT = st.one_of(st.text(max_size=40), st.lists(DATE_PIECES, max_size=14).map("".join))


@FUZZ
@given(text=DATE_TEXT)
def test_parse_date_understands_or_says_why(text):
    try:
        parsed = parse_date(text)
    except DateError as err:
        assert str(err)
        return
    assert parsed.start_key <= parsed.end_key
    assert isinstance(format_date(parsed), str)


@pytest.fixture(scope="module")
def fuzz_lib(tmp_path_factory):
    lib = create_library(tmp_path_factory.mktemp("fuzz") / "fuzz.chronicle")
    import_json(lib, DEMO_CHRONOLOGY)
    yield lib
    lib.close()


def _import_keeps_all_or_nothing(lib, importer, path: Path) -> None:
    before = counts(lib.path)
    try:
        report = importer(lib, path)
    except ChronicleError as err:
        assert str(err)
        assert counts(lib.path) == before, f"a failed import wrote something: {err}"
        return
    after = counts(lib.path)
    for section, n in report.counts.items():
        table = section.removesuffix("s")
        if table in after and section != "tags":
            assert after[table] == before[table] + n


def _scratch(suffix: str, data: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115
    with handle:
        handle.write(data)
    return Path(handle.name)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    DATE_TEXT,
    st.text(max_size=30),
)
ANY_JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    ["id", "title", "when", "name", "kind", "importance", "color", "tags", "actors", "citations",
     "source", "actor", "role", "from", "to", "type", "valid", "aliases", "authors", "copy_of",
     "reliability", "credibility", "summary", "published"]
)  # fmt: skip
NEAR_VALID = st.fixed_dictionaries(
    {"title": st.text(max_size=20), "name": st.text(max_size=20), "when": DATE_TEXT},
    optional={"id": st.integers(-3, 6), "actors": st.lists(st.fixed_dictionaries(
        {"actor": st.integers(0, 5)}), max_size=2), "tags": st.lists(st.text(max_size=5))},
)  # fmt: skip
RECORD = NEAR_VALID | st.dictionaries(FIELDS, ANY_JSON | st.integers(1, 4), max_size=6)
LIBRARY_JSON = st.fixed_dictionaries(
    {"format": st.just("chronicle"), "version": st.just(1)},
    optional={
        section: st.lists(RECORD, max_size=4)
        for section in ("tags", "actors", "sources", "events", "relations")
    },
)


@FUZZ
@given(data=st.one_of(LIBRARY_JSON, ANY_JSON))
def test_json_import_of_fuzzed_structures(fuzz_lib, data):
    path = _scratch(".json", json.dumps(data, allow_nan=True).encode("utf-8", "surrogatepass"))
    try:
        _import_keeps_all_or_nothing(fuzz_lib, import_json, path)
    finally:
        path.unlink()


@FUZZ
@given(raw=st.binary(max_size=300))
def test_json_and_csv_import_of_random_bytes(fuzz_lib, raw):
    for importer, suffix in ((import_json, ".json"), (import_csv, ".csv"), (import_csv, ".zip")):
        path = _scratch(suffix, raw)
        try:
            _import_keeps_all_or_nothing(fuzz_lib, importer, path)
        finally:
            path.unlink()


CELL = st.one_of(
    DATE_TEXT,
    st.text(alphabet=st.sampled_from([*"ab |\\n'=\",\r\n\t\x00é", "\udce9"]), max_size=12),
    st.integers(-5, 10).map(str),
)


@FUZZ
@given(
    header=st.permutations(EVENT_COLUMNS).flatmap(
        lambda cols: st.integers(1, len(cols)).map(lambda n: cols[:n])
    ),
    rows=st.lists(st.lists(CELL, min_size=1, max_size=14), max_size=5),
)
def test_csv_import_of_fuzzed_tables(fuzz_lib, header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = _scratch(".csv", out.getvalue().encode("utf-8", "surrogatepass"))
    try:
        _import_keeps_all_or_nothing(fuzz_lib, import_csv, path)
    finally:
        path.unlink()


@pytest.fixture(scope="module")
def zip_export(fuzz_lib, tmp_path_factory):
    from db.exchange.csv_ import export_csv

    return export_csv(fuzz_lib, tmp_path_factory.mktemp("zip") / "library.zip")


@settings(FUZZ, max_examples=40)  # an undamaged byte imports the whole demo: keep it short
@given(
    damage=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_csv_import_of_damaged_zips(fuzz_lib, zip_export, damage):
    raw = bytearray(zip_export.read_bytes())
    for offset, value in damage:
        raw[offset % len(raw)] = value
    path = _scratch(".zip", bytes(raw))
    try:
        _import_keeps_all_or_nothing(fuzz_lib, import_csv, path)
    finally:
        path.unlink()
