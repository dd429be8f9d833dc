"""File ▸ Export ▸ Timeline Picture starts its From and To fields with dates as a person reads
them ("1 Oct 731 BC"), as the inspector does, not as stored EDTF ("-0730-10-01")."""

from __future__ import annotations

from person import settle

from db import store
from db.dates import parse_date
from db.engine import create_library


def test_the_picture_dialog_reads_bce_dates_as_people_write_them(open_window, tmp_path):
    path = tmp_path / "river.chronicle"
    lib = create_library(path)
    store.create(lib, "event", title="Greek merchants reach the delta", when="c. 650 BC")
    store.create(lib, "event", title="Trajan's bridge at Drobeta", when="AD 105")
    lib.close()
    person = open_window(path)
    settle(person.qtbot, person.window.timeline)
    person.menu("File", "Export", "Timeline Picture (PNG, SVG, PDF)…")
    dialog = person.window.exchange.picture_dialog
    person.qtbot.waitUntil(dialog.isVisible, timeout=2000)
    start, end = dialog.start_field.text(), dialog.end_field.text()
    assert start.endswith(" BC") and not start.startswith("-"), start
    window = person.window.timeline.visible_window()
    assert parse_date(start).start_key == window[0] - window[0] % 86400
    assert parse_date(end).end_key >= window[1]
    dialog.reject()
