"""An upgrade is one transaction, DDL included: a failing revision leaves the old schema."""

from __future__ import annotations

import pytest
from faultkit import counts, integrity, revision
from sqlalchemy import event

import db.engine as engine
import db.revisions as revisions
from db.errors import LibraryFileError

FAILING_REVISION = '''"""Test only: rebuild the event table, then fail."""

import sqlalchemy as sa
from alembic import op

revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("doomed", sa.Integer(), nullable=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade() -> None:
    pass
'''


def test_a_failing_revision_rolls_back_every_revision_before_it(
    old_library, paused_migrations, monkeypatch
):
    path, first = old_library
    (paused_migrations / "versions" / "9001_fault_pause.py").write_text(
        FAILING_REVISION.format(head=engine.head_revision())
    )
    before = counts(path)
    monkeypatch.setattr(revisions, "MIGRATIONS_DIR", paused_migrations)
    with pytest.raises(LibraryFileError, match=f"could not be upgraded from schema {first}"):
        engine.open_library(path)
    assert revision(path) == first
    assert counts(path) == before and integrity(path) == "ok"


def test_the_upgrade_runs_between_one_begin_and_one_commit(old_library, monkeypatch):
    path, _first = old_library
    statements: list[str] = []
    real_engine_for = engine._engine_for

    def traced(*args, **kwargs):
        eng = real_engine_for(*args, **kwargs)
        if kwargs.get("migrating"):
            event.listen(
                eng, "connect", lambda dbapi, _rec: dbapi.set_trace_callback(statements.append)
            )
        return eng

    monkeypatch.setattr(engine, "_engine_for", traced)
    engine.open_library(path).close()
    control = [s for s in statements if s.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK")]
    assert control == ["BEGIN", "COMMIT"]
    ddl = [i for i, s in enumerate(statements) if s.lstrip().upper().startswith(("CREATE", "DROP"))]
    assert ddl and statements.index("BEGIN") < ddl[0] and ddl[-1] < statements.index("COMMIT")
