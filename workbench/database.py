"""The database as the edges (the browser app, benchmarks) reach it without importing `db`: the
configured URL, the process-wide engine, a session for reads, and one unit of work for a change."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

from db.engine import database_url, get_engine, session_scope

__all__ = ["database_url", "read_session", "unit_of_work"]


def read_session(url: str | None = None) -> Session:
    """A session for reads on the configured database (or `url`); close it (use `with`)."""
    return Session(get_engine(url), expire_on_commit=False)


@contextmanager
def unit_of_work(url: str | None = None) -> Iterator[Session]:
    """One change: a session committed at the end, rolled back on any error."""
    with session_scope(get_engine(url)) as session:
        yield session
