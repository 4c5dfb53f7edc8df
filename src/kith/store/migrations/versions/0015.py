"""Reach and job-seeker mode: schools people went to (``education``), how close two people are said to
be (``stated_tie.closeness``), introductions asked and made (``intro``), and the job search's target
companies (``job_target``) with their steps (``job_event``). The undo journal's triggers are made again
so that the new tables are journaled.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    drop_triggers(op.get_bind())
    with op.batch_alter_table("stated_tie") as batch:
        batch.add_column(sa.Column("closeness", sa.Float(), nullable=True))
    op.create_table(
        "education",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("school", sa.String(300), nullable=False),
        sa.Column("school_key", sa.String(300), nullable=False),
        sa.Column("degree", sa.String(300), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_education_person_id", "education", ["person_id"], unique=False)
    op.create_index("ix_education_school_key", "education", ["school_key"], unique=False)
    op.create_table(
        "intro",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("via_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("asked_at", sa.DateTime(), nullable=True),
        sa.Column("made_at", sa.DateTime(), nullable=True),
        sa.Column("commitment_id", sa.Integer(), nullable=True),
        sa.Column("favour_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["via_id"], ["person.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["person.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["commitment_id"], ["commitment.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["favour_id"], ["favour.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_intro_via_id", "intro", ["via_id"], unique=False)
    op.create_index("ix_intro_target_id", "intro", ["target_id"], unique=False)
    op.create_table(
        "job_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(300), nullable=False),
        sa.Column("company_key", sa.String(300), nullable=False),
        sa.Column("role", sa.String(300), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_key"),
    )
    op.create_table(
        "job_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("role", sa.String(300), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["target_id"], ["job_target.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_job_event_target_time", "job_event", ["target_id", "occurred_at"], unique=False)
    op.create_index("ix_job_event_person_id", "job_event", ["person_id"], unique=False)
    install_triggers(op.get_bind())


def downgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    drop_triggers(op.get_bind())
    op.drop_table("job_event")
    op.drop_table("job_target")
    op.drop_table("intro")
    op.drop_index("ix_education_school_key", table_name="education")
    op.drop_index("ix_education_person_id", table_name="education")
    op.drop_table("education")
    with op.batch_alter_table("stated_tie") as batch:
        batch.drop_column("closeness")
    install_triggers(op.get_bind())
