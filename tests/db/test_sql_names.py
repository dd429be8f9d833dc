"""The identifier quoting every spliced SQL name goes through."""

from __future__ import annotations

import pytest

from db.sql_names import quoted, quoted_list


def test_plain_names_are_double_quoted() -> None:
    assert quoted("event") == '"event"'
    assert quoted("_x9") == '"_x9"'
    assert quoted_list(["a", "b_c"]) == '"a", "b_c"'


@pytest.mark.parametrize(
    "name",
    ['ev"ent', "ev'ent", "event x", "event;", "event; DROP TABLE event", "", "9event", "a-b", "é"],
)
def test_refuses_anything_but_a_plain_identifier(name: str) -> None:
    with pytest.raises(ValueError, match="identifier"):
        quoted(name)


def test_a_bad_name_in_a_list_is_refused() -> None:
    with pytest.raises(ValueError):
        quoted_list(["event", "x;y"])
