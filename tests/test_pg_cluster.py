"""The test session's PostgreSQL cluster runs as an unprivileged user and hands out databases."""

from __future__ import annotations


def test_cluster_runs_unprivileged_and_hands_out_empty_databases(pg_cluster, pg_url):
    import psycopg

    with psycopg.connect(pg_url) as conn:
        assert (
            conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
            == 0
        )
        owner = conn.execute("SELECT usename FROM pg_user WHERE usesuper LIMIT 1").fetchone()[0]
    assert owner == "chronicle"
    pid = int((pg_cluster.data / "postmaster.pid").read_text().split()[0])
    assert (pg_cluster.data / "postmaster.pid").stat().st_uid != 0
    import os

    assert os.stat(f"/proc/{pid}").st_uid != 0
