"""Alembic environment: SQLModel metadata, batch mode for SQLite, the engine from db/engine.py."""
from alembic import context
from sqlmodel import SQLModel

import db.tables  # noqa: F401  (registers the tables)
from db.engine import make_engine, migration_engine, migration_lock

config = context.config
target_metadata = SQLModel.metadata

# Full-text search objects made by hand in 0002_claim_search (not in the models): the SQLite FTS5
# table and its shadow tables, and PostgreSQL's generated tsvector column and its GIN index.
SEARCH_TABLE_PREFIX = "claim_fts"
SEARCH_COLUMNS = {("claim", "search_vector")}
SEARCH_INDEXES = {"ix_claim_search_vector"}


def include_name(name, type_, parent_names) -> bool:
    """Hide the search objects from autogenerate, so `alembic check` compares only the models."""
    if type_ == "table":
        return not (name or "").startswith(SEARCH_TABLE_PREFIX)
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in SEARCH_COLUMNS
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


def run_migrations_online() -> None:
    given = config.attributes.get("engine") or make_engine()
    engine = migration_engine(given)
    # One transaction around every pending migration, on SQLite too (db/engine.py makes its DDL
    # transactional): a killed start leaves the database as it was. The lock makes a concurrent
    # start wait, then find the schema at head and do nothing.
    with engine.connect() as connection, connection.begin():
        migration_lock(connection)
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, compare_type=True, include_name=include_name)
        context.run_migrations()
    if engine is not given:
        engine.dispose()


run_migrations_online()
