"""`chronicle import` checks imported texts for near-copies, prints them and records copy_of."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from spinning import spin
from test_cli import FIXTURES, chronicle

from db.engine import open_library
from db.store.snapshots import TABLES

CORPUS = FIXTURES / "corpus"
_SOURCE = TABLES["source"]


def _sources(path):
    lib = open_library(path, read_only=True)
    try:
        with lib.read() as conn:
            rows = conn.execute(sa.select(_SOURCE.c.id, _SOURCE.c.title, _SOURCE.c.copy_of_id))
            return {r.title: (r.id, r.copy_of_id) for r in rows}
    finally:
        lib.close()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The demo library, which holds the three corpus articles with their texts (bytes, to copy)."""
    folder = tmp_path_factory.mktemp("copies")
    assert chronicle("demo", "demo.chronicle", cwd=folder).returncode == 0
    return (folder / "demo.chronicle").read_bytes()


def _with_originals(library: bytes, folder):
    target = folder / "lib.chronicle"
    target.write_bytes(library)
    return target


def _spun_japan_times(folder):
    text = (CORPUS / "japantimes-trump-proofing-2024.txt").read_text(encoding="utf-8")
    path = folder / "rewrite.txt"
    path.write_text(spin(text, 3, synonyms=0.4, shuffle=0.5, boilerplate=0.3), encoding="utf-8")
    return path


def test_a_spun_copy_and_an_exact_duplicate_are_printed_and_recorded_as_copies(library, tmp_path):
    target = _with_originals(library, tmp_path)
    (original,) = [i for t, (i, _) in _sources(target).items() if "Trump-proof" in t]
    duplicate = tmp_path / "ecfr.txt"
    duplicate.write_text((CORPUS / "ecfr-asia-partners-after-trump-2024.txt").read_text("utf-8"))
    independent = FIXTURES / "curation" / "voa-germany-musk-afd-2024.txt"
    result = chronicle(
        "import", str(target), str(_spun_japan_times(tmp_path)), str(duplicate), str(independent),
        "--format", "text", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Imported 3 sources."
    copies = [line for line in lines if line.startswith("near-copy:")]
    assert len(copies) == 2, result.stdout
    assert "“rewrite”" in copies[0] and f"copies source {original} " in copies[0]
    # The demo already holds the ECFR article's text: importing it again is an exact copy.
    assert "“ecfr”" in copies[1]
    assert lines[-1].startswith("Recorded 2 as copies")
    after = _sources(target)
    assert after["rewrite"][1] == original
    assert after["ecfr"][1] is not None
    assert after["voa-germany-musk-afd-2024"][1] is None


def test_keep_independent_lists_copies_without_recording_them(library, tmp_path):
    target = _with_originals(library, tmp_path)
    result = chronicle(
        "import", str(target), str(_spun_japan_times(tmp_path)), "--format", "text",
        "--keep-independent", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "near-copy: " in result.stdout and "Recorded" not in result.stdout
    assert _sources(target)["rewrite"][1] is None


def test_a_bibtex_abstract_that_copies_a_source_is_caught(library, tmp_path):
    target = _with_originals(library, tmp_path)
    text = (CORPUS / "npr-allies-unite-2025.txt").read_text(encoding="utf-8")
    abstract = " ".join(spin(text, 5, synonyms=0.2, keep=0.5).split()).replace("{", "(")
    bib = tmp_path / "farm.bib"
    bib.write_text(
        "@article{farm2025,\n  title = {Allies chart their course},\n"
        f"  abstract = {{{abstract.replace('}', ')')}}},\n  year = {{2025}}\n}}\n",
        encoding="utf-8",
    )
    result = chronicle("import", str(target), str(bib), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "near-copy: " in result.stdout and "“Allies chart their course”" in result.stdout
    assert _sources(target)["Allies chart their course"][1] is not None
