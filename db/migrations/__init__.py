"""Alembic revisions of the library schema."""
