"""Alembic environment: migrates the database named by the settings (or by the caller)."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from bot.store.db import make_engine, migration_lock
from bot.store.models import metadata

config = context.config

# Only when run from the alembic CLI: programmatic upgrades must not reset the app's logging.
if config.config_file_name is not None and "database_url" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = config.attributes.get("database_url")
    if url:
        return url
    from bot.settings import load_settings

    return load_settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL without a connection (``alembic upgrade head --sql``)."""
    context.configure(url=_database_url(), target_metadata=metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over a live connection."""
    engine = make_engine(_database_url())
    try:
        with migration_lock(engine), engine.connect() as connection:
            # Batch mode lets later migrations alter tables on SQLite too.
            context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
