"""Curation over the real articles in tests/fixtures/corpus: dates, actors, locators, copies.

The corpus files carry no header, so each publication date below is established from outside the
text and checked against it:
- japantimes: 25 Jun 2024, the date in the article's address on japantimes.co.jp
  (Kishida still prime minister, Trump "the 78-year-old", Biden still the rival candidate).
- ecfr: Nov 2024: "President-elect Donald Trump", and the US-South Korea cost-sharing deal
  "signed just this month" was signed on 4 Nov 2024.
- npr: 2025, the year only: Trump "returned to the White House earlier this year"; the latest date
  in the text is September 23 (of the U.N. General Assembly it says "met recently").
"""

import re
import time
from pathlib import Path

import pytest

from db.curation.actor_finder import find_actor_mentions
from db.curation.paragraphs import locate, locator_for
from db.curation.similarity import is_near_duplicate, similarity, text_fingerprint
from db.curation.statements import find_dated_statements
from db.curation.vocabulary import FUNCTION_WORDS

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
JAPAN_TIMES = "japantimes-trump-proofing-2024.txt"
ECFR = "ecfr-asia-partners-after-trump-2024.txt"
NPR = "npr-allies-unite-2025.txt"
PUBLISHED = {JAPAN_TIMES: "2024-06-25", ECFR: "2024-11", NPR: "2025"}

KNOWN = [
    (1, "Japan", ["Tokyo"]),
    (2, "United States", ["US", "America", "Washington"]),
    (3, "Philippines", ["Manila"]),
    (4, "South Korea", ["Seoul"]),
    (5, "North Korea", ["Pyongyang"]),
    (6, "Donald Trump", ["Trump"]),
    (7, "Joe Biden", ["Biden"]),
    (8, "NATO", []),
    (9, "China", ["Beijing"]),
    (10, "Australia", ["Canberra"]),
]

# Every date phrase in each article, as read by hand, with what it resolves to. The articles hold
# fewer than six each; the forms they lack are covered in test_curation_dates.py.
EXPECTED_DATES = {
    JAPAN_TIMES: {
        ("the year-end", "2024-12~"),  # "...defense initiatives before the year-end"
        ("last 3½ years", "2020-12~/2024-06-25"),  # Biden's tie-ups "over the last 3½ years"
        ("end of 2024", "2024-12~"),  # "Before the end of 2024, Washington, Tokyo and Seoul..."
        ("earlier this year", "2024-01~/2024-06~"),  # Trump's NATO remark (it was in February)
    },
    ECFR: {
        ("Today", None),  # "Today, the Japanese government looks set..." needs a publication day
        ("2022", "2022"),  # Yoon's "inauguration in 2022"
        ("this month", "2024-11"),  # the cost-sharing deal "signed just this month"
        ("2020", "2020"),  # Sino-Indian ties "poor since 2020"
    },
    NPR: {
        ("July 27, 2025", "2025-07-27"),  # trade deal announced at Turnberry
        ("September 23", "2025-09-23"),  # Security Council meeting during the General Assembly
        ("2017", "2017"),  # Trump withdrew from the TPP "in 2017"
        ("Jan. 31, 2025", "2025-01-31"),  # photo caption, Beijing
    },
}
NOT_DATES = {
    JAPAN_TIMES: ["78-year-old", "day one", "first term", "in a day"],
    ECFR: ["2+2", "28,500", "G7", "twice a year", "EU+1+1+AP4"],
    NPR: ["12 months", "two books", "seven"],
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    assert CORPUS.is_dir(), f"the corpus fixture is missing at {CORPUS}"
    return {name: (CORPUS / name).read_text(encoding="utf-8") for name in PUBLISHED}


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_every_date_phrase_is_found_and_resolved(corpus, name):
    statements = find_dated_statements(corpus[name], PUBLISHED[name], KNOWN)
    found = {(d.text, d.edtf) for s in statements for d in s.dates}
    assert found == EXPECTED_DATES[name]


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_numbers_that_are_not_dates_stay_out(corpus, name):
    text = corpus[name]
    statements = find_dated_statements(text, PUBLISHED[name], KNOWN)
    spans = [(d.start, d.end) for s in statements for d in s.dates]
    for phrase in NOT_DATES[name]:
        at = text.index(phrase)
        assert all(end <= at or at + len(phrase) <= start for start, end in spans), phrase


def test_dated_statement_carries_sentence_locator_actors_and_title(corpus):
    text = corpus[JAPAN_TIMES]
    statements = find_dated_statements(text, PUBLISHED[JAPAN_TIMES], KNOWN)
    (seal,) = [s for s in statements if any(d.text == "end of 2024" for d in s.dates)]
    assert seal.text.startswith("Before the end of 2024, Washington, Tokyo and Seoul aim")
    assert text[seal.start : seal.end] == seal.text
    assert seal.locator == "para 4"
    assert [a.actor_id for a in seal.actors] == [2, 1, 4, 7]
    assert len(seal.title) <= 80 and not seal.title.endswith("…")  # saved as a title
    assert seal.text.startswith(seal.title)
    assert seal.title.startswith("Before the end of 2024, Washington, Tokyo and Seoul aim")


def test_actor_mentions_in_the_japan_times_article(corpus):
    mentions = find_actor_mentions(corpus[JAPAN_TIMES], KNOWN)
    by_id: dict[int, set[str]] = {}
    for m in mentions:
        by_id.setdefault(m.actor_id, set()).add(m.text)
    assert {"U.S.", "United States", "Washington", "America"} <= by_id[2]
    assert by_id[1] >= {"Japan", "Tokyo"}
    assert by_id[3] == {"Philippines", "Manila"}
    assert by_id[5] == {"North Korea"}  # never read as a second "Korea"
    at = corpus[JAPAN_TIMES].index("U.S.-based")
    assert [(m.actor_id, m.text) for m in mentions if m.start == at] == [(2, "U.S.")]


def test_new_people_are_proposed(corpus):
    statements = find_dated_statements(corpus[JAPAN_TIMES], PUBLISHED[JAPAN_TIMES], KNOWN,
                                       include_undated=True)  # fmt: skip
    names = {n.name: n.title for s in statements for n in s.new_names}
    assert names["Fumio Kishida"] == "Prime Minister"
    assert {"Stephen Nagy", "Chase Blazek", "Sebastian Maslow", "Misato Matsuoka"} <= set(names)
    assert not {"Trump", "Donald Trump", "Joe Biden", "Japan"} & set(names)


def test_quote_maps_to_its_paragraph(corpus):
    text = corpus[JAPAN_TIMES]
    quote = "is a perennial fear for Tokyo"
    at = text.index(quote)
    # The file has one paragraph per line: the quote is on line 35.
    assert text[:at].count("\n") + 1 == 35
    assert locate(text, at) == 35
    assert locator_for(text, at, at + len(quote)) == "para 35"
    statements = find_dated_statements(text, PUBLISHED[JAPAN_TIMES], KNOWN, include_undated=True)
    (sentence,) = [s for s in statements if quote in s.text]
    assert sentence.locator == "para 35"


# A small thesaurus in the manner of article spinners: content words only, names untouched.
SYNONYMS = {
    "allies": "partners", "partners": "associates", "security": "safety", "defense": "protection",
    "said": "stated", "policy": "strategy", "term": "tenure", "military": "armed",
    "approach": "method", "agreements": "accords", "alliances": "coalitions",
    "administration": "government", "bilateral": "two-way", "international": "global",
    "support": "backing", "concerns": "worries", "fear": "dread", "foreign": "overseas",
    "initiatives": "schemes", "cooperation": "collaboration", "commitments": "pledges",
    "collective": "joint", "efforts": "attempts", "tensions": "frictions", "key": "main",
    "alliance": "coalition", "relationships": "ties", "possible": "potential", "ties": "links",
    "multilateral": "many-sided", "seal": "finalize", "relationship": "bond", "pushed": "pressed",
    "prompted": "spurred", "conflict": "war", "follow": "pursue", "potential": "likely",
    "restructure": "reshape", "trade": "commerce", "undermine": "weaken", "countries": "nations",
    "comments": "remarks", "worry": "fret", "region": "area", "especially": "notably",
    "create": "generate", "view": "outlook", "commitment": "pledge", "expert": "specialist",
    "priorities": "goals", "sought": "tried", "reduce": "cut", "regional": "local",
    "framework": "structure", "swiftly": "quickly", "uncertainty": "doubt",
    "reliable": "dependable", "actions": "steps", "difficult": "hard", "numerous": "many",
    "nervous": "anxious", "environment": "climate", "historic": "landmark", "serious": "grave",
    "implications": "consequences", "decisions": "choices", "dangerous": "risky",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]+")


def spin(text: str) -> tuple[str, float]:
    """Synonym-spun copy with some sentences reordered, and the share of content words replaced."""
    content = replaced = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal content, replaced
        word = match.group()
        if word[0].islower() and word not in FUNCTION_WORDS:
            content += 1
            if word in SYNONYMS:
                replaced += 1
                return SYNONYMS[word]
        return word

    paragraphs = WORD.sub(swap, text).split("\n")
    for i in range(0, len(paragraphs), 3):
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“])", paragraphs[i])
        paragraphs[i] = " ".join(reversed(sentences))
    return "\n".join(paragraphs), replaced / content


def test_synonym_spun_copy_is_flagged(corpus):
    original = corpus[JAPAN_TIMES]
    spun, share = spin(original)
    assert 0.30 <= share <= 0.40
    assert spun != original
    score = similarity(text_fingerprint(original), text_fingerprint(spun))
    assert is_near_duplicate(score), score


def test_identical_copy_scores_one(corpus):
    text = corpus[ECFR]
    assert similarity(text_fingerprint(text), text_fingerprint(text)) == pytest.approx(1.0)


@pytest.mark.parametrize(("a", "b"), [(JAPAN_TIMES, ECFR), (JAPAN_TIMES, NPR), (ECFR, NPR)])
def test_different_articles_are_not_near_copies(corpus, a, b):
    score = similarity(text_fingerprint(corpus[a]), text_fingerprint(corpus[b]))
    assert not is_near_duplicate(score), score


def test_scan_speed(corpus):
    words = sum(len(text.split()) for text in corpus.values())
    started = time.perf_counter()
    for name, text in corpus.items():
        find_dated_statements(text, PUBLISHED[name], KNOWN, include_undated=True)
    per_10k_words = (time.perf_counter() - started) * 10_000 / words
    # The aim is 50 ms per 10,000 words; the bound only catches a pathological slowdown.
    assert per_10k_words < 2.0
