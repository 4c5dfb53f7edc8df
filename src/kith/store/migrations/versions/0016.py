"""Numbers never given twice on SQLite: the tables of user data with a numbered key are made again with
AUTOINCREMENT, so that a new job step, introduction, note, interaction, favour, promise, person...
never takes the number of one deleted before it (an undo, an old web form or a number the user noted
down would otherwise reach the new row). PostgreSQL's sequences never give a number twice already: there
the migration does nothing.

Each table is copied into a new one (Alembic's batch mode: rows, ids, indexes and keys as they are) with
foreign keys off (``kith.store.db.upgrade``), and the undo journal's triggers, which go with a dropped
table, are made again. The way back leaves the tables as they are: 0015's kith reads and writes them the
same, and numbers it gives are still never reused.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

#: every table of user data at 0015 whose key is one integer ``id``, parents before children
NUMBERED = (
    "person",
    "organisation",
    "tag",
    "interaction",
    "help_request",
    "peec_statement",
    "note",
    "identity",
    "role",
    "life_event",
    "connection",
    "commitment",
    "favour",
    "invitation",
    "duplicate_proposal",
    "stated_tie",
    "education",
    "intro",
    "job_target",
    "job_event",
)


def upgrade() -> None:
    from kith.store.undo import drop_triggers, install_triggers

    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("migration 0016 rebuilds tables: run it with foreign keys off (kith does)")
    drop_triggers(bind)
    for table in NUMBERED:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass
    install_triggers(bind)


def downgrade() -> None:
    pass
