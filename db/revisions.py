"""Our Alembic revisions: where they live and which ones this version of Chronicle knows.

A module of its own so that opening files (engine), checking schemas (schema_check) and team
libraries (team) can all ask without importing one another.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

# Read at call time: the fault tests point it at a copy with an extra revision.
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    """Alembic configuration pointing at our revisions (no ini file needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this version of Chronicle knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no Alembic revisions in {MIGRATIONS_DIR}")
    return head


def known_revisions() -> set[str]:
    """Every revision id this version of Chronicle can upgrade from."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
