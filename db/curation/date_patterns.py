"""Compiled patterns for date phrases in English prose, each tagged with the kind it finds."""

from __future__ import annotations

import re

_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_SHORT = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
# Chronologies and headings write months in capitals ("SEPTEMBER 13"); "MAY" alone stays a word.
_MONTH_FULL += "|" + _MONTH_FULL.upper().replace("|MAY", "")
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_SEASON = r"[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter"
# Day numbers, then a guard so "July 28" is not the start of "July 285" or "May 5%".
_DAY_END = r"(?:st|nd|rd|th)?(?![\d%]|:\d)"
_YEAR = r"(?:1\d{3}|20\d{2}|21\d{2})(?![\d%])"
NUMBER = (
    r"\d+(?:\.\d+)?[½¼¾]?|[½¼¾]|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
)
_DASH = r"\s*(?:[-–—]|to|through|until|and)\s*"


def _month(group: str, short: bool = True) -> str:
    # An abbreviation may take its full stop; a full name may not, since that stop ends a sentence.
    names = rf"\b(?:{_MONTH_FULL})\b"
    if short:
        names += rf"|\b(?:{_MONTH_SHORT})(?:\.|\b)"
    return rf"(?P<{group}>{names})"


def _day(group: str) -> str:
    return rf"(?P<{group}>[0-3]?\d){_DAY_END}"


def _year(group: str) -> str:
    return rf"(?P<{group}>{_YEAR})"


_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY}),?\s+)?"
# Two whole dates joined as a span ("30 May 1992 to 1 October 1996"); not "and", which more
# often joins two separate dates than it bounds one span.
_SPAN = r"\s*(?:[-–—]|to|through|until)\s*"


def _day_month_year(n: str) -> str:
    return rf"\b{_day('d' + n)}\s+{_month('m' + n)},?\s+{_year('y' + n)}"


def _month_day_year(n: str) -> str:
    return rf"{_month('m' + n)}\s+{_day('d' + n)},?\s+{_year('y' + n)}"


# (kind, pattern). Where two matches overlap, the longer wins, so order matters only for ties.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso_date", re.compile(r"\b(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b(?!-)")),
    (
        "month_day_range",
        re.compile(
            rf"{_month('m')}\s+{_day('d')}{_DASH}(?:{_month('m2')}\s+)?{_day('d2')}"
            rf"(?:,?\s+{_year('y')})?"
        ),
    ),
    (
        "day_month_range",
        re.compile(
            rf"\b{_day('d')}(?:\s+{_month('m')})?{_DASH}{_day('d2')}\s+{_month('m2')}"
            rf"(?:,?\s+{_year('y')})?"
        ),
    ),
    ("full_date_range", re.compile(_day_month_year("") + _SPAN + _day_month_year("2"))),
    ("full_date_range", re.compile(_month_day_year("") + _SPAN + _month_day_year("2"))),
    (
        "full_date",
        re.compile(rf"{_WEEKDAY_PREFIX}{_month('m')}\s+{_day('d')}(?:,\s*|\s+){_year('y')}"),
    ),
    (
        "full_date",
        re.compile(
            rf"{_WEEKDAY_PREFIX}\b(?:the\s+)?{_day('d')}(?:\s+of)?\s+{_month('m')},?\s+{_year('y')}"
        ),
    ),
    ("month_day", re.compile(rf"{_WEEKDAY_PREFIX}{_month('m')}\s+{_day('d')}(?!,?\s*\d)")),
    ("month_day", re.compile(rf"\b(?:the\s+)?{_day('d')}(?:\s+of)?\s+{_month('m')}")),
    ("month_year", re.compile(rf"{_month('m')}(?:\s+of)?,?\s+{_year('y')}")),
    (
        "season_year",
        re.compile(
            rf"(?i:\b(?:(?P<q>early|late|mid)[-\s]*)?)(?P<s>{_SEASON})(?:\s+of)?\s+{_year('y')}"
        ),
    ),
    ("relative_season", re.compile(rf"(?i:\b(?P<rel>this|last|next|past))\s+(?P<s>{_SEASON})\b")),
    (
        "month_alone",
        # A bare month needs a preposition ("in April") or a qualifier ("last April") to be a date;
        # the preposition ("cue") is left out of the phrase reported.
        re.compile(
            r"(?:(?i:\b(?P<rel>this|last|next))\s+|(?i:\b(?P<q>early|late|mid|end\s+of|beginning"
            r"\s+of|start\s+of))[-\s]+|(?P<cue>(?i:\b(?:in|by|of|since|until|till|from|during"
            r"|before|after|through)))\s+)" + _month("m", short=False) + r"(?!\s*\d)"
            r"(?:\s+of\s+(?P<yrel>last|this|next)\s+year\b)?"
        ),
    ),
    (
        "weekday",
        re.compile(rf"(?:(?i:\b(?P<rel>last|this|next|on))\s+)?\b(?P<w>{_WEEKDAY})\b"),
    ),
    ("day_word", re.compile(r"(?i:\b(?P<w>yesterday|today|tomorrow|tonight))\b")),
    (
        "relative_period",
        re.compile(
            r"(?i:\b(?:(?P<q>earlier|later|early|late)\s+|(?P<part>end|beginning|start|middle)"
            r"\s+of\s+)?(?:the\s+)?(?P<rel>this|last|next|past|previous|coming)\s+"
            r"(?P<unit>year|month|week|decade)\b)"
        ),
    ),
    (
        "relative_span",
        re.compile(
            rf"(?i:\b(?P<rel>last|past|previous|next|coming)\s+(?P<n>{NUMBER})\s+"
            r"(?P<unit>years|months|weeks|days|decades)\b)"
        ),
    ),
    (
        "ago",
        re.compile(rf"(?i:\b(?P<n>{NUMBER})\s+(?P<unit>year|month|week|day)s?\s+ago\b)"),
    ),
    (
        "deadline",
        # "before the end of the year", "by year-end": from publication to that end, approximately.
        re.compile(
            r"(?i:\b(?:before|by|until)\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+|this\s+)?year"
            r"|year[-\s]end|year['’]s\s+end)\b)"
        ),
    ),
    (
        "deadline_year",
        re.compile(r"(?i:\b(?:before|by|until)\s+the\s+end\s+of\s+)" + _year("y")),
    ),
    (
        "recency",
        re.compile(
            r"(?i:\b(?:(?P<rec>recently|lately)|recent(?!\s+(?:years|decades|history|times|past|relations|ties|trends?)\b)(?=\s+[a-z]+)|in\s+(?:the\s+)?(?:recent|past)\s+"
            r"(?P<unit>days|weeks|months)))\b"
        ),
    ),
    ("year_end", re.compile(r"(?i:\b(?:the\s+)?year[-\s]end\b|\b(?:the\s+)?year['’]s\s+end\b)")),
    (
        "year_part",
        re.compile(
            r"(?i:\b(?P<q>early|late|mid|end\s+of|beginning\s+of|start\s+of|middle\s+of|first"
            r"\s+half\s+of|second\s+half\s+of))[-\s]*(?:the\s+year\s+)?" + _year("y")
        ),
    ),
    ("decade", re.compile(r"(?i:\b(?:(?P<q>early|late|mid)[-\s]*)?)(?P<y>1\d\d0|20\d0)['’]?s\b")),
    (
        "century",
        re.compile(
            r"(?i:\b(?:(?P<q>early|late|mid)[-\s]*)?(?P<c>\d{1,2})(?:st|nd|rd|th)[-\s]century\b)"
        ),
    ),
    (
        "year_range",
        re.compile(
            rf"(?<![\d$£€¥#/.,]){_year('y')}\s*[-–—]\s*(?P<y2>{_YEAR}|\d\d(?![\d%]))"
            rf"|(?i:\b(?:from|between))\s+{_year('y3')}\s+(?:to|and|until|through)\s+" + _year("y4")
        ),
    ),
    (
        "era_range",
        re.compile(
            r"\b(?P<n>\d{1,4})\s*(?:[-–—]|to)\s*(?P<n2>\d{1,4})\s*(?P<era>BCE?|B\.C\.(?:E\.)?)(?!\w)"
        ),
    ),
    ("era_year", re.compile(r"\b(?P<n>\d{1,4})\s*(?P<era>BCE?|B\.C\.(?:E\.)?)(?!\w)")),
    (
        "year",
        re.compile(
            rf"(?:(?P<circa>\bc\.|\bca\.|\b(?i:circa))\s*)?(?<![\d$£€¥#/.,]){_year('y')}"
            r"(?![.,]\d|\s*(?:%|percent|per\s+cent|bn\b|billion|million|km\b|kg\b))"
        ),
    ),
]

# Where a date phrase may be: a digit or the start of a calendar word, found in lower-cased text
# by one cheap scan. Only the patterns of that anchor's class then run, in a window around it:
# a full scan by every pattern costs ten times more on prose that is mostly not dates.
ANCHOR = re.compile(
    r"(?P<digit>[0-9½¼¾])|\b(?:(?P<recent>recent|lately)|(?P<unit>year|month|week|day|decade)|(?P<day_word>yesterday|today"
    r"|tomorrow|tonight)|(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|(?P<weekday>"
    r"mon|tue|wed|thu|fri|sat|sun)|(?P<season>spring|summer|autumn|fall|winter))"
)
# How far from its anchor a phrase may reach ("the second half of 2024", "Sunday, July 28").
ANCHOR_REACH = 32
# The anchor class every phrase of a kind contains.
KIND_ANCHORS = {
    "iso_date": "digit", "full_date_range": "month", "month_day_range": "month",
    "day_month_range": "month", "full_date": "month", "month_day": "month", "month_year": "month",
    "month_alone": "month",
    "season_year": "season", "relative_season": "season", "weekday": "weekday",
    "day_word": "day_word", "relative_period": "unit", "relative_span": "unit", "ago": "unit",
    "year_end": "unit", "deadline": "unit", "deadline_year": "digit",
    "recency": "recent", "year_part": "digit", "decade": "digit", "century": "digit",
    "year_range": "digit", "era_year": "digit", "era_range": "digit", "year": "digit",
}  # fmt: skip

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
