"""A person clicks the busiest actor of a big dataset and its source (issue 16, item 4: the
inspector stays responsive). The inspector read every event of the actor to fill a six-row
table: 4.7 s a click at 100,000 events, and at 1,000,000 the ids overran SQLite's parameter
limit ("too many SQL variables"). It now shows the first SHOWN_LINKS links and says how many
there are and where to see them all."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtWidgets import QTableView

from benchmarks.timeline_library import generate
from db.queries.record_links import SHOWN_LINKS
from db.store.snapshots import TABLES
from tests.scenarios.person import show_tab

EVENTS = 1_200  # the generator's first actor takes part in about half of them


def _row_of(panel, record_id: int) -> int:
    model = panel.model
    return next(r for r in range(model.rowCount()) if model.id_at(r) == record_id)


def _busiest(lib, table: str, column: str) -> tuple[int, int]:
    t = TABLES[table]
    stmt = sa.select(t.c[column], sa.func.count()).group_by(t.c[column])
    with lib.read() as conn:
        return max(conn.execute(stmt.where(t.c[column].is_not(None))).all(), key=lambda r: r[1])


def test_the_busiest_actor_shows_its_first_links_and_how_many(open_window, tmp_path):
    path = tmp_path / "dataset.chronicle"
    generate(path, EVENTS)
    person = open_window(path)
    window = person.window
    actor_id, linked = _busiest(window.controller.lib, "participation", "actor_id")
    assert linked > SHOWN_LINKS
    show_tab(person, "Actors")
    actors = window.lists["actor"]
    person.qtbot.waitUntil(actors.view.isVisible, timeout=3000)
    index = actors.model.index(_row_of(actors, actor_id), 0)
    actors.view.scrollTo(index)
    person.click(actors.view.viewport(), actors.view.visualRect(index).center())
    form = window.inspector.forms["actor"]
    person.qtbot.waitUntil(lambda: form.isVisible() and form.record_id == actor_id, timeout=3000)
    table = form.findChild(QTableView, "participation_table")
    assert table.model().rowCount() == SHOWN_LINKS
    note = next(s.more for s in form.sections if getattr(s, "more", None) is not None)
    assert note.isVisible()
    assert note.text().startswith(f"Showing the first {SHOWN_LINKS:,} of {linked:,} events")
    # The rows are the first links made, each with its event's title.
    part, event = TABLES["participation"], TABLES["event"]
    first = (
        sa.select(event.c.title)
        .join(part, part.c.event_id == event.c.id)
        .where(part.c.actor_id == actor_id)
        .order_by(part.c.id)
        .limit(3)
    )
    with window.controller.lib.read() as conn:
        titles = list(conn.execute(first).scalars())
    model = table.model()
    assert [model.data(model.index(r, 0)) for r in range(3)] == titles
