"""The `chronicle` command as a user runs it: demo, check, export, import, and its errors."""

from __future__ import annotations

import subprocess
import sys

import pytest


def chronicle(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.chronicle"
    result = chronicle("demo", path)
    assert result.returncode == 0, result.stderr
    assert "57 events" in result.stdout
    return path


def test_check_reports_revision_counts_and_integrity(demo_file):
    result = chronicle("check", demo_file)
    assert result.returncode == 0, result.stderr
    assert "schema revision:" in result.stdout
    assert "event: 57" in result.stdout and "integrity: ok" in result.stdout


def test_export_and_import_csv_and_json(demo_file, tmp_path):
    for suffix in (".csv", ".json", ".zip"):
        out = tmp_path / f"out{suffix}"
        result = chronicle("export", demo_file, "--out", out)
        assert result.returncode == 0, result.stderr
        target = tmp_path / f"target{suffix}.chronicle"
        chronicle("demo", target)  # a library to import into (ids get mapped)
        result = chronicle("import", target, out)
        assert result.returncode == 0, result.stderr
        # names, titles and dates match the demo's: nothing doubled, JSON included
        assert "Imported nothing. Updated" in result.stdout, result.stdout


def test_missing_library_is_one_line_on_stderr(tmp_path):
    result = chronicle("check", tmp_path / "nope.chronicle")
    assert result.returncode == 1
    assert result.stderr.startswith("chronicle: There is no file")
    assert "Traceback" not in result.stderr


def test_text_file_that_is_not_a_database(tmp_path, corpus):
    result = chronicle("check", corpus / "japantimes-trump-proofing-2024.txt")
    assert result.returncode == 1
    assert "not a Chronicle library" in result.stderr and "Traceback" not in result.stderr


def test_malformed_csv_row_names_the_line_and_imports_nothing(demo_file, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('id,title,when\n1,Good,2024\n2,"unclosed,2024\n', encoding="utf-8")
    target = tmp_path / "t.chronicle"
    chronicle("demo", target)
    result = chronicle("import", target, bad)
    assert result.returncode == 1
    assert "bad.csv, row 3 (line 3)" in result.stderr and "Traceback" not in result.stderr
    assert "event: 57" in chronicle("check", target).stdout


def test_demo_refuses_to_overwrite(demo_file):
    result = chronicle("demo", demo_file)
    assert result.returncode == 1 and "already exists" in result.stderr
