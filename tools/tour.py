"""Regenerate the README's screenshots: `python -m tools.tour [OUT_DIR]` (offscreen).

It builds a throwaway library from the shipped demo chronology alone (so the pictures show what a
user gets), drives the real main window the way a user would (select, zoom, find a path, read a
source, tag two spans as eras and show relations) and saves a PNG of each step; the last picture
is of the thetimelineproj file with eras from tests/fixtures, imported as File > Import does.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QAction

from db import queries
from db.dates import civil_to_key
from db.exchange.imports import import_json, import_timeline
from db.store.links import set_tags
from resources import DEMO_CHRONOLOGY, RESOURCES_DIR

TIMELINE_WITH_ERAS = RESOURCES_DIR.parent / "tests" / "fixtures" / "timelineproj" / "eras.timeline"

DEFAULT_OUT = RESOURCES_DIR.parent / "docs" / "screenshots"
SIZE = (1600, 1000)


def _settle(app, seconds: float = 0.6) -> None:
    """Let queued paints, background scene preparation and layouts finish."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _event_id(lib, title_part: str) -> int:
    rows = queries.list_events(lib, queries.EventFilter(text=title_part), limit=1)
    return rows[0].id


def _actor_id(lib, name: str) -> int:
    return next(r.id for r in queries.list_actors(lib, name) if r.name == name)


def _float(dock) -> None:
    """Undock a panel at a readable size, as a user would to look at it closely."""
    dock.setFloating(True)
    dock.resize(1000, 700)
    dock.show()
    dock.raise_()


def main(out_dir: Path = DEFAULT_OUT) -> list[Path]:
    os.environ["CHRONICLE_DATA_DIR"] = tempfile.mkdtemp(prefix="chronicle-tour-")
    from desktop.library import LibraryController
    from desktop.paths import make_settings
    from desktop.window.app import create_application
    from desktop.window.main_window import MainWindow

    out_dir.mkdir(parents=True, exist_ok=True)
    app = create_application()
    controller = LibraryController()
    window = MainWindow(controller, make_settings())
    window.open_file(Path(os.environ["CHRONICLE_DATA_DIR"]) / "tour.chronicle", create=True)
    lib = controller.lib
    import_json(lib, DEMO_CHRONOLOGY)
    controller.notify({"event", "actor", "source", "link", "tag"})
    window.resize(*SIZE)
    window.show()
    _settle(app, 1.0)
    shots: list[Path] = []

    def shot(name: str, widget=None) -> None:
        _settle(app)
        path = out_dir / f"{name}.png"
        (widget or window).grab().save(str(path))
        shots.append(path)

    meeting = _event_id(lib, "Eight foreign ministers")
    window.selection.select("event", [meeting])
    shot("01-main-window")

    window.timeline.set_window(civil_to_key(2024, 1, 1), civil_to_key(2025, 12, 31))
    shot("02-timeline-zoomed", window.timeline_panel)

    graph = window.graph
    _float(graph.parentWidget())
    graph.find_path(_actor_id(lib, "Japan"), _actor_id(lib, "Poland"))
    _settle(app, 1.0)
    shot("03-relationships-path", graph)

    # The demo ships its articles' full text, so the reader shows what a user gets.
    source = next(s.id for s in queries.list_sources(lib) if s.publisher == "The Japan Times")
    _float(window.curation.dock)
    window.selection.select("source", [source])
    shot("04-source-reader", window.curation.dock)
    window.curation.dock.setFloating(False)

    # Two of the demo's spans tagged "era" (as a user tags them in the inspector) become bands;
    # View ▸ Show Relations draws the demo's event-to-event relations.
    for title in ("Trump's first term", "Biden administration"):
        rows = queries.list_events(lib, queries.EventFilter(text=title), limit=50)
        set_tags(lib, "event", next(r.id for r in rows if r.title == title), ["era"])
    controller.notify({"event", "tag"})
    window.findChild(QAction, "view_show_relations").setChecked(True)
    window.timeline.set_window(civil_to_key(2016, 6, 1), civil_to_key(2026, 6, 1))
    shot("05-eras-and-relations", window.timeline_panel)

    # A file from thetimelineproj with three eras, as File ▸ Import ▸ Timeline reads it.
    window.open_file(Path(os.environ["CHRONICLE_DATA_DIR"]) / "eras.chronicle", create=True)
    import_timeline(controller.lib, TIMELINE_WITH_ERAS)
    controller.notify({"event", "actor", "source", "link", "tag"})
    window.timeline.fit_all()
    shot("06-eras-from-thetimelineproj", window.timeline_panel)
    window.close()
    return shots


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    for saved in main(target):
        print(saved)
