"""Word lists the finders share: function words, calendar names, personal titles, abbreviations."""

from __future__ import annotations


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# English function words. Spinning tools rarely swap them, so they anchor the near-copy signatures;
# capitalised at a sentence start they are never names.
FUNCTION_WORDS = _word_set(
    """
    a about above across after again against all also although am among an and another any are
    around as at be because been before being below between both but by can could did do does
    doing down during each either even ever every few for from further had has have having he her
    here hers herself him himself his how however i if in into is it its itself just least less
    many may me might more most much must my myself neither no nor not now of off often on once
    one only onto or other others our ours ourselves out over own per rather same shall she should
    since so some such than that the their theirs them themselves then there these they this those
    though through thus to too toward towards under until up upon us very was we were what when
    where whether which while who whom whose why will with within without would yet you your yours
    yourself yourselves
    """
)

# Capitalised words that open sentences without naming anyone (beyond the function words above).
SENTENCE_OPENERS = FUNCTION_WORDS | _word_set(
    """
    according afterwards already meanwhile moreover nevertheless nonetheless instead indeed still
    today tomorrow yesterday yes finally first second third last next later earlier therefore hence
    overall similarly likewise besides despite furthermore additionally ultimately notably
    specifically like unlike given including following amid asked speaking writing none nobody
    everyone several
    """
)

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip

# EDTF season codes (level 1): 21 spring, 22 summer, 23 autumn, 24 winter.
SEASONS: dict[str, int] = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

# Offices said before a name ("Prime Minister Fumio Kishida"): a head word, and words that may
# stand next to a head but name no office alone ("Foreign" in "Council on Foreign Relations").
TITLE_HEADS = _word_set(
    """
    president minister secretary chancellor premier king queen prince princess emperor empress
    pope general admiral senator governor mayor ambassador chairman chairwoman chair director
    professor commissioner spokesman spokeswoman spokesperson envoy leader sheikh judge justice
    lord lady sir dame representative mr mrs ms dr prof sen rep gov gen lt col capt sgt cmdr adm
    """
)
TITLE_MODIFIERS = _word_set(
    """
    prime vice deputy chief crown foreign defense defence finance trade cabinet state affairs
    home interior general acting former first
    """
)

# Lower-case words that belong inside names ("Ursula von der Leyen", "Mohammed bin Salman").
NAME_PARTICLES = _word_set("von van der den de da di du del la le bin ibn al el")

# Abbreviations that always precede a name or number, so their full stop never ends a sentence.
NAME_ABBREVIATIONS = _word_set(
    """
    mr mrs ms dr prof st mt ft gen sen rep gov lt col capt sgt cmdr adm supt rev hon no nos vol
    vols fig figs pp
    """
)

# Abbreviations that may also end a sentence ("Apple Inc. The shares..."): see `sentences`.
ABBREVIATIONS = NAME_ABBREVIATIONS | _word_set(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec sr jr ca approx vs cf al dept univ corp inc
    ltd co bros est etc
    """
)
