"""Tie strength cache: contact with no initiator (co-presence), for reciprocity.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tie_cache") as batch:
        batch.add_column(sa.Column("together", sa.Float(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("tie_cache") as batch:
        batch.drop_column("together")
