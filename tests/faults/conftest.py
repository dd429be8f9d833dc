"""Fixtures of the fault-injection suite (helpers live in faultkit.py)."""

from __future__ import annotations

import shutil

import pytest
from faultkit import Child

from db.revisions import MIGRATIONS_DIR, head_revision


@pytest.fixture
def child():
    """Start children with child(code, *args); any still running at the end are killed."""
    started: list[Child] = []

    def start(code: str, *args: object) -> Child:
        started.append(Child(code, *args))
        return started[-1]

    yield start
    for c in started:
        if c.proc.poll() is None:
            c.proc.kill()
            c.proc.wait()
        for stream in (c.proc.stdin, c.proc.stdout, c.proc.stderr):
            stream.close()


PAUSING_REVISION = '''"""Test only: rebuild the event table, then wait to be killed."""

import time

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("fault_probe", sa.Integer(), nullable=True))
    op.execute("UPDATE event SET fault_probe = 1")
    print("MIGRATING", flush=True)
    time.sleep(60)


def downgrade() -> None:
    pass
'''


@pytest.fixture
def paused_migrations(tmp_path):
    """A copy of our migrations plus a last revision that stops mid-transaction to be killed."""
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9001_fault_pause.py").write_text(
        PAUSING_REVISION.format(head=head_revision())
    )
    return folder
