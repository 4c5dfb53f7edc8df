"""Per-pair strength sums up to a past cutoff (the agenda's fading lookback), beside the tie cache.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "past_tie_cache",
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Float(), nullable=False),
        sa.Column("decayed", sa.Float(), nullable=False),
        sa.Column("first", sa.Float(), nullable=False),
        sa.Column("last", sa.Float(), nullable=False),
        sa.Column("last_real", sa.Float(), nullable=True),
        sa.Column("by_a", sa.Float(), nullable=False),
        sa.Column("by_b", sa.Float(), nullable=False),
        sa.Column("together", sa.Float(), server_default="0", nullable=False),
        sa.Column("counts", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["b_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("a_id", "b_id"),
    )


def downgrade() -> None:
    op.drop_table("past_tie_cache")
