"""Whether each person on a request for help was asked (``help_request_recipient.asked``): someone who
came through without being asked is kept on the request as not asked, so the real-friends report counts
them apart. Rows written before this revision cannot tell and stay counted as asked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("help_request_recipient") as batch_op:
        batch_op.add_column(sa.Column("asked", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("help_request_recipient") as batch_op:
        batch_op.drop_column("asked")
