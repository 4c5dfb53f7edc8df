"""Tie strength cache: running decayed sums per pair of people.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tie_cache",
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.Float(), nullable=False),
        sa.Column("decayed", sa.Float(), nullable=False),
        sa.Column("first", sa.Float(), nullable=False),
        sa.Column("last", sa.Float(), nullable=False),
        sa.Column("last_real", sa.Float(), nullable=True),
        sa.Column("by_a", sa.Float(), nullable=False),
        sa.Column("by_b", sa.Float(), nullable=False),
        sa.Column("counts", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["b_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("a_id", "b_id"),
    )


def downgrade() -> None:
    op.drop_table("tie_cache")
