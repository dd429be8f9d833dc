"""File ▸ Export ▸ Timeline Picture of a 41-lane library holds every lane (issue 14: 10 of 41).

The person exports through the menu and the dialog at its default 1600 x 900; the SVG must name
all 41 lanes as text and the PNG must show each lane's colour stripe.
"""

from __future__ import annotations

import defusedxml.ElementTree as SafeET
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QListView

from db import store
from desktop.dialogs import job_progress

LANES = 41
SVG = "{http://www.w3.org/2000/svg}"


def _library(path) -> None:
    from db.engine import create_library

    lib = create_library(path)
    for number in range(LANES):
        actor = store.create(lib, "actor", name=f"Lane {number:02d}", color=_colour(number))
        event = store.create(lib, "event", title=f"Event {number:02d}", when=str(1990 + number))
        store.add_participation(lib, event, actor, "")
    lib.close()


def _colour(number: int) -> str:
    return f"#{(number * 6) % 256:02x}{(90 + number * 3) % 256:02x}{(200 - number * 4) % 256:02x}"


def _export(person, path, fmt_index: int) -> None:
    person.menu("File", "Export", "Timeline Picture (PNG, SVG, PDF)…")
    dialog = person.window.exchange.picture_dialog
    person.qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert (dialog.width_box.value(), dialog.height_box.value()) == (1600, 900)
    person.click(dialog.format_combo)  # its list opens; click the format in it
    popup = QApplication.focusWidget()
    assert isinstance(popup, QListView)
    item = popup.visualRect(popup.model().index(fmt_index, 0)).center()
    person.qtbot.wait(QApplication.doubleClickInterval() + 50)  # as a person's hand takes
    person.click(popup.viewport(), item)
    assert dialog.fmt == ("png", "svg")[fmt_index]
    person.click_into(dialog.path_edit, str(path))
    person.qtbot.waitUntil(lambda: "every lane fits" in dialog.message.text(), timeout=8000)
    person.click(dialog.export_button)
    person.qtbot.waitUntil(lambda: not job_progress._running, timeout=10_000)


def test_a_picture_of_41_lanes_holds_every_lane(open_window, tmp_path):
    path = tmp_path / "lanes.chronicle"
    _library(path)
    person = open_window(path)
    svg, png = tmp_path / "lanes.svg", tmp_path / "lanes.png"
    _export(person, svg, 1)
    root = SafeET.parse(svg).getroot()
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    assert {f"Lane {n:02d}" for n in range(LANES)} <= texts
    assert {f"Event {n:02d}" for n in range(LANES)} <= texts

    _export(person, png, 0)
    image = QImage(str(png))
    assert image.width() == 1600 and image.height() > 900
    stripe = {image.pixelColor(1, y).name() for y in range(image.height())}
    assert {_colour(n) for n in range(LANES)} <= stripe  # every lane's stripe is in the file
