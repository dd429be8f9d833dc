"""`chronicle` in scripts: new, import into a missing file, export to a pipe, --version, --help,
pictures without a display, and errors as one line on stderr with status 1."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from db import queries
from db.engine import open_library
from desktop.cli.usage import EXAMPLES
from desktop.version import app_version

REPO = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "desktop.cli"]


def _env(**changes: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    for name, value in changes.items():
        env.pop(name, None) if value is None else env.__setitem__(name, value)
    return env


def chronicle(*args, cwd: Path, **env: str | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *map(str, args)], cwd=cwd, env=_env(**env), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _counts(path: Path) -> tuple[int, int]:
    lib = open_library(path, read_only=True)
    try:
        return queries.count_events(lib), len(queries.list_sources(lib))
    finally:
        lib.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scripts")
    assert chronicle("demo", "demo.chronicle", cwd=folder).returncode == 0
    return folder / "demo.chronicle"


def test_new_makes_an_empty_library_and_refuses_an_existing_file(tmp_path):
    result = chronicle("new", "empty.chronicle", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert _counts(tmp_path / "empty.chronicle") == (0, 0)
    before = (tmp_path / "empty.chronicle").read_bytes()
    again = chronicle("new", "empty.chronicle", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr == "chronicle: empty.chronicle already exists; choose another name.\n"
    assert (tmp_path / "empty.chronicle").read_bytes() == before


def test_import_into_a_missing_file_creates_it_and_says_so(demo, tmp_path):
    assert chronicle("export", demo, "--out", "events.csv", cwd=tmp_path).returncode == 0
    result = chronicle("import", "fresh.chronicle", "events.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "chronicle: fresh.chronicle did not exist; created it as a new library.\n"
    )
    assert "57 events" in result.stdout
    assert _counts(tmp_path / "fresh.chronicle") == (57, 3)


def test_a_refused_import_into_a_missing_file_leaves_no_file(tmp_path):
    (tmp_path / "bad.csv").write_text("id,title,when\n1,Bad,2023-02-30\n", encoding="utf-8")
    result = chronicle("import", "never.chronicle", "bad.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("chronicle: bad.csv, row 2")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


def test_export_to_standard_output_through_a_real_pipe(demo, tmp_path):
    # `chronicle export … --out - | consumer`, with a real OS pipe between two processes.
    producer = subprocess.Popen(
        [*COMMAND, "export", str(demo), "--out", "-", "--format", "csv"],
        cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    consumer = subprocess.run(
        [sys.executable, "-c", "import sys; data = sys.stdin.buffer.read(); "
         "sys.stdout.write(str(len(data)) + ' ' + data[:2].decode())"],
        stdin=producer.stdout, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    producer.stdout.close()
    with producer.stderr:
        assert producer.wait(timeout=120) == 0, producer.stderr.read()
    size, start = consumer.stdout.split(" ")
    assert start == "id" and int(size) > 10_000
    assert list(tmp_path.iterdir()) == []  # no file called "-", nothing left behind


def test_json_is_the_default_on_standard_output_and_nothing_else_is_printed(demo, tmp_path):
    result = subprocess.run(
        [*COMMAND, "export", str(demo), "--out", "-"], cwd=tmp_path, env=_env(),
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["events"]) == 57
    rows = chronicle("export", demo, "--out", "-", "--format", "csv", cwd=tmp_path).stdout
    assert len(list(csv.DictReader(io.StringIO(rows)))) == 57


def test_a_picture_to_standard_output_without_any_display(demo, tmp_path):
    result = subprocess.run(
        [*COMMAND, "export", str(demo), "--out", "-", "--format", "png", "--width", "400"],
        cwd=tmp_path, capture_output=True, timeout=120,
        env=_env(DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_pictures_need_no_display(demo, tmp_path, suffix):
    result = chronicle(
        "export", demo, "--out", f"t.{suffix}", cwd=tmp_path,
        DISPLAY=None, WAYLAND_DISPLAY=None, QT_QPA_PLATFORM=None,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"t.{suffix}").stat().st_size > 1_000


def test_version(tmp_path):
    result = chronicle("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"chronicle {app_version()}\n"
    assert app_version().count(".") >= 1


def test_help_shows_an_example_for_every_command(tmp_path):
    top = chronicle("--help", cwd=tmp_path)
    assert top.returncode == 0
    commands = top.stdout.split("positional arguments:")[1].split("options:")[0]
    listed = re.findall(r"^    (\w+) ", commands, flags=re.MULTILINE)
    assert listed and set(listed) == set(EXAMPLES)
    for name in listed:
        own = chronicle(name, "--help", cwd=tmp_path).stdout
        assert all(example in own and example in top.stdout for example in EXAMPLES[name])
        assert all(example.startswith(f"chronicle {name} ") for example in EXAMPLES[name])


@pytest.mark.parametrize(
    "args",
    [
        ("export", "missing.chronicle", "--out", "x.json"),
        ("export",),
        ("import", "lib.chronicle", "no-such.csv"),
        ("frobnicate", "--now"),
    ],
)
def test_errors_are_one_line_on_stderr_with_status_1(tmp_path, args):
    result = chronicle(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("chronicle: ") and result.stderr.count("\n") == 1
    assert result.stdout == ""
