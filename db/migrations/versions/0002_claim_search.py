"""claim search: full-text index over claim text and quote

SQLite: an external-content FTS5 table `claim_fts` (rowid = claim.id) kept in step by triggers on
`claim`, so every write, including Core bulk inserts that bypass ORM events, updates it in the same
transaction. PostgreSQL: a generated tsvector column `claim.search_vector` with a GIN index, in step
by construction.

These objects are not in the SQLModel metadata; db/migrations/env.py hides them from autogenerate
(SEARCH_OBJECTS there). Caution for later migrations: a SQLite batch migration that recreates the
`claim` table drops its triggers; call `create_sqlite_triggers()` from this module again afterwards.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:00:00
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0002'
down_revision: Union[str, None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN
         INSERT INTO claim_fts(rowid, text, quote) VALUES (new.id, new.text, new.quote);
       END""",
    """CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN
         INSERT INTO claim_fts(claim_fts, rowid, text, quote) VALUES ('delete', old.id, old.text, old.quote);
       END""",
    # Only text and quote are indexed: status or verdict changes need not touch the index.
    """CREATE TRIGGER claim_fts_update AFTER UPDATE OF id, text, quote ON claim BEGIN
         INSERT INTO claim_fts(claim_fts, rowid, text, quote) VALUES ('delete', old.id, old.text, old.quote);
         INSERT INTO claim_fts(rowid, text, quote) VALUES (new.id, new.text, new.quote);
       END""",
]


def create_sqlite_triggers() -> None:
    """(Re)create the triggers that keep claim_fts in step with claim."""
    for name in ("claim_fts_insert", "claim_fts_delete", "claim_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for ddl in _SQLITE_TRIGGERS:
        op.execute(ddl)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # porter: "sessions" finds "session"; remove_diacritics: "cafe" finds "café".
        op.execute("CREATE VIRTUAL TABLE claim_fts USING fts5(text, quote, content='claim', "
                   "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
        create_sqlite_triggers()
        op.execute("INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')")  # backfill
    else:
        # A stored column rather than an expression index: ranking reads the vector instead of
        # re-parsing every candidate's text (several times faster on broad OR queries).
        op.execute("ALTER TABLE claim ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                   "(to_tsvector('english', text || ' ' || quote)) STORED")  # backfills
        op.execute("CREATE INDEX ix_claim_search_vector ON claim USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("claim_fts_insert", "claim_fts_delete", "claim_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claim_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_claim_search_vector")
        op.execute("ALTER TABLE claim DROP COLUMN IF EXISTS search_vector")
