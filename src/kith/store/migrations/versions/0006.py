"""An index on person.updated_at: the web asks for the latest edit on every request (its data fingerprint).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_person_updated_at", "person", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_person_updated_at", table_name="person")
