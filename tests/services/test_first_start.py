"""A first start that is killed, or that several processes make at once, leaves a usable database."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from db.engine import alembic_config, make_engine, migrate

ROOT = Path(__file__).resolve().parents[2]
# Says when its imports are done, so that the kill lands inside the migration, not before it.
MIGRATE = ("import sys; from db.engine import make_engine, migrate; engine = make_engine(sys.argv[1]); "
           "print('migrating', flush=True); migrate(engine)")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """The URL of a database with no tables at all."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'first.db'}"
    server = request.getfixturevalue("pg_server")
    name = f"wb_first_{os.getpid()}_{time.monotonic_ns()}"
    admin = make_engine(server.url("postgres")).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.url(name)


def start(url: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", MIGRATE, url], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def assert_at_head_with_one_scale(url: str) -> None:
    engine = make_engine(url)
    try:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
            assert c.execute(text("SELECT count(*) FROM rating")).scalar() == 7
        assert {"article", "claim", "citation", "audit_event"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_first_start_killed_at_random_points_is_finished_by_the_next(empty_url):
    rng = random.Random(13)
    for _ in range(4):
        process = start(empty_url)
        assert process.stdout.readline() == b"migrating\n"
        time.sleep(rng.uniform(0.0, 0.3))  # a migration from empty takes about 0.3 s
        process.send_signal(signal.SIGKILL)
        process.communicate()
        engine = make_engine(empty_url)
        try:
            migrate(engine)  # the next start: must neither fail nor find half a schema
        finally:
            engine.dispose()
        assert_at_head_with_one_scale(empty_url)
        empty_again(empty_url)


def empty_again(url: str) -> None:
    """Drop everything, for the next kill."""
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        return
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def test_four_processes_starting_at_once_on_an_empty_database_all_succeed(empty_url):
    processes = [start(empty_url) for _ in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in processes]
    for out, err, code in results:
        assert code == 0, err.decode()
    assert_at_head_with_one_scale(empty_url)
