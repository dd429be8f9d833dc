"""The import benchmark at a tiny size: it runs and imports what it generated (no timing)."""

from __future__ import annotations

from benchmarks.bench_import_formats import run_case


def test_every_case_runs_at_a_small_size(tmp_path):
    results = [run_case(case, rows, tmp_path) for case, rows in
               (("acled", 300), ("reimport", 300), ("wikidata", 200))]  # fmt: skip
    assert [r["summary"] for r in results] == [
        "300 added, 0 changed, 0 unchanged, 0 missing from the new file.",
        "0 added, 3 changed, 297 unchanged, 0 missing from the new file.",
        "200 added, 0 changed, 0 unchanged, 0 missing from the new file.",
    ]
