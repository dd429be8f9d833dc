"""Time and memory of exports and imports on a synthetic library (default 1,000,000 events).

Each step runs in its own process so its peak RSS (sampled with psutil, and the kernel's
high-water mark) is its own. The reference is SQLite's own command-line shell on the same
data in the same run: `sqlite3 -csv` writing the event table (for the exports) and
`sqlite3 .import` reading our events CSV into a new table (for the imports); each step's
ratio to it is printed. Install the shell with `apt-get install sqlite3` (Debian/Ubuntu).
With --repeat N every step runs N times; the table shows the median and the slowest run.
Prints a table and writes benchmarks/out/exchange.json.
Step floor_import (only when asked) is SQLite alone writing what csv_import wrote, with no
Python per row (benchmarks/import_floor.py): the least any import into our schema can cost.
Usage: nice -n 10 python -m benchmarks.bench_exchange [N] [--repeat N] [--steps csv_export,...]
       [--library COPY.chronicle]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OUT = Path(__file__).with_name("out")
YEAR = 365 * 86400
STEPS = ("csv_export", "csv_import", "json_export", "json_import", "png_export", "svg_export")
# What each step is compared with: SQLite's shell doing the nearest thing on the same data.
REFERENCE_OF = {"csv_export": "sqlite_export", "json_export": "sqlite_export"}
REFERENCE_OF |= {"csv_import": "sqlite_import", "json_import": "sqlite_import"}
# Not run unless asked: SQLite alone writing what csv_import wrote (benchmarks/import_floor.py).
REFERENCE_OF["floor_import"] = "sqlite_import"


def build_library(path: Path, n: int) -> None:
    """A library of `n` events (1825-2025) with actors, tags, sources and their links."""
    import sqlalchemy as sa

    from db.dates import format_key, parse_date
    from db.engine import create_library
    from db.store.snapshots import TABLES

    path.unlink(missing_ok=True)
    lib = create_library(path)
    rng = random.Random(7)
    stamp = "2025-01-01T00:00:00Z"
    with lib.write() as conn:
        conn.execute(
            sa.insert(TABLES["tag"]), [{"name": f"tag {i}", "color": None} for i in range(50)]
        )
        conn.execute(
            sa.insert(TABLES["actor"]),
            [
                {
                    "name": f"Actor {i} Gdańsk",
                    "kind": "person",
                    "aliases": [],
                    "description": "",
                    "created_at": stamp,
                    "modified_at": stamp,
                }
                for i in range(1000)
            ],
        )
        conn.execute(
            sa.insert(TABLES["source"]),
            [
                {
                    "title": f"Source {i}",
                    "authors": ["A. Writer"],
                    "kind": "article",
                    "created_at": stamp,
                    "modified_at": stamp,
                }
                for i in range(100)
            ],
        )
        base = -145 * YEAR
        batch: dict[str, list] = {"event": [], "participation": [], "tagging": [], "citation": []}
        for event_id in range(1, n + 1):
            start = base + int(rng.random() * 200 * YEAR)
            day = parse_date(_day_edtf(format_key, start))
            batch["event"].append(
                {
                    "id": event_id,
                    "title": f"Event {event_id} in 東京",
                    "summary": "Summary text",
                    "when_edtf": day.edtf,
                    "start_key": day.start_key,
                    "end_key": day.end_key,
                    "precision": str(day.precision),
                    "approximate": False,
                    "uncertain": False,
                    "kind": "point",
                    "category": rng.choice(("war", "trade", "treaty")),
                    "importance": rng.randint(1, 5),
                    "created_at": stamp,
                    "modified_at": stamp,
                }
            )
            for actor_id in rng.sample(range(1, 1001), rng.randint(0, 2)):
                batch["participation"].append(
                    {"event_id": event_id, "actor_id": actor_id, "role": "host"}
                )
            batch["tagging"].append({"tag_id": rng.randint(1, 50), "event_id": event_id})
            if rng.random() < 0.3:
                batch["citation"].append(
                    {
                        "event_id": event_id,
                        "source_id": rng.randint(1, 100),
                        "locator": "p. 2",
                        "quote": "A quoted passage.",
                        "credibility": 2,
                    }
                )
            if event_id % 20_000 == 0 or event_id == n:
                for table in ("event", "participation", "tagging", "citation"):
                    if batch[table]:
                        conn.execute(sa.insert(TABLES[table]), batch[table])
                    batch[table] = []
    lib.close()


def _day_edtf(format_key, key: int) -> str:
    from db.dates import key_to_civil

    year, month, day = key_to_civil(key)[:3]
    sign = "-" if year < 0 else ""
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def sqlite_shell(step: str, lib_path: Path, work: Path) -> dict:
    """Seconds SQLite's shell takes to export the event table, or import our events CSV."""
    import shutil
    import subprocess

    shell = shutil.which("sqlite3")
    if shell is None:
        return {"step": step, "error": "no sqlite3 shell (apt-get install sqlite3)"}
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    if step == "sqlite_export":
        with (work / "exchange_sqlite.csv").open("wb") as out:
            subprocess.run([shell, "-csv", "-header", str(lib_path), "SELECT * FROM event"],
                           stdout=out, check=True)  # fmt: skip
    else:
        target = work / "exchange_sqlite.db"
        target.unlink(missing_ok=True)
        source = work / "exchange_events.csv"
        subprocess.run([shell, str(target), f".import --csv '{source}' events"], check=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    return {
        "step": step,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": 0,  # not its own: the kernel keeps only the largest child's so far
    }


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (the CSV export's helper
    process, db/exchange/csv_halves.py, which runs beside it)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _run_step(step: str, lib_path: str, work_dir: str, result) -> None:
    from db.engine import create_library, open_library

    work = Path(work_dir)
    started, cpu = time.perf_counter(), _cpu_seconds()
    if step == "csv_export":
        from db.exchange.csv_ import export_csv

        lib = open_library(lib_path, read_only=True)
        export_csv(lib, work / "exchange_events.csv")
    elif step == "json_export":
        from db.exchange.json_ import export_json

        lib = open_library(lib_path, read_only=True)
        export_json(lib, work / "exchange_library.json")
    elif step == "floor_import":
        from benchmarks.import_floor import write_like_import

        target = work / "exchange_floor_import.chronicle"
        target.unlink(missing_ok=True)
        create_library(target).close()
        started, cpu = time.perf_counter(), _cpu_seconds()
        phases = write_like_import(work / "exchange_csv_import.chronicle", target)
        print(
            "floor_import CPU s by phase: " + ", ".join(f"{k} {v:.2f}" for k, v in phases.items())
        )
        lib = open_library(target, read_only=True)
    elif step in ("csv_import", "json_import"):
        source = work / ("exchange_events.csv" if step == "csv_import" else "exchange_library.json")
        target = work / f"exchange_{step}.chronicle"
        target.unlink(missing_ok=True)
        lib = create_library(target)
        started, cpu = time.perf_counter(), _cpu_seconds()
        if step == "csv_import":
            from db.exchange.imports import import_csv

            import_csv(lib, source)
        else:
            from db.exchange.imports import import_json

            import_json(lib, source)
    else:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtGui import QGuiApplication

        from desktop.export.images import ImageOptions, export_timeline_image

        app = QGuiApplication(["bench"])  # noqa: F841 - painting needs it alive

        lib = open_library(lib_path, read_only=True)
        # What a user waits for after choosing Export: Qt is up and the library open (both
        # were timed too until December 2026, ~1 s of CPU of the figures before then).
        started, cpu = time.perf_counter(), _cpu_seconds()
        fmt = step.split("_")[0]
        export_timeline_image(
            lib,
            work / f"exchange_timeline.{fmt}",
            ImageOptions(width=1920, height=1080, title="Bench"),
        )
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    lib.close()
    result.put((seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:  # it ended meanwhile
        return 0


def measure(step: str, lib_path: Path, work: Path) -> dict:
    if step.startswith("sqlite_"):
        return sqlite_shell(step, lib_path, work)
    ctx = mp.get_context("spawn")
    result = ctx.Queue()
    proc = ctx.Process(target=_run_step, args=(step, str(lib_path), str(work), result))
    proc.start()
    peak = 0.0
    watcher = psutil.Process(proc.pid)
    while proc.is_alive():
        try:
            family = [watcher, *watcher.children(recursive=True)]  # the export's helper too
        except psutil.Error:
            break
        peak = max(peak, sum(_rss(p) for p in family) / 2**20)
        time.sleep(0.05)
    proc.join()
    if proc.exitcode != 0:
        return {"step": step, "error": f"exit code {proc.exitcode}"}
    seconds, cpu, hwm = result.get()
    return {
        "step": step,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(max(peak, hwm)),
    }


def _summarised(step: str, runs: list[dict]) -> dict:
    """The median of `runs` (wall and CPU), the slowest run and the highest RSS."""
    good = [r for r in runs if "error" not in r]
    if not good:
        return runs[0]
    return {
        "step": step,
        "seconds": round(statistics.median(r["seconds"] for r in good), 2),
        "slowest": max(r["seconds"] for r in good),
        "cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in good), 2),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in good),
        "runs": [r["seconds"] for r in good],
    }


def reference_seconds() -> float:
    """A fixed pure-Python loop: how fast this machine is right now (shared hosts vary)."""
    started = time.perf_counter()
    total = 0
    for i in range(20_000_000):
        total += i
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--steps", default=",".join(STEPS))
    parser.add_argument("--label", default="", help="stored with the results (e.g. 'before')")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per step; the median is shown (shared hosts)"
    )
    parser.add_argument(
        "--library",
        type=Path,
        help="measure on this library instead (e.g. benchmarks/out/timeline_1000000.chronicle "
        "for png_export); it is upgraded to the current schema, so pass a copy",
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    lib_path = args.library or OUT / f"exchange_{args.n}.chronicle"
    if not lib_path.exists():
        started = time.perf_counter()
        build_library(lib_path, args.n)
        print(f"built {args.n:,} events in {time.perf_counter() - started:.0f} s")
    from db.engine import open_library

    open_library(lib_path).close()  # apply schema upgrades once, outside the timings
    steps = args.steps.split(",")
    wanted = [s for s in steps if not s.startswith("sqlite_")]
    references = sorted({REFERENCE_OF[s] for s in wanted if s in REFERENCE_OF})
    if "csv_import" in wanted and "csv_export" not in wanted and references:
        measure("csv_export", lib_path, OUT)  # the reference imports the file it writes
    rows = []
    for step in [*wanted, *references]:
        if step == "floor_import" and not (OUT / "exchange_csv_import.chronicle").exists():
            measure("csv_import", lib_path, OUT)  # the floor writes what the import wrote
        if step == "sqlite_import" and not (OUT / "exchange_events.csv").exists():
            measure("csv_export", lib_path, OUT)
        runs = [measure(step, lib_path, OUT) for _ in range(args.repeat)]
        rows.append(_summarised(step, runs))
    # Wall time depends on what else the machine runs; CPU time is this process's own work.
    load, reference = os.getloadavg()[0], reference_seconds()
    by_step = {row["step"]: row for row in rows}
    print(
        f"{'step':14} {'median s':>9} {'slowest':>8} {'CPU s':>7} {'RSS MB':>7} "
        f"{'x SQLite':>9} {'x (CPU)':>8}"
    )
    for row in rows:
        if "error" in row:
            print(f"{row['step']:14} {row['error']}")
            continue
        ref = by_step.get(REFERENCE_OF.get(row["step"], ""), {})
        row["x_sqlite"] = round(row["seconds"] / ref["seconds"], 1) if ref else None
        # The shell's CPU reads 0 when the kernel did not count it (a child not yet reaped).
        ref_cpu = ref.get("cpu_seconds") or None
        row["x_sqlite_cpu"] = round(row["cpu_seconds"] / ref_cpu, 1) if ref_cpu else None
        cpu_ratio = f"{row['x_sqlite_cpu']:8.1f}" if ref_cpu else f"{'-':>8}"
        ratio = f"{row['x_sqlite']:9.1f} {cpu_ratio}" if ref else ""
        print(
            f"{row['step']:14} {row['seconds']:9.2f} {row['slowest']:8.2f} "
            f"{row['cpu_seconds']:7.2f} {row['peak_rss_mb']:7d} {ratio}"
        )
    out = OUT / "exchange.json"
    runs = json.loads(out.read_text()) if out.exists() else []
    print(f"load average {load:.1f}; reference loop {reference:.2f} s (0.7 s on a quiet core)")
    runs.append(
        {"n": args.n, "label": args.label, "load": load, "reference_s": reference, "steps": rows}
        | {"library": str(lib_path)}
    )
    out.write_text(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()
