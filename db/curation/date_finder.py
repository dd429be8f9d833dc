"""Date phrases in a passage, resolved to EDTF against the source's publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass

from db.curation.absolute_dates import ABSOLUTE_RESOLVERS
from db.curation.date_parts import Resolved, Resolver
from db.curation.date_patterns import ANCHOR, ANCHOR_REACH, KIND_ANCHORS, PATTERNS
from db.curation.publication import Publication, as_publication
from db.curation.relative_dates import RELATIVE_RESOLVERS
from db.dates import ParsedDate, parse_date

RESOLVERS: dict[str, Resolver] = ABSOLUTE_RESOLVERS | RELATIVE_RESOLVERS


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A date phrase: `text` is `source[start:end]`; `edtf` is None when it cannot be resolved."""

    text: str
    start: int
    end: int
    edtf: str | None
    approximate: bool
    reason: str


def find_dates(
    text: str,
    published: Publication | ParsedDate | str | None = None,
    start: int = 0,
    end: int | None = None,
) -> list[DateCandidate]:
    """Date phrases in `text[start:end]` (offsets into `text`), left to right, never overlapping."""
    end = len(text) if end is None else end
    publication = as_publication(published)
    found: list[tuple[int, int, Resolved]] = []
    for window_start, window_end, anchors in _windows(text, start, end):
        for kind, pattern in PATTERNS:
            if KIND_ANCHORS[kind] not in anchors:
                continue
            resolve = RESOLVERS[kind]
            for match in pattern.finditer(text, window_start, window_end):
                resolved = resolve(match, publication)
                if resolved is not None:
                    found.append((_phrase_start(match), match.end(), resolved))
    return [_candidate(text, *item) for item in _longest_first(found)]


def _windows(text: str, start: int, end: int) -> list[tuple[int, int, set[str]]]:
    """Stretches of `text[start:end]` around anchors, widened to whitespace and merged."""
    windows: list[tuple[int, int, set[str]]] = []
    for anchor in ANCHOR.finditer(text[start:end].lower()):
        low = text.rfind(" ", start, max(start, start + anchor.start() - ANCHOR_REACH)) + 1
        high = text.find(" ", min(end, start + anchor.end() + ANCHOR_REACH), end)
        low, high = max(low, start), end if high < 0 else high
        if windows and low <= windows[-1][1]:
            low, _, anchors = windows.pop()
            anchors.add(anchor.lastgroup or "")
            windows.append((low, high, anchors))
        else:
            windows.append((low, high, {anchor.lastgroup or ""}))
    return windows


def _phrase_start(match: re.Match[str]) -> int:
    # A preposition that only licensed the phrase ("in April") is not part of it.
    if "cue" in match.re.groupindex and match.group("cue") is not None:
        return match.start("m")
    return match.start()


def _longest_first(
    found: list[tuple[int, int, Resolved]],
) -> list[tuple[int, int, Resolved]]:
    # Where phrases overlap, the longer says more ("July 28, 2024" over "July 28" and "2024").
    chosen: list[tuple[int, int, Resolved]] = []
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(item[1] <= c[0] or c[1] <= item[0] for c in chosen):
            chosen.append(item)
    return sorted(chosen, key=lambda c: c[0])


def _candidate(text: str, start: int, end: int, resolved: Resolved) -> DateCandidate:
    edtf = resolved.edtf
    if edtf is not None:
        # Our EDTF goes through the one parser the library stores dates with; its spelling wins.
        edtf = parse_date(edtf).edtf
    return DateCandidate(text[start:end], start, end, edtf, resolved.approximate, resolved.reason)
