"""The expected schema kept on disk is the one the migrations build, and never a stale one."""

from __future__ import annotations

import shutil

from db import revisions, schema_cache
from db.revisions import head_revision
from db.schema_check import built_objects, expected_objects


def _fresh_expected(revision: str):
    expected_objects.cache_clear()  # as in a new session: only the disk remembers
    return expected_objects(revision)


def test_the_kept_schema_equals_the_built_one_and_is_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv(schema_cache.CACHE_DIR_VARIABLE, str(tmp_path))
    head = head_revision()
    first = _fresh_expected(head)
    assert first == built_objects(head)
    [kept] = tmp_path.glob(f"schema-{head}-*.json")
    monkeypatch.setattr("db.schema_check.built_objects", lambda _rev: {})  # must not be asked
    assert _fresh_expected(head) == first
    for obj in first.values():  # the SQL survives too: `check --repair` recreates from it
        assert _fresh_expected(head)[(obj.type, obj.name)].sql == obj.sql
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv(schema_cache.CACHE_DIR_VARIABLE, str(tmp_path))
    assert _fresh_expected(head) == first  # a damaged file is built again
    expected_objects.cache_clear()


def test_a_changed_migration_is_never_answered_from_the_old_file(tmp_path, monkeypatch):
    monkeypatch.setenv(schema_cache.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    head = head_revision()
    _fresh_expected(head)
    copy = tmp_path / "migrations"
    shutil.copytree(revisions.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    first = sorted(copy.glob("versions/0001_*.py"))[0]
    first.write_text(first.read_text() + "\n# edited\n")
    monkeypatch.setattr(revisions, "MIGRATIONS_DIR", copy)
    _fresh_expected(head)
    assert len(list((tmp_path / "cache").glob(f"schema-{head}-*.json"))) == 2
    expected_objects.cache_clear()
