"""The library schema: one place for every table (SQLModel over SQLAlchemy).

Alembic revisions in `db/migrations/versions/` create and change these tables; this module is the
schema of the newest revision. SQLite-only parts (the FTS5 search index and the R*Tree of event
spans) live in the migrations, and `db/queries.py` falls back to plain SQL where they are missing.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from db.sql_names import checked

# Keys are seconds from 1970 and need 64 bits for BCE dates (SQLite's INTEGER already has them).
KEY_TYPE = BigInteger().with_variant(Integer(), "sqlite")

ACTOR_KINDS = ("person", "state", "organisation", "group", "other")
EVENT_KINDS = ("point", "span")
SOURCE_KINDS = ("article", "report", "book", "web", "document", "interview", "dataset", "other")
# A source's standing: "" (in good standing), or one the user no longer counts as support.
SOURCE_STATUSES = ("", "discredited", "retracted")
RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
RELATION_TYPES = (
    "ally of",
    "member of",
    "partner of",
    "rival of",
    "meets",
    "causes",
    "precedes",
    "part of",
    "responds to",
    "leads",
    "other",
)
# Relations where direction carries meaning; the others read the same both ways.
DIRECTED_RELATION_TYPES = frozenset(
    {"member of", "causes", "precedes", "part of", "responds to", "leads"}
)


def _json_list() -> Column[Any]:
    # Core inserts don't run SQLModel's default_factory, so the column carries its own default.
    return Column(JSON, nullable=False, default=lambda: [], server_default="[]")


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model."""
    # SQLModel sets `__table__` on table=True classes at creation but does not declare it.
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def new_uuid() -> str:
    """A new random identity for a record (kept through every export, import and publish)."""
    return str(uuidlib.uuid4())


def _uuid_column() -> Column[str]:
    # Core inserts run this default; the unique index is uq_<table>_uuid (migration 0007).
    return Column(String(36), nullable=True, default=new_uuid)


def _fk(target: str, *, nullable: bool = False) -> Column[int]:
    return Column(Integer, ForeignKey(target, ondelete="CASCADE"), nullable=nullable, index=True)


class Event(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_span", "start_key", "end_key"),
        Index("ix_event_end", "end_key"),
        Index("ix_event_importance", "importance", "start_key"),
        Index("ix_event_title", "title", "id"),
        CheckConstraint("start_key <= end_key", name="ck_event_keys_ordered"),
        CheckConstraint("importance BETWEEN 1 AND 5", name="ck_event_importance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str | None = Field(default=None, sa_column=_uuid_column())
    title: str
    summary: str = ""
    when_edtf: str
    start_key: int = Field(sa_type=KEY_TYPE)
    end_key: int = Field(sa_type=KEY_TYPE)
    precision: str
    approximate: bool = False
    uncertain: bool = False
    kind: str = "point"
    category: str = ""
    color: str | None = None
    importance: int = 3
    created_at: str
    modified_at: str


class Actor(SQLModel, table=True):
    __tablename__ = "actor"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str | None = Field(default=None, sa_column=_uuid_column())
    name: str = Field(index=True)
    kind: str = "other"
    aliases: list[str] = Field(default_factory=list, sa_column=_json_list())
    description: str = ""
    color: str | None = None
    created_at: str
    modified_at: str


class Source(SQLModel, table=True):
    __tablename__ = "source"

    id: int | None = Field(default=None, primary_key=True)
    uuid: str | None = Field(default=None, sa_column=_uuid_column())
    title: str
    authors: list[str] = Field(default_factory=list, sa_column=_json_list())
    publisher: str = ""
    published_edtf: str | None = None
    url: str | None = None
    accessed: str | None = None
    kind: str = "article"
    reliability: str | None = None
    notes: str = ""
    full_text: str | None = None
    citation_key: str | None = None
    copy_of_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("source.id", ondelete="SET NULL"), nullable=True),
    )
    status: str = Field(
        default="", sa_column=Column(String, nullable=False, default="", server_default="")
    )
    created_at: str
    modified_at: str
    # Derived from full_text by the store (db.curation.similarity), for near-copy checks.
    fingerprint: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))


class Participation(SQLModel, table=True):
    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("event_id", "actor_id", "role", name="uq_participation"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(sa_column=_fk("event.id"))
    actor_id: int = Field(sa_column=_fk("actor.id"))
    role: str = ""


class Citation(SQLModel, table=True):
    """Evidence: a source cited for an event or for a relation (exactly one of the two)."""

    __tablename__ = "citation"
    __table_args__ = (
        CheckConstraint(
            "(event_id IS NULL) <> (relation_id IS NULL)", name="ck_citation_one_target"
        ),
        CheckConstraint(
            "credibility IS NULL OR credibility BETWEEN 1 AND 6", name="ck_citation_credibility"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int | None = Field(default=None, sa_column=_fk("event.id", nullable=True))
    relation_id: int | None = Field(default=None, sa_column=_fk("relation.id", nullable=True))
    source_id: int = Field(sa_column=_fk("source.id"))
    locator: str = ""
    quote: str = ""
    credibility: int | None = None
    # When the source said it (EDTF; None: the source's publication date), and the date the
    # source gives for the event (EDTF; None: it gives none). Keys as on events: [start, end).
    reported_edtf: str | None = None
    reported_start_key: int | None = Field(default=None, sa_type=KEY_TYPE)
    reported_end_key: int | None = Field(default=None, sa_type=KEY_TYPE)
    asserted_edtf: str | None = None
    asserted_start_key: int | None = Field(default=None, sa_type=KEY_TYPE)
    asserted_end_key: int | None = Field(default=None, sa_type=KEY_TYPE)


class SourceDerivation(SQLModel, table=True):
    """A source draws on another (a report retelling a wire story): not independent of it."""

    __tablename__ = "source_derivation"
    __table_args__ = (
        UniqueConstraint("source_id", "derived_from_id", name="uq_source_derivation"),
        CheckConstraint("source_id <> derived_from_id", name="ck_source_derivation_other"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(sa_column=_fk("source.id"))
    derived_from_id: int = Field(sa_column=_fk("source.id"))


class Relation(SQLModel, table=True):
    """A typed link between two entities; each end is an actor or an event (exactly one)."""

    __tablename__ = "relation"
    __table_args__ = (
        CheckConstraint(
            "(from_actor_id IS NULL) <> (from_event_id IS NULL)", name="ck_relation_one_from"
        ),
        CheckConstraint(
            "(to_actor_id IS NULL) <> (to_event_id IS NULL)", name="ck_relation_one_to"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: str | None = Field(default=None, sa_column=_uuid_column())
    from_actor_id: int | None = Field(default=None, sa_column=_fk("actor.id", nullable=True))
    from_event_id: int | None = Field(default=None, sa_column=_fk("event.id", nullable=True))
    to_actor_id: int | None = Field(default=None, sa_column=_fk("actor.id", nullable=True))
    to_event_id: int | None = Field(default=None, sa_column=_fk("event.id", nullable=True))
    type: str
    valid_edtf: str | None = None
    valid_start_key: int | None = Field(default=None, sa_type=KEY_TYPE)
    valid_end_key: int | None = Field(default=None, sa_type=KEY_TYPE)
    notes: str = ""


class Tag(SQLModel, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    color: str | None = None


class Tagging(SQLModel, table=True):
    """A tag on one event, actor or source (exactly one)."""

    __tablename__ = "tagging"
    __table_args__ = (
        CheckConstraint(
            "(event_id IS NOT NULL) + (actor_id IS NOT NULL) + (source_id IS NOT NULL) = 1",
            name="ck_tagging_one_target",
        ),
        UniqueConstraint("tag_id", "event_id", "actor_id", "source_id", name="uq_tagging"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tag_id: int = Field(sa_column=_fk("tag.id"))
    event_id: int | None = Field(default=None, sa_column=_fk("event.id", nullable=True))
    actor_id: int | None = Field(default=None, sa_column=_fk("actor.id", nullable=True))
    source_id: int | None = Field(default=None, sa_column=_fk("source.id", nullable=True))


class Setting(SQLModel, table=True):
    """Per-library settings that travel with the file (e.g. graph layout choice)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str = ""


NODE_KINDS = ("actor", "event", "source")


def _one_node_per_layout(kind: str) -> Index:
    # One position per node and layout; partial because the other two node columns are NULL.
    where = text(f"{checked(kind)}_id IS NOT NULL")
    return Index(
        f"uq_node_position_{kind}",
        "layout",
        f"{kind}_id",
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )


class NodePosition(SQLModel, table=True):
    """Where the user (or a layout) put an actor, event or source node in one graph layout."""

    __tablename__ = "node_position"
    __table_args__ = (
        CheckConstraint(
            "(actor_id IS NOT NULL) + (event_id IS NOT NULL) + (source_id IS NOT NULL) = 1",
            name="ck_node_position_one_node",
        ),
        *(_one_node_per_layout(kind) for kind in NODE_KINDS),
    )

    id: int | None = Field(default=None, primary_key=True)
    layout: str
    actor_id: int | None = Field(default=None, sa_column=_fk("actor.id", nullable=True))
    event_id: int | None = Field(default=None, sa_column=_fk("event.id", nullable=True))
    source_id: int | None = Field(default=None, sa_column=_fk("source.id", nullable=True))
    x: float
    y: float


class ExternalRef(SQLModel, table=True):
    """Who a record is in a published dataset (ACLED event_id_cnty, a Wikidata QID, an iCalendar
    UID...), so a re-import of that dataset updates the record instead of adding a copy.

    `digest` fingerprints the dataset's row as last imported (an unchanged row is skipped without
    being read further); `reported` is the dataset's own report or revision date; `data` keeps,
    as JSON text, the dataset's fields that Chronicle has no column for (fatalities, codes...).
    """

    __tablename__ = "external_ref"
    __table_args__ = (
        CheckConstraint(
            "(event_id IS NOT NULL) + (actor_id IS NOT NULL) + (source_id IS NOT NULL) = 1",
            name="ck_external_ref_one_target",
        ),
        UniqueConstraint("dataset", "key", name="uq_external_ref"),
    )

    id: int | None = Field(default=None, primary_key=True)
    dataset: str
    key: str
    event_id: int | None = Field(default=None, sa_column=_fk("event.id", nullable=True))
    actor_id: int | None = Field(default=None, sa_column=_fk("actor.id", nullable=True))
    source_id: int | None = Field(default=None, sa_column=_fk("source.id", nullable=True))
    digest: str | None = None
    reported: str | None = None
    # JSON as text: written by the importers' own json.dumps, so bulk inserts skip SQLAlchemy's
    # per-row JSON processing (see db/exchange/batch_writer.py).
    data: str = ""


class EventPlace(SQLModel, table=True):
    """Where an event happened: a place name, its country and coordinates (WGS 84)."""

    __tablename__ = "event_place"
    __table_args__ = (
        CheckConstraint("latitude IS NULL OR latitude BETWEEN -90 AND 90", name="ck_place_lat"),
        CheckConstraint(
            "longitude IS NULL OR longitude BETWEEN -180 AND 180", name="ck_place_long"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    name: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    # The dataset's own precision code for the coordinates (ACLED geo_precision 1-3, GDELT type).
    precision: int | None = None
