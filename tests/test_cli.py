"""`chronicle import` / `chronicle export` run as a user runs them: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from db import queries
from db.engine import open_library

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def chronicle(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    result = chronicle("demo", "demo.chronicle", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "demo.chronicle"


def _events(path: Path) -> int:
    lib = open_library(path, read_only=True)
    try:
        return queries.count_events(lib)
    finally:
        lib.close()


@pytest.mark.parametrize(
    ("out", "extra", "check"),
    [
        ("lib.json", (), lambda p: p.read_text(encoding="utf-8").startswith('{\n "format"')),
        ("events.csv", ("--bom",), lambda p: p.read_bytes().startswith(b"\xef\xbb\xbfid,title")),
        ("all.zip", (), lambda p: p.read_bytes().startswith(b"PK")),
        ("tl.json", ("--format", "timelinejs"), lambda p: '"events": [' in p.read_text("utf-8")),
        ("tl.csv", ("--format", "timelinejs"), lambda p: p.read_text("utf-8").startswith("Year,")),
        ("net.graphml", (), lambda p: SafeET.parse(p).getroot().tag.endswith("graphml")),
        ("net.gexf", (), lambda p: SafeET.parse(p).getroot().tag.endswith("gexf")),
        ("t.png", ("--width", "640", "--height", "360"), lambda p: p.read_bytes()[1:4] == b"PNG"),
        ("t.svg", ("--lane-by", "tag", "--title", "Tags"), lambda p: b"Tags" in p.read_bytes()),
        (
            "t.pdf",
            ("--from", "2024", "--to", "2025", "--pages", "2"),
            lambda p: p.read_bytes()[:4] == b"%PDF",
        ),
        ("g.png", ("--view", "graph"), lambda p: p.stat().st_size > 10_000),
    ],
)
def test_export_writes_each_format(demo_file, tmp_path, out, extra, check):
    result = chronicle("export", str(demo_file), "--out", out, *extra, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}"
    assert check(tmp_path / out)


def _copy(demo_file: Path, folder: Path) -> Path:
    copy = folder / "copy.chronicle"
    copy.write_bytes(demo_file.read_bytes())
    return copy


def test_import_tells_formats_apart_and_reports(demo_file, tmp_path):
    target = _copy(demo_file, tmp_path)
    # One entry of each file has a citation key the demo's sources already use.
    for source, expected in [
        (FIXTURES / "sources.bib", "Imported 2 sources."),
        (FIXTURES / "zotero.json", "Imported 2 sources."),
    ]:
        result = chronicle("import", str(target), str(source), cwd=tmp_path)
        assert (result.returncode, result.stdout.strip()) == (0, expected), result.stderr


def test_import_of_a_spreadsheet_with_mapped_columns(demo_file, tmp_path):
    target = _copy(demo_file, tmp_path)
    sheet = tmp_path / "mine.csv"
    sheet.write_text("Datum,Ereignis\n28 July 2024,Talks\n31/01/2024,Summit\n", encoding="utf-8")
    result = chronicle(
        "import", str(target), str(sheet), "--column", "when=Datum",
        "--column", "title=Ereignis", "--dates", "day-first", cwd=tmp_path,
    )  # fmt: skip
    assert (result.returncode, result.stdout.strip()) == (0, "Imported 2 events."), result.stderr
    assert _events(target) == 59


def test_a_malformed_csv_row_names_its_line_and_imports_nothing(demo_file, tmp_path):
    copy = _copy(demo_file, tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,title,when\n1,Fine,2024\n2,Broken,2023-02-30\n", encoding="utf-8")
    result = chronicle("import", str(copy), str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("chronicle: bad.csv, row 3 (line 3):")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert _events(copy) == 57


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("import", "lib.chronicle", "missing.csv"),
            "Cannot read missing.csv: there is no such file",
        ),
        (("export", "notes.txt", "--out", "x.json"), "notes.txt is not a Chronicle library"),
        (("import", "notes.txt", "x.json"), "Cannot read x.json"),
        (("export", "missing.chronicle", "--out", "x.json"), "missing.chronicle"),
        (("export", "DEMO", "--out", "x.docx"), "Cannot tell the format of x.docx"),
    ],
)
def test_errors_exit_1_with_one_line_and_no_traceback(demo_file, tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("just some text\n", encoding="utf-8")
    args = tuple(str(demo_file) if a == "DEMO" else a for a in args)
    result = chronicle(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
