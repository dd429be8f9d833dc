"""Backups, restore and checks: the numbers the README's Reliability section quotes.

For the demo library and a synthetic one of N events (default 100,000, shared with bench_lists):
file size, a backup (online copy + its quick_check), a restore (safety copy of the current file,
then the swap), opening (which runs quick_check on files up to 64 MB) and the full check of
`chronicle check`. Median of 3 runs; the machine's load average is printed with the table.
Writes benchmarks/out/backups.json.
Usage: python -m benchmarks.bench_backups [N]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timeline_library import generate
from db.backups import make_backup, restore_backup
from db.engine import create_library, open_library
from db.exchange.imports import import_json
from db.maintenance import check_library
from resources import DEMO_CHRONOLOGY

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
OUT = Path(__file__).with_name("out")


def timed(fn, repeat: int = 3) -> float:
    """Median seconds of `fn()`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _full_check(path: Path) -> None:
    lib = open_library(path, read_only=True)
    try:
        assert check_library(lib, full=True).ok
    finally:
        lib.close()


def measure(name: str, library: Path, work: Path) -> dict:
    folder = work / f"backups-{name}"
    backup = make_backup(library, folder)
    return {
        "library": name,
        "MB": round(library.stat().st_size / 1e6, 1),
        "backup_s": round(timed(lambda: make_backup(library, folder)), 3),
        "restore_s": round(timed(lambda: restore_backup(backup, library, folder)), 3),
        "open_s": round(timed(lambda: open_library(library).close()), 3),
        "full_check_s": round(timed(lambda: _full_check(library)), 3),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    big = OUT / f"lists_{N}.chronicle"
    if not big.exists():
        generate(big, N)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="chronicle-bench-") as tmp:
        work = Path(tmp)
        demo = work / "demo.chronicle"
        lib = create_library(demo)
        import_json(lib, DEMO_CHRONOLOGY)
        lib.close()
        copy = work / big.name
        shutil.copyfile(big, copy)  # restores replace the file: leave the shared one alone
        rows = [measure("demo", demo, work), measure(f"{N:,} events", copy, work)]
    load = [round(max(a, b), 2) for a, b in zip(load_before, os.getloadavg(), strict=True)]
    print(f"{'library':<16}{'MB':>8}{'backup s':>10}{'restore s':>11}{'open s':>9}{'check s':>9}")
    for r in rows:
        print(
            f"{r['library']:<16}{r['MB']:>8}{r['backup_s']:>10}{r['restore_s']:>11}"
            f"{r['open_s']:>9}{r['full_check_s']:>9}"
        )
    print(f"load average (1, 5, 15 min, highest seen) {load} on {os.cpu_count()} CPUs")
    (OUT / "backups.json").write_text(json.dumps({"rows": rows, "load": load}, indent=1))


if __name__ == "__main__":
    main()
