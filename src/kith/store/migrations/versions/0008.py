"""Drop ix_participant_person (person_id, interaction_id): ix_participant_person_time (person_id,
occurred_at, interaction_id) serves every lookup it served, and an import keeps one index fewer.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_participant_person", table_name="interaction_participant")


def downgrade() -> None:
    op.create_index("ix_participant_person", "interaction_participant", ["person_id", "interaction_id"])
