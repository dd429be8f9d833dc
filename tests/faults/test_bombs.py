"""Expansion bombs and quadratic inputs, each imported by `chronicle` in a child process with a
memory cap (RLIMIT_AS) and a time cap: a refusal that names the limit, never an exhausted
machine, a MemoryError traceback or a hang."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import zipfile

import pytest
from faultkit import REPO, counts

MEMORY_CAP = 1536 * 1024 * 1024  # address space: Python, SQLite and Qt fit; the bombs did not
TIME_CAP = 60.0


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _run(*argv) -> tuple[int, str, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", *map(str, argv)],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=TIME_CAP,
        preexec_fn=_capped,
    )
    return result.returncode, result.stderr, time.monotonic() - started


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    path = tmp_path_factory.mktemp("bombs") / "lib.chronicle"
    code, err, _ = _run("demo", path)
    assert code == 0, err
    return path


def _refused(library, *argv, limit: str) -> None:
    before = counts(library)
    code, err, seconds = _run(*argv)
    assert code == 1, err[-2000:]
    assert err.count("\n") == 1 and err.startswith("chronicle: "), err[-2000:]
    assert limit in err, err
    assert counts(library) == before
    print(f"{argv[-1]}: refused in {seconds:.1f} s")


def _zip(path, member: str, chunks, level: int = 1) -> None:
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf,
        zf.open(member, "w", force_zip64=True) as fh,
    ):
        for chunk in chunks:
            fh.write(chunk)


def test_bibtex_string_doubling(library, tmp_path):
    lines = ['@string{s0 = "xxxxxxxxxxxxxxxx"}']
    lines += [f"@string{{s{i} = s{i - 1} # s{i - 1}}}" for i in range(1, 40)]
    bomb = tmp_path / "bomb.bib"
    bomb.write_text("\n".join([*lines, "@misc{k, title = s39}"]))
    assert bomb.stat().st_size < 1500
    _refused(library, "import", library, bomb, limit="100,000 characters")


def test_zip_bomb_of_actor_rows(library, tmp_path):
    bomb = tmp_path / "bomb.zip"
    row = b",Someone,person,,,,\r\n"
    _zip(
        bomb,
        "actors.csv",
        [b"id,name,kind,aliases,description,color,tags\r\n"] + [row * 50_000] * 200,
    )
    assert bomb.stat().st_size < 2_000_000  # 210 MB of rows
    _refused(library, "import", library, bomb, limit="(the limit")


def test_zip_holding_one_huge_line(library, tmp_path):
    bomb = tmp_path / "line.zip"
    _zip(bomb, "events.csv", [b"title,when\r\n"] + [b"a" * (1 << 20)] * 40)
    _refused(library, "import", library, bomb, limit="20,000,000 characters")


def test_zip_of_blank_lines(library, tmp_path):
    bomb = tmp_path / "blank.zip"
    _zip(bomb, "events.csv", [b"title,when\r\n"] + [b"\n" * (1 << 20)] * 300)
    _refused(library, "import", library, bomb, limit="times the size of its zip")


def test_thousands_of_duplicate_headers_are_linear(library, tmp_path):
    """2,000 duplicates took 31 s when de-duplication was cubic; 9,000 now pass the time cap."""
    sheet = tmp_path / "dupes.csv"
    sheet.write_text("Date,Title," + ",".join(["Name"] * 9_000) + "\n2024,x\n")
    code, err, _seconds = _run("import", library, sheet, "--format", "sheet")
    assert code == 0, err


# ---------------------------------------------------------------- cheap refusals, in-process


def _refused_here(capsys, library, *argv, limit: str) -> None:
    from desktop.cli import main as chronicle

    before = counts(library)
    assert chronicle([str(a) for a in argv]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("chronicle: ") and limit in err, err
    assert counts(library) == before


def test_too_many_columns(library, tmp_path, capsys):
    sheet = tmp_path / "wide.csv"
    sheet.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n")
    _refused_here(capsys, library, "import", library, sheet, "--format", "sheet", limit="10,000")


def test_svg_of_absurd_width(library, tmp_path, capsys, qapp):
    out = tmp_path / "t.svg"
    _refused_here(
        capsys, library, "export", library, "--out", out, "--width", "2000000000", limit="20,000"
    )
    assert not out.exists()


def test_json_over_the_size_limit(library, tmp_path, capsys):
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(129 * 1024 * 1024)  # sparse: no disk used
    _refused_here(capsys, library, "import", library, big, "--format", "json", limit="134,217,728")


def test_rows_held_in_memory_are_limited(library, tmp_path, capsys, monkeypatch):
    """Rows that compress less than the ratio limit still cannot pile up in memory."""
    from db.exchange import csv_rows

    monkeypatch.setattr(csv_rows, "MAX_HELD_ROWS", 1_000)
    bomb = tmp_path / "actors.zip"
    rows = b"".join(f"{i},Actor {i},person,,,,\r\n".encode() for i in range(1_001))
    _zip(bomb, "actors.csv", [b"id,name,kind,aliases,description,color,tags\r\n", rows])
    _refused_here(capsys, library, "import", library, bomb, limit="actors (the limit")


def test_a_zip_with_an_unsupported_compression_method(library, tmp_path, capsys):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("events.csv", "title,when\r\nx,2020\r\n")
    raw = bytearray(buf.getvalue())
    raw[8:10] = (99).to_bytes(2, "little")  # local header: method 99 (AES, 7-Zip)
    central = raw.find(b"PK\x01\x02")
    raw[central + 10 : central + 12] = (99).to_bytes(2, "little")
    (tmp_path / "aes.zip").write_bytes(bytes(raw))
    _refused_here(
        capsys, library, "import", library, tmp_path / "aes.zip", limit="compressed in a way"
    )


def test_a_sheet_that_defeats_the_delimiter_sniffer(library, tmp_path):
    """csv.Sniffer took 32 s on 64 KB of this; only a few kilobytes are sniffed now."""
    sheet = tmp_path / "quotes.csv"
    sheet.write_text('"a"b"c,' * 9_000 + "\n")
    code, err, _seconds = _run("import", library, sheet, "--format", "sheet")
    assert code == 1 and err.count("\n") == 1, err


def test_a_markdown_heading_followed_by_many_spaces(library, tmp_path):
    """The heading regex backtracked quadratically: 5,000 spaces took minutes."""
    notes = tmp_path / "notes.md"
    notes.write_text("# Title" + " " * 200_000 + "x\n\nBody text.\n")
    code, err, _seconds = _run("import", library, notes)
    assert code == 0, err
