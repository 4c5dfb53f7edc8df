"""The interaction's time on each participant row, indexed with the person: a person's latest interactions
come straight from the index (person_id, occurred_at, interaction_id) instead of a sort or a walk.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interaction_participant") as batch_op:
        batch_op.add_column(sa.Column("occurred_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE interaction_participant SET occurred_at = (SELECT occurred_at FROM interaction"
        " WHERE interaction.id = interaction_participant.interaction_id)"
    )
    with op.batch_alter_table("interaction_participant") as batch_op:
        batch_op.alter_column("occurred_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(
            "ix_participant_person_time", ["person_id", "occurred_at", "interaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_participant") as batch_op:
        batch_op.drop_index("ix_participant_person_time")
        batch_op.drop_column("occurred_at")
