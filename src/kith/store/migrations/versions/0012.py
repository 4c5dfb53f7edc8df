"""Birthdays and anniversaries on each person (``person.birthday``, ``person.anniversary``: ``1985-04-12``,
or ``--04-12`` without a year), and dated notes (``note``) in place of the one notes field that each edit
replaced. A person's notes become their first dated note, dated by their last update (or their creation).

SQLite drops the old column in place (``ALTER TABLE ... DROP COLUMN``, SQLite 3.35 and later) rather
than in Alembic's batch mode: batch mode would copy ``person`` and drop the original, and with foreign
keys on, dropping it would delete every row that refers to a person. The undo journal's triggers name
the column, so they go first and come back for the new columns and the new table.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_note_person_written", "note", ["person_id", "written_at"], unique=False)
    op.execute(
        "INSERT INTO note (person_id, written_at, text, source)"
        " SELECT id, COALESCE(updated_at, created_at), notes, 'manual' FROM person"
        " WHERE notes IS NOT NULL AND TRIM(notes) <> '' ORDER BY id"
    )
    drop_triggers(op.get_bind())
    op.drop_column("person", "notes")
    op.add_column("person", sa.Column("birthday", sa.String(length=10), nullable=True))
    op.add_column("person", sa.Column("anniversary", sa.String(length=10), nullable=True))
    install_triggers(op.get_bind())


def downgrade() -> None:
    """Each person's notes, oldest first, become the one notes field again."""
    from kith.store.undo import drop_triggers, install_triggers

    drop_triggers(op.get_bind())
    op.drop_column("person", "anniversary")
    op.drop_column("person", "birthday")
    op.add_column("person", sa.Column("notes", sa.Text(), nullable=True))
    bind = op.get_bind()
    joined: dict[int, list[str]] = {}
    for person_id, text in bind.execute(
        sa.text("SELECT person_id, text FROM note ORDER BY written_at, id")
    ).all():
        joined.setdefault(person_id, []).append(text)
    for person_id, texts in joined.items():
        bind.execute(
            sa.text("UPDATE person SET notes = :notes WHERE id = :id"),
            {"notes": "\n\n".join(texts), "id": person_id},
        )
    op.drop_index("ix_note_person_written", table_name="note")
    op.drop_table("note")
    install_triggers(op.get_bind())
