"""BibTeX and CSL-JSON (Zotero) imports of sources: authors, dates, titles, keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import store
from db.errors import DataImportError
from db.exchange.imports import import_bibtex, import_csl_json
from db.exchange.library_records import export_records

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _sources(lib) -> dict[str, dict]:
    return {s["citation_key"]: s for s in export_records(lib)["sources"]}


def test_bibtex_entries_become_sources_with_unicode_authors_and_dates(lib):
    report = import_bibtex(lib, FIXTURES / "sources.bib")
    assert report.counts["sources"] == 3
    sources = _sources(lib)
    jt = sources["japantimes2024trumpproof"]
    assert jt["authors"] == ["Eric Johnston", "Kosuke Takahashi"]
    assert jt["title"] == "Biden and Indo-Pacific allies race to `Trump-proof' defense ties"
    assert (jt["publisher"], jt["published"], jt["accessed"]) == (
        "The Japan Times",
        "2024-06-25",
        "2024-07-01",
    )
    assert jt["kind"] == "article" and jt["url"].startswith("https://www.japantimes.co.jp/")
    npr = sources["bland2025allies"]
    assert (npr["published"], npr["publisher"], npr["kind"]) == ("2025-09", "NPR", "web")
    book = sources["mueller2019gdansk"]
    assert book["title"] == "Gdańsk und die Ostsee"
    assert book["authors"] == ["Jörg Müller", "Wydawnictwo Gdańskie"]
    assert (book["kind"], book["notes"]) == ("book", "Second edition")


def test_bibtex_keys_already_in_the_library_are_not_imported_twice(lib):
    store.create(lib, "source", title="Mine", citation_key="bland2025allies")
    report = import_bibtex(lib, FIXTURES / "sources.bib")
    assert report.counts["sources"] == 2
    assert _sources(lib)["bland2025allies"]["title"] == "Mine"


def test_an_unreadable_bibtex_entry_is_named_with_its_line(lib, tmp_path):
    text = (FIXTURES / "sources.bib").read_text(encoding="utf-8")
    path = tmp_path / "broken.bib"
    path.write_text(text + "\n@misc{broken,\n  title = {Never closed\n", encoding="utf-8")
    with pytest.raises(DataImportError, match=r"broken.bib, line 3\d: the entry 'broken'"):
        import_bibtex(lib, path)
    assert export_records(lib)["sources"] == []


def test_csl_json_items_become_sources(lib):
    report = import_csl_json(lib, FIXTURES / "zotero.json")
    assert report.counts["sources"] == 3
    sources = _sources(lib)
    ecfr = sources["ecfr2024asia"]
    assert ecfr["authors"] == ["Janka Oertel", "Gustav Gressel"]
    assert (ecfr["published"], ecfr["accessed"]) == ("2024-11-19", "2024-12-02")
    assert ecfr["publisher"] == "European Council on Foreign Relations"
    tokyo = sources["tokyo1990"]
    assert (tokyo["title"], tokyo["authors"], tokyo["published"]) == (
        "東京の歴史",
        ["東京都"],
        "1990~",
    )
    assert (tokyo["publisher"], tokyo["kind"]) == ("岩波書店", "book")
    talks = sources["talks2024"]
    assert talks["published"] == "2024-07-28/2024-07-30"
    assert talks["authors"] == ["Anna de Nowak"]
    assert talks["url"] == "https://doi.org/10.1234/talks.2024"


def test_csl_json_errors_name_the_item(lib, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '[{"id": "a", "title": "Fine"}, {"id": "b", "issued": {"date-parts": [[2024]]}}]'
    )
    with pytest.raises(DataImportError, match=r"bad.json, item 2 \('b'\): it has no title"):
        import_csl_json(lib, path)
    path.write_text('[{"id": "a",\n "title": }]')
    with pytest.raises(DataImportError, match="line 2, column 11"):
        import_csl_json(lib, path)
