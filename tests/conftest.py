"""Shared fixtures: a migrated database on each backend (SQLite file, throwaway PostgreSQL)."""
from __future__ import annotations

import ipaddress
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

from db.engine import dispose_engines, make_engine, migrate
from db.tables import DEFAULT_SCALE

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "workbench" / "data" / "ketamine-therapy.txt"


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts)
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 with a migrated template database."""

    def __init__(self, pg_bin: Path):
        self.bin = pg_bin
        self.base = Path(tempfile.mkdtemp(prefix="wb-pg-"))
        self.data = self.base / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self.counter = itertools.count()

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True)

    def start(self) -> None:
        self.data.mkdir(parents=True)
        if self.as_root:
            os.chmod(self.base, 0o755)
            shutil.chown(self.data, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-instructions")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "-o",
                  f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off", "start")
        admin = make_engine(self.url("postgres"), ).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("CREATE DATABASE wb_template"))
        admin.dispose()
        engine = make_engine(self.url("wb_template"))
        migrate(engine)
        engine.dispose()

    def url(self, db: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def fresh_database(self) -> str:
        name = f"wb_test_{next(self.counter)}"
        admin = make_engine(self.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name} TEMPLATE wb_template"))
        admin.dispose()
        return self.url(name)

    def reset_database(self) -> str:
        """The shared test database, emptied back to its freshly migrated state.

        Emptying takes a few milliseconds where CREATE DATABASE takes a third of a second or more.
        The result matches a fresh copy of the template: no rows, identities restarted, default scale."""
        name = "wb_shared"
        admin = make_engine(self.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            if not c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                c.execute(text(f"CREATE DATABASE {name} TEMPLATE wb_template"))
            else:  # connections a previous test left behind (cached engines) must not block the reset
                c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = :n AND pid <> pg_backend_pid()"), {"n": name})
        admin.dispose()
        engine = make_engine(self.url(name))
        with engine.begin() as c:
            present = set(c.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                          .scalars())
            # DELETE, not TRUNCATE: on tables this small it is twenty times faster
            for table in reversed([t for t in SQLModel.metadata.sorted_tables if t.name in present]):
                c.execute(table.delete())
                if "id" in table.c and table.c.id.autoincrement is not False:
                    c.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1, false)"))
            c.execute(text("INSERT INTO rating (label, rating_value, alternate_name, description, position) "
                           "VALUES (:label, :value, :alt, :description, :position)"),
                      [{"label": label, "value": value, "alt": alt, "description": desc, "position": i}
                       for i, (label, value, alt, desc) in enumerate(DEFAULT_SCALE)])
        engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


_REAL_GETADDRINFO = socket.getaddrinfo


def _loopback_or_literal(host) -> bool:
    name = host.decode() if isinstance(host, bytes) else host
    if name is None or name.rstrip(".").lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(name.strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


@pytest.fixture(autouse=True)
def _no_name_lookups(monkeypatch):
    """Tests resolve no host names but localhost: a page fetched from example.org (every citation
    added with archiving on, the default) fails at once as "host not found" and is recorded as a
    failed archive, instead of reaching, or waiting for, the network."""
    def getaddrinfo(host, *args, **kwargs):
        if not _loopback_or_literal(host):
            raise socket.gaierror(socket.EAI_NONAME, f"tests look up no host names ({host})")
        return _REAL_GETADDRINFO(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture(autouse=True)
def _close_cached_engines():
    """Close the engines get_engine() cached during a test, so no connection is left to the GC."""
    yield
    dispose_engines()


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session; skipped only when PostgreSQL is not installed and
    WORKBENCH_REQUIRE_PG is not set (the README's test command sets it)."""
    pg_bin = _pg_bin()
    if pg_bin is None:
        if os.environ.get("WORKBENCH_REQUIRE_PG"):
            pytest.fail("PostgreSQL is required (WORKBENCH_REQUIRE_PG) but is not installed")
        pytest.skip("PostgreSQL is not installed; run scripts/test.sh to install it")
    server = PostgresServer(pg_bin)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, sqlite_template) -> str:
    """A fresh, migrated database URL on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "wb.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_server").reset_database()


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")
