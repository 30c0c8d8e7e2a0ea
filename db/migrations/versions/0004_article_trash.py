"""article trash: deleted_at and deleted_by on article

Deleting an article moves it to the trash (both columns set); restoring clears them and purging
removes the row. Added columns only, so SQLite's batch mode alters the table in place (no copy: the
claim_fts triggers of 0002 are on `claim` and untouched anyway).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: Union[str, None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deleted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('deleted_by', sqlmodel.sql.sqltypes.AutoString(length=200),
                                      nullable=True))


def downgrade() -> None:
    # Not batch mode: a batch copy of `article` on SQLite would drop the old table, and with foreign
    # keys on that deletes every claim (ON DELETE CASCADE). SQLite 3.35+ drops a column in place.
    op.drop_column('article', 'deleted_by')
    op.drop_column('article', 'deleted_at')
