"""One engine per process, sessions per unit of work, and migration to head on start."""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

DB_DIR = Path(__file__).resolve().parent
DEFAULT_SQLITE_PATH = DB_DIR / "workbench.db"
URL_ENV = "WORKBENCH_DATABASE_URL"


def database_url() -> str:
    """The configured database URL: WORKBENCH_DATABASE_URL, else a SQLite file under db/."""
    return os.environ.get(URL_ENV) or f"sqlite:///{DEFAULT_SQLITE_PATH}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for a URL (SQLite: WAL, foreign keys, busy timeout; PostgreSQL via psycopg)."""
    url = url or database_url()
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for a URL (default: the configured one), migrated on first use."""
    url = url or database_url()
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = make_engine(url)
            migrate(engine)
            _ENGINES[url] = engine
    return engine


def dispose_engines() -> None:
    """Close every pooled connection of the engines get_engine made, and forget them."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic config pointing at db/migrations, bound to an engine when given."""
    cfg = Config(str(DB_DIR / "alembic.ini"))
    cfg.set_main_option("script_location", str(DB_DIR / "migrations"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the database to the newest migration; seeds the default rating scale.

    All pending migrations run in one transaction, so a killed start leaves the database as it
    was, and concurrent starts wait for each other (see migration_lock)."""
    command.upgrade(alembic_config(engine), "head")


# Any constant shared by every process of the app; it names the first-start migration lock.
_MIGRATION_LOCK_KEY = 0x5742_4D49  # "WBMI"


def migration_lock(connection) -> None:
    """Serialise migrations across processes, for the rest of the connection's transaction.

    PostgreSQL: a transaction-level advisory lock. SQLite: nothing to do here, the transaction
    itself began with BEGIN IMMEDIATE (see migration_engine), which holds the write lock."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")


def migration_engine(engine: Engine) -> Engine:
    """The engine migrations run on: the same one on PostgreSQL; on SQLite a new one (dispose it)
    on the same file whose transactions really enclose DDL.

    pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE and ALTER
    TABLE autocommit one by one and a killed migration leaves half a schema. Here the driver is put
    in autocommit mode and SQLAlchemy's begin emits BEGIN IMMEDIATE itself (the SQLAlchemy docs'
    pysqlite recipe), which also takes the write lock that makes concurrent first starts wait."""
    if engine.dialect.name != "sqlite":
        return engine
    transactional = make_engine(engine.url.render_as_string(hide_password=False))

    @event.listens_for(transactional, "connect")
    def _autocommit_driver(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(transactional, "begin")
    def _begin_immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return transactional


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
