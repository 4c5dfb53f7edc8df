"""Stated ties (``stated_tie``): the user's word that two people know each other (``kith knows A B``,
with how), or that they do not (``--not``: an inferred tie rejected, never proposed again). The undo
journal's triggers are made again so that the new table is journaled.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kith.store.undo import install_triggers

    op.create_table(
        "stated_tie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column("knows", sa.Boolean(), nullable=False),
        sa.Column("how", sa.Text(), nullable=True),
        sa.Column("stated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_a_id"], ["person.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_b_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_a_id", "person_b_id", name="uq_stated_tie_pair"),
    )
    op.create_index("ix_stated_tie_person_b_id", "stated_tie", ["person_b_id"], unique=False)
    install_triggers(op.get_bind())


def downgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    drop_triggers(op.get_bind())
    op.drop_index("ix_stated_tie_person_b_id", table_name="stated_tie")
    op.drop_table("stated_tie")
    install_triggers(op.get_bind())
