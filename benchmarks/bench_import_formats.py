"""Size and speed of the published-data imports (issue 18), on generated files in the exact
published layouts (benchmarks/dataset_files.py; never real ACLED rows).

Cases (targets from the issue):
- acled N: a first import of an N-row ACLED file (2,500,000 rows < 3 min, peak RSS < 800 MB;
  300,000 rows < 30 s);
- reimport N: the same N-row file again with 1 % of rows changed (< 30 s at 300,000);
- wikidata N: a first import of N rows of SPARQL JSON results (100,000 rows < 20 s).

Each case runs in a fresh child process (its own peak RSS); data files are generated once into
benchmarks/out/data/. Every row gives wall seconds, CPU seconds (both threads of the import:
a big one writes on a second thread, so on two idle cores wall can be below CPU), the CPU
seconds of the process that reads a big file (db/exchange/read_ahead.py; 0 when the file was
read in the importing process) and the peak RSS of each;
the load average is printed beside them (a shared machine's wall times are mostly waiting).
Run:  nice -n 10 python -m benchmarks.bench_import_formats
(--smoke for a quick run at small sizes; --case/--rows to run one case).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TARGETS = {  # (case, rows) -> (seconds, MB or None)
    ("acled", 2_500_000): (180, 800),
    ("acled", 300_000): (30, None),
    ("reimport", 300_000): (30, None),
    ("wikidata", 100_000): (20, None),
}
FULL = [("acled", 300_000), ("reimport", 300_000), ("wikidata", 100_000), ("acled", 2_500_000)]
SMOKE = [("acled", 2_000), ("reimport", 2_000), ("wikidata", 1_000)]


def _data(folder: Path, case: str, rows: int) -> tuple[Path, Path | None]:
    """The input file of a case (and for re-imports, the first file), made once."""
    from benchmarks.dataset_files import wikidata_rows, write_acled, write_wikidata_json

    folder.mkdir(parents=True, exist_ok=True)
    if case == "wikidata":
        path = folder / f"wikidata-{rows}.json"
        if not path.exists():
            write_wikidata_json(path, wikidata_rows(rows))
        return path, None
    first = folder / f"acled-{rows}.csv"
    if not first.exists():
        write_acled(first, rows)
    if case == "acled":
        return first, None
    second = folder / f"acled-{rows}-1pct.csv"
    if not second.exists():
        write_acled(second, rows, changed_every=100)
    return second, first


def run_case(case: str, rows: int, folder: Path) -> dict:
    """Time one case in this process: {"case", "rows", "seconds", "summary"}."""
    from db.engine import create_library
    from db.exchange.imports import import_acled, import_wikidata

    path, first = _data(folder, case, rows)
    library_path = folder / f"{case}-{rows}.chronicle"
    for leftover in folder.glob(f"{library_path.name}*"):
        leftover.unlink()
    lib = create_library(library_path)
    try:
        run = import_wikidata if case == "wikidata" else import_acled
        first_seconds = None
        if first is not None:  # timed too: it is the first import of the same size
            started = time.perf_counter()
            run(lib, first)
            first_seconds = round(time.perf_counter() - started, 2)
        started, cpu = time.perf_counter(), time.process_time()
        reader_cpu = _children_cpu()
        report = run(lib, path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        reader_cpu = _children_cpu() - reader_cpu
    finally:
        lib.close()
    for leftover in folder.glob(f"{library_path.name}*"):
        leftover.unlink()
    return {"case": case, "rows": rows, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "reader_cpu_seconds": round(reader_cpu, 2),
            "summary": report.summary(),
            "first_import_seconds": first_seconds}  # fmt: skip


def _children_cpu() -> float:
    """CPU seconds of this process's ended children: a big import's reading process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _settle_load(most_seconds: float = 240.0) -> None:
    """Wait (a while at most) until the load average leaves a core free, as a quiet machine
    does: a big import reads its file in a second process only then (read_ahead.child_wanted),
    and the cases before, or making the data files, would otherwise decide that."""
    from db.exchange.csv_halves import core_free

    waited = 0.0
    while not core_free() and waited < most_seconds:
        time.sleep(5)
        waited += 5
    if waited:
        print(f"(waited {waited:.0f} s for the load average to settle: "
              f"{os.getloadavg()[0]:.1f})", file=sys.stderr)  # fmt: skip


def _child(case: str, rows: int, folder: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_import_formats", "--case", case,
         "--rows", str(rows), "--dir", str(folder)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--case", choices=("acled", "reimport", "wikidata"))
    parser.add_argument("--rows", type=int)
    parser.add_argument("--dir", type=Path, default=OUT / "data")
    args = parser.parse_args()
    if args.case:  # one case, in this (child) process
        load = os.getloadavg()[0]
        result = run_case(args.case, args.rows, args.dir)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        # the reading process's own peak (0 when the file was read in this process)
        reader_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result["reader_peak_rss_mb"] = round(reader_rss / 1024)
        result["load"] = [round(load, 1), round(os.getloadavg()[0], 1)]  # before, after
        print(json.dumps(result))
        return 0
    load_before = os.getloadavg()[0]
    results = []
    for case, rows in SMOKE if args.smoke else FULL:
        _data(args.dir, case, rows)  # made (once) before the load is let settle
        if not args.smoke:
            _settle_load()
        results.append(_child(case, rows, args.dir))
    print(
        f"{'case':<10}{'rows':>11}{'seconds':>10}{'CPU s':>8}{'reader CPU':>11}{'peak RSS':>10}"
        f"{'reader RSS':>11}{'target':>16}  summary"
    )
    for r in results:
        target = TARGETS.get((r["case"], r["rows"]))
        text = ""
        if target:
            text = f"< {target[0]} s" + (f", {target[1]} MB" if target[1] else "")
        print(f"{r['case']:<10}{r['rows']:>11,}{r['seconds']:>10}{r['cpu_seconds']:>8}"
              f"{r['reader_cpu_seconds']:>11}{r['peak_rss_mb']:>7} MB"
              f"{r['reader_peak_rss_mb']:>8} MB{text:>16}  {r['summary']}")  # fmt: skip
    load = (load_before, os.getloadavg()[0])
    print(f"load average before/after: {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} cores")
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_import_formats.json").write_text(
        json.dumps({"results": results, "load": load}, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
