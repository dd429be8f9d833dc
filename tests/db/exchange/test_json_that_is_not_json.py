"""A CSV (or any text) chosen as our JSON is named as not JSON, not "Expecting value"."""

from __future__ import annotations

import pytest

from db.errors import DataImportError
from db.exchange.json_ import read_json


def test_a_csv_chosen_as_json_says_it_is_not_json(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,when\n1,Strike at Izmail,2023\n", encoding="utf-8")
    with pytest.raises(DataImportError) as caught:
        read_json(path)
    message = str(caught.value)
    assert message.startswith("events.csv is not a JSON file: it starts with 'id,title,when'")
    assert "Expecting value" not in message and message.endswith("Nothing was imported.")


def test_a_fault_further_on_still_names_its_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "chronicle",\n "version": 1,\n "events": [,]}\n', encoding="utf-8")
    with pytest.raises(DataImportError, match=r"broken.json, line 3, column 13: Expecting value"):
        read_json(path)
