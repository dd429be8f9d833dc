"""Known actors found in prose, and new names proposed as actors."""

from db.curation.actor_finder import ActorMatcher, find_actor_mentions
from db.curation.name_finder import new_name_candidates

KNOWN = [
    (1, "Japan", []),
    (2, "United States", ["US", "America"]),
    (3, "South Korea", ["Korea", "Seoul"]),
    (4, "North Korea", ["Pyongyang"]),
    (5, "Joe Biden", ["Biden"]),
    (6, "European Union", ["EU"]),
]


def mentions(text):
    return [(m.actor_id, m.text) for m in find_actor_mentions(text, KNOWN)]


def test_dotted_and_plain_acronyms_match_case_sensitively():
    text = "The U.S. and the US told us, the EU and the U.S.-based firm."
    assert mentions(text) == [(2, "U.S."), (2, "US"), (6, "EU"), (2, "U.S.")]


def test_names_match_whole_words_case_insensitively_with_possessives():
    text = "Japan’s navy, JAPAN's ports and japan; not Japanese or Japanland."
    assert mentions(text) == [(1, "Japan"), (1, "JAPAN"), (1, "japan")]


def test_longest_match_wins_and_matches_never_overlap():
    text = "North Korea threatened South Korea, and Korea answered."
    assert mentions(text) == [(4, "North Korea"), (3, "South Korea"), (3, "Korea")]


def test_multi_word_names_match_across_a_line_break():
    assert mentions("the United\nStates and President Joe Biden") == [
        (2, "United\nStates"),
        (5, "Joe Biden"),
    ]


def test_offsets_point_at_the_mention():
    text = "Talks in Seoul."
    (mention,) = find_actor_mentions(text, KNOWN)
    assert text[mention.start : mention.end] == "Seoul"


def test_matcher_scans_a_range_of_a_text():
    text = "Japan first. Then America."
    found = ActorMatcher(KNOWN).find(text, text.index("Then"), len(text))
    assert [(m.actor_id, m.start) for m in found] == [(2, text.index("America"))]


def names(text, known=KNOWN):
    return [(n.name, n.title) for n in new_name_candidates(text, known)]


def test_titles_are_split_from_names():
    text = (
        "Prime Minister Fumio Kishida met President Yoon Suk Yeol. "
        "Secretary of State Antony Blinken called Minister for Foreign Affairs Yoko Kamikawa."
    )
    assert names(text) == [
        ("Fumio Kishida", "Prime Minister"),
        ("Yoon Suk Yeol", "President"),
        ("Antony Blinken", "Secretary of State"),
        ("Yoko Kamikawa", "Minister for Foreign Affairs"),
    ]


def test_known_actors_months_weekdays_and_sentence_openers_are_not_new_names():
    text = (
        "U.S. President Joe Biden spoke on Monday. In July Biden left. "
        "Under Biden, the North Korea file stalled. The European Union agreed."
    )
    assert names(text) == []


def test_organisations_and_particles_stay_whole():
    text = "Ursula von der Leyen spoke at the University of Tokyo and the Bank of Japan."
    assert names(text) == [
        ("Ursula von der Leyen", ""),
        ("University of Tokyo", ""),
        ("Bank of Japan", ""),
    ]


def test_a_lone_capitalised_word_needs_a_title():
    assert names("Kishida said Tokyo would act, Mr. Kishida added.") == [("Kishida", "Mr")]
