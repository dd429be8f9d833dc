"""The README's screenshots come from `python -m tools.tour`, from the shipped demo only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
SHOTS = [
    "01-main-window",
    "02-timeline-zoomed",
    "03-relationships-path",
    "04-source-reader",
    "05-eras-and-relations",
    "06-eras-from-thetimelineproj",
]


def test_the_tour_writes_every_screenshot_from_the_demo(tmp_path, qapp):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    # Run from an empty folder: nothing but the installed package and its resources is at hand.
    result = subprocess.run(
        [sys.executable, "-m", "tools.tour", str(tmp_path / "shots")], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = [Path(line) for line in result.stdout.split()]
    assert [p.stem for p in written] == SHOTS
    for path in written:
        image = QImage(str(path))
        assert image.width() >= 700 and image.height() >= 600, path.name
    # The reader shows the demo's own article text: its first line is drawn in the picture, so the
    # picture is far from one flat colour.
    reader = QImage(str(written[-1]))
    colours = {reader.pixel(x, y) for x in range(0, reader.width(), 7) for y in range(100, 400, 7)}
    assert len(colours) > 20
