"""`chronicle import --format acled|wikidata|timeline|ics|gdelt` and the matching exports, as a
user runs them in a shell (a real subprocess)."""

from __future__ import annotations

from pathlib import Path

from test_cli import FIXTURES, chronicle

from benchmarks.dataset_files import write_acled, write_gdelt
from db.engine import create_library


def _library(path: Path) -> None:
    create_library(path).close()


def test_acled_import_then_update_with_and_without_deleting_missing(tmp_path):
    _library(tmp_path / "lib.chronicle")
    write_acled(tmp_path / "week1.csv", 40)
    write_acled(tmp_path / "week2.csv", 42, changed_every=10, skip_every=20)
    first = chronicle("import", "lib.chronicle", "week1.csv", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "40 added, 0 changed, 0 unchanged, 0 missing from the new file."
    second = chronicle("import", "lib.chronicle", "week2.csv", "--format", "acled", cwd=tmp_path)
    assert second.stdout.splitlines() == [
        "2 added, 4 changed, 34 unchanged, 2 missing from the new file.",
        "2 events are missing from the new file; "
        "import again with --delete-missing to delete them.",
    ]
    third = chronicle("import", "lib.chronicle", "week2.csv", "--delete-missing", cwd=tmp_path)
    assert third.stdout.splitlines() == [
        "0 added, 0 changed, 40 unchanged, 2 missing from the new file.",
        "Deleted 2 events missing from the new file.",
    ]


def test_gdelt_needs_a_filter_and_takes_flags(tmp_path):
    write_gdelt(tmp_path / "20240101.export.CSV", 300)
    _library(tmp_path / "g.chronicle")
    refused = chronicle("import", "g.chronicle", "20240101.export.CSV", "--format", "gdelt",
                        cwd=tmp_path)  # fmt: skip
    assert refused.returncode == 1
    assert "only through a filter" in refused.stderr and "Traceback" not in refused.stderr
    kept = chronicle("import", "g.chronicle", "20240101.export.CSV", "--format", "gdelt",
                     "--since", "2024-01-01", "--until", "2024-01-31", "--cameo", "14",
                     "--cameo", "19", "--actor", "RUS", cwd=tmp_path)  # fmt: skip
    assert kept.returncode == 0, kept.stderr
    # Made-up rows n < 300: January is n % 60 < 31, Russia is actor 1 when n % 4 == 1, the CAMEO
    # root is 1 + n % 20: only n = 13, 73, 133, 193, 253 (root 14) pass.
    assert kept.stdout.startswith("5 added, 0 changed")


def test_timeline_in_and_calendar_and_timesketch_out(tmp_path):
    fixture = FIXTURES / "timelineproj" / "versions.timeline"
    _library(tmp_path / "t.chronicle")
    done = chronicle("import", "t.chronicle", str(fixture), cwd=tmp_path)
    assert done.stdout.strip() == "Imported 3 tags, 59 events."
    for out, extra in (("t.timeline", []), ("t.ics", []), ("t.jsonl", []),
                       ("ts.csv", ["--format", "timesketch"])):  # fmt: skip
        result = chronicle("export", "t.chronicle", "--out", out, *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().endswith(f"Wrote {out}")
    assert (tmp_path / "t.ics").read_text().count("BEGIN:VEVENT") == 59
    assert (
        (tmp_path / "ts.csv")
        .read_text()
        .splitlines()[0]
        .startswith("message,datetime,timestamp,timestamp_desc")
    )
