"""Alembic migrations: from empty to head, and a full down/up round trip, on both back ends."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.store.db import downgrade_schema, make_engine, upgrade_schema
from bot.store.models import metadata

TABLES = {"consultations", "followup_steps", "identifiers", "reporter_contacts", "officers",
          "officer_municipalities", "web_sessions", "audit_events", "rate_limit_hits", "contact_reviews",
          "officer_preferences", "consultation_notices"}


def _tables(url):
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_table_matching_the_models(database_url):
    upgrade_schema(database_url)
    assert _tables(database_url) == TABLES
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_downgrade_to_empty_and_upgrade_again_round_trips(database_url):
    upgrade_schema(database_url)
    downgrade_schema(database_url, "base")
    assert _tables(database_url) == set()
    upgrade_schema(database_url)
    assert _tables(database_url) == TABLES


def _upgrade_after(barrier, url, errors):
    barrier.wait()
    try:
        upgrade_schema(url)
    except Exception as exc:  # reported to the parent, which asserts there were none
        errors.put(f"{type(exc).__name__}: {exc}"[:300])


def test_processes_that_start_together_on_an_empty_database_all_come_up(database_url):
    """The action server and the workspace (and every instance) migrate at start-up: on a fresh
    database they must not trip over each other ("table consultations already exists")."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    barrier, errors = ctx.Barrier(4), ctx.Queue()
    processes = [ctx.Process(target=_upgrade_after, args=(barrier, database_url, errors)) for _ in range(4)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
    assert [p.exitcode for p in processes] == [0, 0, 0, 0]
    assert _tables(database_url) == TABLES
