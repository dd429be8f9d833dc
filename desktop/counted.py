"""Counts in words, with the right plural: '1 event', '2 events', '1,234 actors'."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
