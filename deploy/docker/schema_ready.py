"""Wait until the workspace database has the newest schema; migrate nothing.

The init container of the workspace and the action servers on Kubernetes: the one migration
Job of a release (deploy/k8s/migrate) brings the schema up, and the pods start only after it,
instead of racing each other to migrate.

Usage: python schema_ready.py [--timeout SECONDS]   (database: SIGNAALROUTE_DATABASE_URL)
Exit code 0 once the database is at Alembic's head revision, 1 when it is not by the timeout.
"""

from __future__ import annotations

import argparse
import sys
import time


def current_and_head(url: str) -> tuple[set[str], set[str]]:
    """The revisions the database is at, and the newest ones the migrations define."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from bot.store.db import alembic_config, make_engine

    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(MigrationContext.configure(connection).get_current_heads()), heads
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--interval", type=float, default=5.0)
    args = parser.parse_args(argv)
    from bot.settings import load_settings

    url = load_settings().database_url
    deadline = time.monotonic() + args.timeout
    while True:
        try:
            current, heads = current_and_head(url)
            if current == heads:
                print(f"Databaseschema is actueel ({', '.join(sorted(heads))}).")
                return 0
            state = f"schema {', '.join(sorted(current)) or 'leeg'}, nodig {', '.join(sorted(heads))}"
        except Exception as error:  # noqa: BLE001 - a database that is not up yet is worth waiting for
            state = f"database niet bereikbaar ({type(error).__name__})"
        if time.monotonic() >= deadline:
            print(f"Het databaseschema is niet bijgewerkt: {state}. Draai eerst de migratie-job.", file=sys.stderr)
            return 1
        print(f"Wachten op de migratie-job: {state}.", file=sys.stderr)
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
