"""Revision 0003 adds source fingerprints: a file at 0002 opens with every row and gains them."""

from __future__ import annotations

import sqlite3

from library_builders import build_library_at

from db import queries, store
from db.curation.similarity import Fingerprint, similarity, text_fingerprint
from db.engine import head_revision, open_library
from db.queries.evidence import near_duplicates

_STAMP = "2024-01-01T00:00:00Z"
_TABLES = ("actor", "event", "source", "participation", "citation", "tag", "tagging", "setting")
# Columns added by later revisions (derived, or new with their defaults): not in an 0002 file.
_DERIVED = ("fingerprint", "uuid", "status")
_DERIVED += tuple(
    f"{n}_{p}" for n in ("reported", "asserted") for p in ("edtf", "start_key", "end_key")
)


def _library_at_0002(path, article: str) -> None:
    """A file exactly as revision 0002 left it: sources with and without full text, cited."""
    build_library_at(path, "0002")
    raw = sqlite3.connect(path)
    raw.executemany(
        "INSERT INTO source (id, title, authors, publisher, kind, notes, full_text, copy_of_id, "
        "created_at, modified_at) VALUES (?, ?, '[]', '', 'article', '', ?, ?, ?, ?)",
        [
            (1, "Japan Times", article, None, _STAMP, _STAMP),
            (2, "Bare reference", None, None, _STAMP, _STAMP),
            (3, "Reprint", article, 1, _STAMP, _STAMP),
        ],
    )
    raw.executescript(
        f"""
        INSERT INTO actor (id, name, kind, aliases, description, created_at, modified_at)
            VALUES (7, 'Japan', 'state', '["Tokyo"]', '', '{_STAMP}', '{_STAMP}');
        INSERT INTO event (id, title, summary, when_edtf, start_key, end_key, precision,
                           approximate, uncertain, kind, category, importance,
                           created_at, modified_at)
            VALUES (5, 'Pact sealed', '', '2024', 1704067200, 1735689600, 'year', 0, 0, 'point',
                    '', 3, '{_STAMP}', '{_STAMP}');
        INSERT INTO participation (event_id, actor_id, role) VALUES (5, 7, 'signatory');
        INSERT INTO citation (event_id, source_id, locator, quote, credibility)
            VALUES (5, 1, 'para 4', 'Before the end of 2024', 2), (5, 3, 'para 4', '', NULL);
        INSERT INTO tag (id, name) VALUES (1, 'pact');
        INSERT INTO tagging (tag_id, source_id) VALUES (1, 1);
        INSERT INTO setting (key, value) VALUES ('graph.layout', 'spring');
        """
    )
    raw.commit()
    raw.close()


def _rows(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in _TABLES}
        return {
            t: conn.execute(
                f"SELECT {', '.join(c for c in columns[t] if c not in _DERIVED)} FROM {t} "
                "ORDER BY 1"
            ).fetchall()
            for t in _TABLES
        }
    finally:
        conn.close()


def test_upgrade_keeps_every_row_and_fingerprints_the_texts(tmp_path, corpus):
    article = (corpus / "japantimes-trump-proofing-2024.txt").read_text(encoding="utf-8")
    path = tmp_path / "old.chronicle"
    _library_at_0002(path, article)
    before = _rows(path)
    lib = open_library(path)
    try:
        assert all(before[t] for t in _TABLES)
        assert _rows(path) == before
        with lib.read() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            assert revision == head_revision()
            prints = dict(conn.exec_driver_sql("SELECT id, fingerprint FROM source").all())
        assert prints[2] is None  # no text, nothing to fingerprint
        expected = text_fingerprint(article)
        for source_id in (1, 3):
            assert similarity(Fingerprint.from_bytes(prints[source_id]), expected) == 1.0
        # The search triggers survived the new column; new writes keep fingerprints current.
        assert queries.count_sources(lib, "perennial fear") == 2
        store.update(lib, "source", 2, full_text=article)
        assert [m[0] for m in near_duplicates(lib, 2)] == [1, 3]
        assert queries.count_sources(lib, "perennial fear") == 3
    finally:
        lib.close()
    assert lib.backup_made is not None and _rows(lib.backup_made) == before
