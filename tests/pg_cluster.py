"""A throwaway PostgreSQL cluster for the test session (one per xdist worker).

`initdb` + `pg_ctl` in a temporary folder, run as an unprivileged user (PostgreSQL refuses to run
as root: under root the server runs as the `postgres` system user that Debian's package creates),
listening only on a Unix socket inside that folder, so parallel workers and other sessions on
the machine never collide on a port. fsync is off: the cluster dies with the session.

When no server can be started, tests that need one are skipped and the terminal summary says so
in red; with CI=true a missing server fails those tests instead (CI must not skip them).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

SUPERUSER = "chronicle"
TEMPLATE_DB = "chronicle_template"
_SKIP_PREFIX = "PostgreSQL unavailable"
_RUN_AS = "postgres"
_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"


class ClusterUnavailableError(RuntimeError):
    """No PostgreSQL server could be started here (binaries missing, no user to run it as…)."""


def _bindir() -> Path:
    override = os.environ.get("CHRONICLE_PG_BINDIR")
    candidates = [override] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"))[::-1]
    for folder in candidates:
        if folder and Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    found = None if override else shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    raise ClusterUnavailableError(
        "no initdb/pg_ctl found (apt-get install postgresql, or set CHRONICLE_PG_BINDIR)"
    )


class PgCluster:
    """One running cluster: fresh databases on demand, stop/start for restart tests."""

    def __init__(self) -> None:
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="chronicle-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self.port: int | None = None
        self._template_ready = False
        self._free: list[str] = []
        self._tables: set[str] | None = None
        self._owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self._owner = pwd.getpwnam(_RUN_AS)
            except KeyError as err:
                raise ClusterUnavailableError(
                    f"running as root and there is no '{_RUN_AS}' user to run the server as"
                ) from err
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions",
        )
        self.start()

    # -- the server process -------------------------------------------------------------
    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bindir / tool), *args]
        if self._owner is not None:
            cmd = ["setpriv", f"--reuid={self._owner.pw_uid}", f"--regid={self._owner.pw_gid}",
                   "--init-groups", *cmd]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ClusterUnavailableError(
                f"{tool} failed: {done.stderr.strip() or done.stdout}\n{log}"
            )

    def start(self) -> None:
        if self.port is None:
            self.port = _free_port()
        options = (
            f"-k {self.root} -c listen_addresses=127.0.0.1 -p {self.port} "
            "-c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c shared_buffers=32MB -c max_connections=60"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(ClusterUnavailableError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- databases ----------------------------------------------------------------------
    def url(self, dbname: str, user: str = SUPERUSER) -> str:
        """The libpq URL of `dbname` as `user` (over the cluster's socket)."""
        return f"postgresql://{user}@/{dbname}?host={self.root}&port={self.port}"

    def tcp_url(self, dbname: str, user: str = SUPERUSER) -> str:
        """The same database as a user types it: postgresql://user@host:port/dbname."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str, *params, dbname: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser, autocommit (CREATE/DROP DATABASE need that)."""
        import psycopg

        dsn = f"host={self.root} port={self.port} dbname={dbname} user={SUPERUSER}"
        with psycopg.connect(dsn) as conn:
            conn.autocommit = True
            cur = conn.execute(sql, params or None)
            return cur.fetchall() if cur.description else []

    def new_database(self, template: str = "template0") -> str:
        """A new database (empty, or a copy of `template`); returns its name."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def new_library_url(self) -> str:
        """URL of a database holding an empty library at the newest schema.

        Creating a database costs ~1 s here, so databases are copied from a template made
        once per session and, once a test is done with one, emptied (TRUNCATE, ~30 ms) and
        handed to the next test (`release_library`).
        """
        if self._free:
            return self.url(self._free.pop())
        if not self._template_ready:
            from db.engine import create_library

            self.admin(f'CREATE DATABASE "{TEMPLATE_DB}" TEMPLATE template0')
            create_library(self.url(TEMPLATE_DB)).close()
            self._template_ready = True
        return self.url(self.new_database(TEMPLATE_DB))

    def release_library(self, name: str) -> None:
        """Empty a database from `new_library_url` for the next test (or drop it if a test
        changed its schema)."""
        tables = {row[0] for row in self.admin(_TABLES, dbname=name)}
        if tables != self._template_tables():
            self.drop_database(name)
            return
        kept = {"alembic_version", "chronicle_meta"}
        listed = ", ".join(f'"{t}"' for t in sorted(tables - kept))
        self.admin(f"TRUNCATE {listed} RESTART IDENTITY CASCADE", dbname=name)
        self._free.append(name)

    def _template_tables(self) -> set[str]:
        if self._tables is None:
            self._tables = {row[0] for row in self.admin(_TABLES, dbname=TEMPLATE_DB)}
        return self._tables

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    # Another process could take it before the server binds it; the socket in our own folder
    # is what the tests mostly use, so that rare clash only costs the TCP tests.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_state: dict[str, object] = {}


def cluster_or_skip() -> PgCluster:
    """The session's cluster, started on first use; skips (fails under CI=true) without one."""
    if "cluster" not in _state and "error" not in _state:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            _state["error"] = "psycopg is not installed (pip install -e '.[dev]')"
        else:
            try:
                _state["cluster"] = PgCluster()
            except (ClusterUnavailableError, OSError) as err:
                _state["error"] = str(err)
    if "error" in _state:
        message = f"{_SKIP_PREFIX}: {_state['error']}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the PostgreSQL half must run)", pytrace=False)
        pytest.skip(message)
    return _state["cluster"]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def pg_cluster():
    """The running PostgreSQL cluster (skipped, or failed under CI, when none can start)."""
    return cluster_or_skip()


@pytest.fixture
def pg_url(pg_cluster):
    """URL of a new, empty database, dropped after the test."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


def pytest_sessionfinish(session):
    cluster = _state.pop("cluster", None)
    if cluster is not None:
        cluster.destroy()


_skipped_pg: list[str] = []


def pytest_runtest_logreport(report):
    # Runs on the xdist controller too, so the banner below counts every worker's skips.
    if report.skipped and _SKIP_PREFIX in str(report.longrepr):
        _skipped_pg.append(str(report.longrepr))


def pytest_terminal_summary(terminalreporter):
    if not _skipped_pg:
        return
    reason = _skipped_pg[0].split(_SKIP_PREFIX, 1)[1].split("'")[0].strip(": ")
    terminalreporter.write_sep(
        "!",
        f"{len(_skipped_pg)} PostgreSQL tests SKIPPED: {reason}",
        red=True,
        bold=True,
    )
    terminalreporter.write_line(
        "The team-library (PostgreSQL) half of the suite did not run. Install Debian's "
        "'postgresql' package (.ci/run does) to run it.",
        red=True,
    )
