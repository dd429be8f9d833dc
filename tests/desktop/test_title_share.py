"""The non-title columns of a list give up width so the title keeps its share."""

from __future__ import annotations

from desktop.panels.title_share import widths_within


def test_columns_keep_their_widths_when_there_is_room():
    assert widths_within({1: 120, 2: 80}, 400) == {1: 120, 2: 80}


def test_the_rightmost_columns_give_way_first_and_never_below_the_minimum():
    """In proportion, the Events list's date shrank to "20…" while grades kept their room."""
    assert widths_within({1: 124, 2: 100, 3: 60, 4: 80}, 111) == {1: 39, 2: 24, 3: 24, 4: 24}
    assert widths_within({1: 90, 2: 60, 3: 60}, 150) == {1: 90, 2: 36, 3: 24}


def test_no_room_leaves_every_column_at_the_minimum():
    assert widths_within({1: 124, 2: 100}, 0) == {1: 24, 2: 24}
