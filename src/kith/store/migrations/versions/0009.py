"""The interaction's channel on each participant row, at the end of the (person, time) index: the agenda's
per person and channel counts and times come from that index alone, without reading each interaction.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the index goes first: filling a million rows is several times slower with it in place
    op.drop_index("ix_participant_person_time", table_name="interaction_participant")
    with op.batch_alter_table("interaction_participant") as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE interaction_participant SET channel = (SELECT channel FROM interaction"
        " WHERE interaction.id = interaction_participant.interaction_id)"
    )
    with op.batch_alter_table("interaction_participant") as batch_op:
        batch_op.alter_column("channel", existing_type=sa.String(length=20), nullable=False)
        batch_op.create_index(
            "ix_participant_person_time",
            ["person_id", "occurred_at", "interaction_id", "channel"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_participant") as batch_op:
        batch_op.drop_index("ix_participant_person_time")
        batch_op.drop_column("channel")
        batch_op.create_index(
            "ix_participant_person_time", ["person_id", "occurred_at", "interaction_id"], unique=False
        )
