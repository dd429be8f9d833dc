"""Initial schema: entities, links, tags, the FTS5 search index and the R*Tree of event spans.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from db.migrations import postgresql as pg
from db.sql_names import checked

APPLICATION_ID = 0x4348524E

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("color", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("modified_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_name"), ["name"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("when_edtf", sa.String(), nullable=False),
        sa.Column("start_key", pg.KEY_TYPE, nullable=False),
        sa.Column("end_key", pg.KEY_TYPE, nullable=False),
        sa.Column("precision", sa.String(), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("color", sa.String(), nullable=True),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("modified_at", sa.String(), nullable=False),
        sa.CheckConstraint("importance BETWEEN 1 AND 5", name="ck_event_importance"),
        sa.CheckConstraint("start_key <= end_key", name="ck_event_keys_ordered"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_span", ["start_key", "end_key"], unique=False)
        batch_op.create_index("ix_event_end", ["end_key"], unique=False)
        batch_op.create_index("ix_event_importance", ["importance", "start_key"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("publisher", sa.String(), nullable=False),
        sa.Column("published_edtf", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("accessed", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("reliability", sa.String(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("full_text", sa.String(), nullable=True),
        sa.Column("citation_key", sa.String(), nullable=True),
        sa.Column("copy_of_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("modified_at", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["copy_of_id"], ["source.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("color", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "actor_id", "role", name="uq_participation"),
    )
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participation_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participation_event_id"), ["event_id"], unique=False)

    op.create_table(
        "relation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("from_actor_id", sa.Integer(), nullable=True),
        sa.Column("from_event_id", sa.Integer(), nullable=True),
        sa.Column("to_actor_id", sa.Integer(), nullable=True),
        sa.Column("to_event_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("valid_edtf", sa.String(), nullable=True),
        sa.Column("valid_start_key", pg.KEY_TYPE, nullable=True),
        sa.Column("valid_end_key", pg.KEY_TYPE, nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.CheckConstraint(
            "(from_actor_id IS NULL) <> (from_event_id IS NULL)", name="ck_relation_one_from"
        ),
        sa.CheckConstraint(
            "(to_actor_id IS NULL) <> (to_event_id IS NULL)", name="ck_relation_one_to"
        ),
        sa.ForeignKeyConstraint(["from_actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_event_id"], ["event.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_relation_from_actor_id"), ["from_actor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_relation_from_event_id"), ["from_event_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_relation_to_actor_id"), ["to_actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relation_to_event_id"), ["to_event_id"], unique=False)

    op.create_table(
        "tagging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            pg.exactly_one("event_id", "actor_id", "source_id"), name="ck_tagging_one_target"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["actor.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tag_id", "event_id", "actor_id", "source_id", name="uq_tagging"),
    )
    with op.batch_alter_table("tagging", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tagging_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tagging_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tagging_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tagging_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("relation_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("locator", sa.String(), nullable=False),
        sa.Column("quote", sa.String(), nullable=False),
        sa.Column("credibility", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(event_id IS NULL) <> (relation_id IS NULL)", name="ck_citation_one_target"
        ),
        sa.CheckConstraint(
            "credibility IS NULL OR credibility BETWEEN 1 AND 6", name="ck_citation_credibility"
        ),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["relation_id"], ["relation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["source.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citation_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citation_relation_id"), ["relation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citation_source_id"), ["source_id"], unique=False)

    if pg.is_postgresql():
        pg.create_search_index()
        pg.create_span_index()
        pg.create_id_sequence_sync()
        for table in ("actor", "event", "source", "tag", "participation", "relation", "tagging"):
            pg.sync_id_sequence(table)
        pg.sync_id_sequence("citation")
        pg.create_metadata_row()
        return
    _create_search_index()
    _create_span_index()
    op.execute(f"PRAGMA application_id={int(APPLICATION_ID)}")


# Rowids of the search index encode (kind, entity id) so triggers can delete by rowid, not by scan.
_SEARCH_KINDS = {"event": 1, "actor": 2, "source": 3}
_SEARCH_BODIES = {
    "event": "coalesce(new.title, '') || ' ' || coalesce(new.summary, '')",
    "actor": "coalesce(new.name, '') || ' ' || coalesce(new.aliases, '') || ' ' "
    "|| coalesce(new.description, '')",
    "source": "coalesce(new.title, '') || ' ' || coalesce(new.authors, '') || ' ' "
    "|| coalesce(new.publisher, '') || ' ' || coalesce(new.notes, '') || ' ' "
    "|| coalesce(new.full_text, '')",
}


def _create_search_index() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, code in _SEARCH_KINDS.items():
        body = _SEARCH_BODIES[table]
        insert = (
            f"INSERT INTO search_index(rowid, kind, body) "
            f"VALUES (new.id * 4 + {int(code)}, '{checked(table)}', {body});"
        )
        delete = f"DELETE FROM search_index WHERE rowid = old.id * 4 + {int(code)};"
        op.execute(
            f"CREATE TRIGGER {checked(table)}_search_ai AFTER INSERT ON {checked(table)} "
            f"BEGIN {insert} END"
        )
        op.execute(
            f"CREATE TRIGGER {checked(table)}_search_ad AFTER DELETE ON {checked(table)} "
            f"BEGIN {delete} END"
        )
        op.execute(
            f"CREATE TRIGGER {checked(table)}_search_au AFTER UPDATE ON {checked(table)} "
            f"BEGIN {delete} {insert} END"
        )


def _create_span_index() -> None:
    # R*Tree answers small-window overlap queries in ~1 ms at 1M events (benchmarks/).
    op.execute("CREATE VIRTUAL TABLE event_rtree USING rtree(id, start_key, end_key)")
    op.execute(
        "CREATE TRIGGER event_rtree_ai AFTER INSERT ON event BEGIN "
        "INSERT INTO event_rtree VALUES (new.id, new.start_key, new.end_key); END"
    )
    op.execute(
        "CREATE TRIGGER event_rtree_ad AFTER DELETE ON event BEGIN "
        "DELETE FROM event_rtree WHERE id = old.id; END"
    )
    op.execute(
        "CREATE TRIGGER event_rtree_au AFTER UPDATE OF start_key, end_key ON event BEGIN "
        "DELETE FROM event_rtree WHERE id = old.id; "
        "INSERT INTO event_rtree VALUES (new.id, new.start_key, new.end_key); END"
    )


def downgrade() -> None:
    for name in ("search_index", "event_rtree", pg.META_TABLE):
        op.execute(f"DROP TABLE IF EXISTS {checked(name)}")
    with op.batch_alter_table("citation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citation_source_id"))
        batch_op.drop_index(batch_op.f("ix_citation_relation_id"))
        batch_op.drop_index(batch_op.f("ix_citation_event_id"))

    op.drop_table("citation")
    with op.batch_alter_table("tagging", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tagging_tag_id"))
        batch_op.drop_index(batch_op.f("ix_tagging_source_id"))
        batch_op.drop_index(batch_op.f("ix_tagging_event_id"))
        batch_op.drop_index(batch_op.f("ix_tagging_actor_id"))

    op.drop_table("tagging")
    with op.batch_alter_table("relation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relation_to_event_id"))
        batch_op.drop_index(batch_op.f("ix_relation_to_actor_id"))
        batch_op.drop_index(batch_op.f("ix_relation_from_event_id"))
        batch_op.drop_index(batch_op.f("ix_relation_from_actor_id"))

    op.drop_table("relation")
    with op.batch_alter_table("participation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participation_event_id"))
        batch_op.drop_index(batch_op.f("ix_participation_actor_id"))

    op.drop_table("participation")
    op.drop_table("tag")
    op.drop_table("source")
    op.drop_table("setting")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_span")
        batch_op.drop_index("ix_event_end")
        batch_op.drop_index("ix_event_importance")

    op.drop_table("event")
    with op.batch_alter_table("actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_name"))

    op.drop_table("actor")
