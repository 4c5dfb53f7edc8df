"""Alembic environment for kith: runs on the connection kith hands over (see kith.store.db.upgrade)."""

from alembic import context

from kith.store.schema import Base

config = context.config
connection = config.attributes.get("connection")

if connection is None:  # `alembic` run by hand: use the configured database
    from kith.settings import get_settings
    from kith.store.db import make_engine

    connection = make_engine(get_settings().database_url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
