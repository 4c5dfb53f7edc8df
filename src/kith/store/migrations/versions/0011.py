"""The undo journal: steps (what the user did) and entries (the statements that revert each row change),
written by triggers on every table of user data while a step is recorded (``kith.store.undo``). The
triggers are SQLite's; on another database the tables are made but stay empty.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kith.store.undo import install_triggers

    op.create_table(
        "undo_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "undo_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=100), nullable=False),
        sa.Column("op", sa.String(length=1), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["step_id"], ["undo_step.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_undo_entry_step_id", "undo_entry", ["step_id"])
    install_triggers(op.get_bind())


def downgrade() -> None:
    from kith.store.undo import drop_triggers

    drop_triggers(op.get_bind())
    op.drop_index("ix_undo_entry_step_id", table_name="undo_entry")
    op.drop_table("undo_entry")
    op.drop_table("undo_step")
