"""A clone is the whole project: no file reaches outside it for texts, data or tools."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Written in pieces so that this file does not match itself.
SHARED = "shared"
FORBIDDEN = ("../" + SHARED, SHARED + "/corpus")
SKIPPED_DIRS = {".git", ".venv", "__pycache__", "out", ".ruff_cache", ".pytest_cache"}


def references(root: Path) -> tuple[int, list[str]]:
    """(text files scanned, "path: word" for each forbidden word found) under `root`."""
    scanned, found = 0, []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(".egg-info")]
        for name in files:
            path = Path(folder, name)
            data = path.read_bytes()
            if b"\x00" in data[:4096]:
                continue  # a picture or other binary file
            scanned += 1
            text = data.decode("utf-8", errors="replace")
            found += [f"{path.relative_to(root)}: {word}" for word in FORBIDDEN if word in text]
    return scanned, found


def test_no_file_refers_to_a_shared_folder_beside_the_clone():
    scanned, found = references(ROOT)
    assert scanned > 200  # the walk really saw the project (sources, tests, docs, scripts)
    assert found == []


def test_the_scan_finds_a_planted_reference(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text(f'CORPUS = "../{SHARED}/corpus"\n')
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\x00../" + SHARED.encode())
    assert references(tmp_path) == (
        1,
        [f"tests/conftest.py: ../{SHARED}", f"tests/conftest.py: {SHARED}/corpus"],
    )
