"""Every importer fuzzed through `chronicle import`, format told from the file as a user's would
be: the only outcomes are success or exit 1 with one line on stderr, and a failed import
leaves the library exactly as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from faultkit import counts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main as chronicle

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)

# Pieces of every format we read, so random files get past the first checks.
PIECES = {
    ".bib": ["@article{k,", "@string{s = ", '"x"', "#", " s ", "title = {", "}", "year = 2024,",
             "month = jan,", "day = {²}", "{\\'e}", "$x$", "author = {A and {B}}", "\n", ",",
             "@comment{", "date = {2024-07}", "@misc(", ")", "9" * 30, "{{{{"],
    ".json": ['{"format": "chronicle", "version": 1,', '"events": [', '{"title": "x",',
              '"when": "2024"', '"tags": [{}]', '"id": [1]', "}", "]", ",", '"items": [',
              '{"title": "t", "issued": {"date-parts": [[2024, 13]]}}', '"eras": 5',
              '{"start_date": {"year": "x"}, "text": {"headline": "h"}}', "1e999", "9" * 40],
    ".csv": ["title,when", "Year,Headline", "Date;Title;Who", "\r", "\n", "\r\n", ",", ";",
             '"', "2024", "x", "'=1", "31/01/2024", "Name,Name,Name", "\x00", "Москва", "東京"],
    ".html": ["<html>", "<meta charset='koi8-r'>", "<title>", "</title>", "<p>", "text",
              "<script>", "</p>", "&amp;", "<h1>", "\x01", "<br>"],
    ".txt": ["text", "\n", "\r", "é", "\ufeff", "日本", "\x85"],
}  # fmt: skip
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "cp1252", "cp1251", "shift_jis", "latin-1"])


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzzcli") / "lib.chronicle"
    assert chronicle(["demo", str(path)]) == 0
    return path


def _content(suffix: str):
    text = st.lists(st.sampled_from(PIECES[suffix]), max_size=30).map("".join)
    encoded = st.tuples(text, ENCODINGS).map(lambda t: t[0].encode(t[1], errors="replace"))
    return st.one_of(encoded, st.binary(max_size=200))


def _import(library, suffix: str, data: bytes, capsys) -> None:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as fh:
        fh.write(data)
    path = Path(fh.name)
    before = counts(library)
    try:
        code = chronicle(["import", str(library), str(path)])
    finally:
        path.unlink()
    captured = capsys.readouterr()
    assert code in (0, 1), captured
    if code == 1:
        assert captured.err.count("\n") == 1 and captured.err.startswith("chronicle: ")
        assert counts(library) == before, captured.err


@pytest.mark.parametrize("suffix", sorted(PIECES))
def test_import_of_fuzzed_files_through_format_detection(library, capsys, suffix):
    @FUZZ
    @given(data=_content(suffix))
    def run(data):
        _import(library, suffix, data, capsys)

    run()
