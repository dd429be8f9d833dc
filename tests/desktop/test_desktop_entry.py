"""`./run.sh --install-desktop-entry`: a launcher and the icon in the user's XDG folders."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import sys
from pathlib import Path

from desktop.window.desktop_entry import desktop_file_text
from resources import ICON_PNG, ICON_SVG

REPO = Path(__file__).resolve().parents[2]


def _entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_launcher_and_icon_go_to_xdg_data_home(tmp_path):
    data, home = tmp_path / "data", tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(home), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "desktop.window.desktop_entry"], env=env, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    launcher = data / "applications" / "chronicle.desktop"
    svg = data / "icons" / "hicolor" / "scalable" / "apps" / "chronicle.svg"
    png = data / "icons" / "hicolor" / "256x256" / "apps" / "chronicle.png"
    assert svg.read_bytes() == ICON_SVG.read_bytes() and png.read_bytes() == ICON_PNG.read_bytes()
    assert f"Wrote {launcher}" in result.stdout
    assert list(home.iterdir()) == []  # nothing outside XDG_DATA_HOME
    entry = _entry(launcher)
    assert entry["Type"] == "Application" and entry["Name"] == "Chronicle"
    assert entry["Icon"] == "chronicle" and entry["Terminal"] == "false"
    program, placeholder = shlex.split(entry["Exec"])
    assert placeholder == "%f"
    assert program == entry["TryExec"] and Path(program).parent == Path(sys.executable).parent
    # The command really starts Chronicle (asked for its version, so no window opens).
    version = subprocess.run([program, "--version"], env=env, capture_output=True, text=True)
    assert version.stdout.startswith("chronicle ")


def test_a_path_with_spaces_is_quoted_as_the_spec_asks():
    text = desktop_file_text(["/home/ana/My Projects/chronicle/.venv/bin/chronicle"])
    (line,) = [ln for ln in text.splitlines() if ln.startswith("Exec=")]
    assert line == 'Exec="/home/ana/My Projects/chronicle/.venv/bin/chronicle" %f'
    weird = desktop_file_text(['/opt/a"b$c/chronicle'])
    (line,) = [ln for ln in weird.splitlines() if ln.startswith("Exec=")]
    # `"` and `$` are escaped inside the quotes, and that backslash is escaped again.
    assert line == 'Exec="/opt/a\\\\"b\\\\$c/chronicle" %f'
