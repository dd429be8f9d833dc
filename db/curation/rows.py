"""The rows Find Dated Statements proposes: one per date a sentence reports, and inferred ones.

A sentence with two date phrases reports two events and gives two rows. A date inside a direct
quotation ("Today an article appeared…", she wrote) is the speaker's, not the article's, and gives
none. A later mention of a named event dated earlier ("the First Punic War (264 to 241 BC)" … "in
the midst of the First Punic War") is proposed with that date, marked inferred, with the sentence
the date came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.curation.date_finder import DateCandidate
from db.curation.statements import DatedStatement

# A capitalised name (two to five words, or all capitals) ending in a word that names an event.
_EVENT_WORDS = (
    "War|Summit|Conference|Treaty|Accord|Agreement|Crisis|Revolution|Uprising|Siege|Election"
    "|Olympics|Games|Congress|Council|Meeting|Dialogue|Forum|Attacks?|Bombings?|Invasion|Massacre"
)
_NAMED_EVENT = re.compile(
    rf"\b((?:[A-Z][\w'’-]*\s+){{1,4}}(?:{_EVENT_WORDS}|{_EVENT_WORDS.upper()}))\b"
    r"|\b(Battle\s+of\s+[A-Z]\w+)"
)
# A later mention dates a statement only when it says when: "at the X", "during the X", "in the
# midst of the X", "hostilities of the X began"; "a secondary role in the X" dates nothing.
_TIME_CUE = re.compile(
    r"(?i:\b(?:at|during|midst\s+of|beginning\s+of|start\s+of|end\s+of|outbreak\s+of|hostilities"
    r"\s+of|since|after|before|following|ahead\s+of|until)\s+(?:the\s+)?)$"
)
# "NATO Summit attendees also agreed…": those who were there, so then.
_PARTICIPANTS = re.compile(r"(?i:\s+(?:attendees|participants|delegates|communiqu[eé]))\b")
# "during the Summit": the one named event ending in that word, if only one is known.
_SHORT_MENTION = re.compile(rf"(?<=\bthe )({_EVENT_WORDS})\b")
# "At the same time" and "in the same year" take the date of the sentence before.
_SAME_TIME = re.compile(
    r"(?i:^(?:at\s+the\s+same\s+time|in\s+the\s+same\s+year|that\s+same\s+year))\b"
)
_Named = dict[str, tuple[DateCandidate, str]]
# A quotation may run over several sentences but not past the end of its paragraph.
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


@dataclass(frozen=True, slots=True)
class DatedRow:
    """One proposed event: its sentence, the phrase dating it and, if inferred, where from."""

    statement: DatedStatement
    date: DateCandidate
    inferred_from: str | None = None


def proposed_rows(full_text: str, statements: list[DatedStatement]) -> list[DatedRow]:
    """Rows for `statements` (from `find_dated_statements(..., include_undated=True)`)."""
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(full_text)]
    named: _Named = {}
    rows: list[DatedRow] = []
    previous: DatedRow | None = None
    for statement in statements:
        if statement.text.rstrip(" \"”’'").endswith("?"):
            continue  # a question (in a transcript, say) asks about events; it reports none
        dates = _outside_quotes(statement.dates, quoted)
        if dates:
            rows.extend(DatedRow(statement, d) for d in _distinct(dates))
            _remember_names(statement, dates, named)
            previous = rows[-1] if rows[-1].date.edtf else None
            continue
        inferred = _same_time(statement, previous) or _mention(statement, named)
        if inferred is not None:
            rows.append(inferred)
    return rows


def _same_time(statement: DatedStatement, previous: DatedRow | None) -> DatedRow | None:
    match = _SAME_TIME.match(statement.text)
    if match is None or previous is None or previous.date.approximate:
        return None  # after a vague date "at the same time" means "also", not "then"
    date = previous.date
    start = statement.start + match.start()
    reason = f"inferred: the date of the sentence before ({date.text})"
    mention = DateCandidate(
        match.group(), start, start + len(match.group()), date.edtf, date.approximate, reason
    )
    return DatedRow(statement, mention, inferred_from=previous.statement.text)


def _outside_quotes(
    dates: tuple[DateCandidate, ...], quoted: list[tuple[int, int]]
) -> list[DateCandidate]:
    return [d for d in dates if not any(start < d.start < end for start, end in quoted)]


def _distinct(dates: list[DateCandidate]) -> list[DateCandidate]:
    # "1983: The 1983 Beirut barracks bombings…" names one date twice: one row.
    seen: set[str] = set()
    chosen = []
    for date in dates:
        key = date.edtf or date.text.lower()
        if key not in seen:
            seen.add(key)
            chosen.append(date)
    return chosen


def _remember_names(statement: DatedStatement, dates: list[DateCandidate], named: _Named) -> None:
    resolved = [d for d in dates if d.edtf is not None]
    if len(resolved) != 1:
        return  # with two dates in one sentence, which one is the event's is a guess
    for match in _NAMED_EVENT.finditer(statement.text):
        key = _key(match.group())
        if key not in named:
            named[key] = (resolved[0], statement.text)


def _mention(statement: DatedStatement, named: _Named) -> DatedRow | None:
    text = statement.text
    mentions = [(m, named.get(_key(m.group()))) for m in _NAMED_EVENT.finditer(text)]
    mentions += [(m, _by_last_word(m.group(1), named)) for m in _SHORT_MENTION.finditer(text)]
    for match, found in sorted(mentions, key=lambda mf: mf[0].start()):
        said_when = _TIME_CUE.search(text, 0, match.start()) or _PARTICIPANTS.match(
            text, match.end()
        )
        if found is None or not said_when:
            continue
        date, source = found
        start = statement.start + match.start()
        mention = DateCandidate(
            match.group(),
            start,
            start + len(match.group()),
            date.edtf,
            date.approximate,
            f"inferred: the date of {match.group()} given earlier ({date.text})",
        )
        return DatedRow(statement, mention, inferred_from=source)
    return None


def _by_last_word(word: str, named: _Named) -> tuple[DateCandidate, str] | None:
    found = [value for key, value in named.items() if key.split()[-1] == word.lower()]
    return found[0] if len(found) == 1 else None


def _key(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in ("the", "a", "an", "by", "in", "of", "at", "during"):
        words = words[1:]
    return " ".join(words).lower()
