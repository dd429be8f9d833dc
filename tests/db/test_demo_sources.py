"""The shipped demo carries its sources' full texts, attributed, with quotes that match them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import queries, store
from db.curation.paragraphs import locator_for
from db.curation.statements import find_dated_statements
from db.queries.evidence import near_duplicates
from resources import DEMO_CHRONOLOGY

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FIXTURE_OF = {
    "ECFR": "ecfr-asia-partners-after-trump-2024.txt",
    "The Japan Times": "japantimes-trump-proofing-2024.txt",
    "NPR": "npr-allies-unite-2025.txt",
}


@pytest.fixture(scope="module")
def demo() -> dict:
    return json.loads(DEMO_CHRONOLOGY.read_text(encoding="utf-8"))


def test_each_source_is_attributed_and_ships_its_whole_article(demo):
    assert {s["publisher"] for s in demo["sources"]} == set(FIXTURE_OF)
    for source in demo["sources"]:
        assert source["url"].startswith("https://")
        article = (CORPUS / FIXTURE_OF[source["publisher"]]).read_text(encoding="utf-8")
        assert source["full_text"] == article.strip()


def _citations(demo):
    texts = {s["id"]: s["full_text"] for s in demo["sources"]}
    for record in demo["events"] + demo["relations"]:
        for citation in record.get("citations", []):
            yield texts[citation["source"]], citation


def test_every_quote_is_in_its_source_at_the_paragraph_its_locator_names(demo):
    seen = 0
    for text, citation in _citations(demo):
        start = text.find(citation["quote"])
        assert start >= 0, citation["quote"]
        assert citation["locator"] == locator_for(text, start, start + len(citation["quote"]))
        seen += 1
    assert seen > 60


def test_a_demo_library_can_be_read_searched_for_dates_and_checked_for_copies(demo_lib):
    sources = {
        row.id: store.get(demo_lib, "source", row.id) for row in queries.list_sources(demo_lib)
    }
    assert len(sources) == 3 and all(s["full_text"] for s in sources.values())
    japan = next(s for s in sources.values() if s["publisher"] == "The Japan Times")
    statements = find_dated_statements(japan["full_text"], japan["published_edtf"])
    assert "end of 2024" in {
        japan["full_text"][d.start : d.end] for s in statements for d in s.dates
    }
    # Fingerprints were stored on import: the article itself is found as a copy, and only it.
    article = (CORPUS / FIXTURE_OF["The Japan Times"]).read_text(encoding="utf-8")
    assert [match[0] for match in near_duplicates(demo_lib, article)] == [japan["id"]]
