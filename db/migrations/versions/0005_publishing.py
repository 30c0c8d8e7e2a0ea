"""publishing: the article's fact-check URL, the claimant's kind, archived sources, other desks' reviews

Adds two nullable columns (article.factcheck_url, claim.claimant_kind; SQLite adds them in place,
without recreating the tables) and two tables: source_archive (each fetch of a cited page) and
external_review (ClaimReview items imported from other desks).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 06:28:17.212371
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0005'
down_revision: Union[str, None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('external_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('claim_reviewed', sa.Text(), nullable=False),
    sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('publisher_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('rating_value', sa.Float(), nullable=True),
    sa.Column('best_rating', sa.Float(), nullable=True),
    sa.Column('worst_rating', sa.Float(), nullable=True),
    sa.Column('date_published', sa.Date(), nullable=True),
    sa.Column('claimant', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('appearance_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('imported_from', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('digest')
    )
    op.create_table('source_archive',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citation_id', sa.Integer(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('final_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('main_text', sa.Text(), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('diff', sa.Text(), nullable=True),
    sa.Column('fetched_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('fetched_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['citation_id'], ['citation.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('source_archive', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_archive_citation_id'), ['citation_id'], unique=False)

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('factcheck_url', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True))

    with op.batch_alter_table('claim', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimant_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))



def downgrade() -> None:
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+, PostgreSQL) rather than a batch migration: a
    # batch would recreate `claim`, dropping the full-text triggers of 0002, and recreating a table
    # with rows that other tables reference fails on SQLite ("database table is locked").
    op.execute("ALTER TABLE claim DROP COLUMN claimant_kind")
    op.execute("ALTER TABLE article DROP COLUMN factcheck_url")
    with op.batch_alter_table('source_archive', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_archive_citation_id'))

    op.drop_table('source_archive')
    op.drop_table('external_review')
