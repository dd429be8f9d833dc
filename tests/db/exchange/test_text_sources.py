"""Plain text, Markdown and HTML files as sources holding their full text."""

from __future__ import annotations

import pytest

from db.errors import DataImportError
from db.exchange.imports import import_text_sources
from db.exchange.library_records import export_records
from db.exchange.text_sources import html_to_text


def test_corpus_articles_import_with_their_full_text(lib, corpus):
    paths = sorted(corpus.glob("*.txt"))
    report = import_text_sources(lib, paths)
    assert report.counts["sources"] == len(paths) == 3
    sources = {s["title"]: s for s in export_records(lib)["sources"]}
    for path in paths:
        source = sources[path.stem]
        assert source["full_text"] == path.read_text(encoding="utf-8").strip("\n")
        assert source["kind"] == "document"


def test_html_keeps_paragraphs_drops_scripts_and_takes_its_title(lib, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title> Allies  unite </title><meta name='author' content='Ben Bland'>"
        "<meta property='article:published_time' content='2025-09-02T08:00:00Z'>"
        "<style>p {color: red}</style></head><body><h1>Headline</h1>"
        "<p>First <b>bold</b>\n   paragraph &amp; more.</p><script>alert(1)</script>"
        "<p>Second<br>line</p></body></html>",
        encoding="cp1252",
    )
    import_text_sources(lib, [page])
    (source,) = export_records(lib)["sources"]
    assert source["title"] == "Allies unite"
    assert source["full_text"] == "Headline\n\nFirst bold paragraph & more.\n\nSecond\nline"
    assert (source["authors"], source["published"], source["kind"]) == (
        ["Ben Bland"],
        "2025-09-02",
        "web",
    )


def test_markdown_title_is_its_first_heading_and_html_without_title_its_heading(lib, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("Intro line\n\n# Gdańsk talks\n\nText.", encoding="utf-8")
    bare = tmp_path / "bare.htm"
    bare.write_text("<h2>東京 summit</h2><p>Body</p>", encoding="utf-8")
    import_text_sources(lib, [notes, bare])
    titles = sorted(s["title"] for s in export_records(lib)["sources"])
    assert titles == ["Gdańsk talks", "東京 summit"]


def test_an_unknown_or_empty_file_imports_nothing(lib, tmp_path):
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text("Some text", encoding="utf-8")
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(DataImportError, match=r"empty\.txt holds no text"):
        import_text_sources(lib, [good, empty])
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(DataImportError, match="not a text, Markdown or HTML file"):
        import_text_sources(lib, [tmp_path / "x.docx"])
    assert export_records(lib)["sources"] == []


def test_html_to_text_of_fragments():
    assert html_to_text("a<br>b") == "a\nb"
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "one\n\ntwo"
