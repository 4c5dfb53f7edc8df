"""Strength cache state (parameters' signature and watermark) kept beside the cache, out of backups.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "strength_cache",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.execute("DELETE FROM setting WHERE key = 'strength.cache'")


def downgrade() -> None:
    op.drop_table("strength_cache")
