"""Engines, sessions and schema migration (Alembic) for the consultation store."""
from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import REPO_ROOT


def make_engine(url: str) -> Engine:
    """A 2.0-style engine; SQLite gets foreign keys on and is shareable across threads."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, future=True, hide_parameters=True, connect_args={"check_same_thread": False, "timeout": 30}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # Without this SQLite ignores ON DELETE CASCADE, and retention would leave orphans.
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, future=True, pool_pre_ping=True, hide_parameters=True)


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(bind=self.engine, future=True, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits on success and rolls back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


def alembic_config(url: str):
    """The Alembic configuration of this repo, pointed at ``url``."""
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = url
    return config


# Any fixed number: the PostgreSQL advisory lock every process takes while it migrates.
_MIGRATION_LOCK_KEY = 7_402_318_115


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Held while one process migrates, so that processes started together on an empty database
    (the action server, the workspace, every instance) migrate one after the other: the first
    creates the schema, the others find it at head. Taken before the migration's transaction and
    let go after its commit. PostgreSQL: an advisory lock on a connection of its own. SQLite
    (whose driver runs DDL outside a transaction): a lock file beside the database."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as holder:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            try:
                yield
            finally:
                holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(Path(database).with_name(Path(database).name + ".migrate.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade_schema(url: str, revision: str = "head") -> None:
    """Bring the schema at ``url`` to ``revision`` (creates it from empty)."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade_schema(url: str, revision: str = "base") -> None:
    """Take the schema at ``url`` back to ``revision``."""
    from alembic import command

    command.downgrade(alembic_config(url), revision)


_default_lock = threading.Lock()
_default: Database | None = None


def default_database() -> Database:
    """The process-wide database from settings, created (and migrated) on first use."""
    global _default
    with _default_lock:
        if _default is None:
            from bot.settings import load_settings

            url = load_settings().database_url
            upgrade_schema(url)
            _default = Database(url)
        return _default
