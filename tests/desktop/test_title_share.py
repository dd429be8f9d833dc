"""The non-title columns of a list give up width so the title keeps its share."""

from __future__ import annotations

from desktop.panels.title_share import widths_within


def test_columns_keep_their_widths_when_there_is_room():
    assert widths_within({1: 120, 2: 80}, 400) == {1: 120, 2: 80}


def test_columns_shrink_in_proportion_and_never_below_the_minimum():
    sizes = widths_within({1: 124, 2: 100, 3: 60, 4: 80}, 111)
    assert sum(sizes.values()) <= 111
    assert sizes[1] > sizes[2] >= 24 and min(sizes.values()) == 24


def test_no_room_leaves_every_column_at_the_minimum():
    assert widths_within({1: 124, 2: 100}, 0) == {1: 24, 2: 24}
