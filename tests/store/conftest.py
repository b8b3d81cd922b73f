"""Fixtures for the store suite: every test runs on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

from bot.store.db import Database, upgrade_schema

from store_support import FERNET_KEY, SECRET, make_draft


def _pg_bin() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(candidates[-1]) if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL server on 127.0.0.1 (run as the postgres user); yields its base URL."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL binaries not installed (/usr/lib/postgresql/*/bin)")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = tempfile.mkdtemp(prefix="sr-pg-")
    datadir = os.path.join(root, "data")
    if as_postgres:
        shutil.chown(root, "postgres", "postgres")
    port = _free_port()
    subprocess.run(as_postgres + [f"{bindir}/initdb", "-D", datadir, "-U", "postgres", "--auth=trust",
                                  "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run(
        as_postgres + [f"{bindir}/pg_ctl", "-D", datadir, "-l", os.path.join(root, "log"), "-w", "start", "-o",
                       f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off"],
        check=True, capture_output=True,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(as_postgres + [f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


_counter = itertools.count()


def _new_pg_database(base_url: str) -> str:
    import psycopg2

    name = f"sr_test_{os.getpid()}_{next(_counter)}"
    deadline = time.monotonic() + 10
    while True:
        try:
            connection = psycopg2.connect(base_url + "/postgres")
            break
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"{base_url}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database on each back end."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _new_pg_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def db(database_url):
    """A migrated database (Alembic, never create_all)."""
    upgrade_schema(database_url)
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def redactor():
    """The real de-identifier (bot.anonymise), loaded once for the session."""
    from bot.anonymise import redact

    redact("Jan de Vries")  # first call builds deduce's lookup tables
    return redact



@pytest.fixture
def recorder(db, redactor):
    """A recorder writing into the test database."""
    from bot.store.recorder import Recorder

    rec = Recorder(db, SECRET, FERNET_KEY, redactor=redactor, retry_initial_seconds=0.05)
    yield rec
    rec.close(timeout=10)


@pytest.fixture
def record(recorder, db):
    """Store drafts through the recorder and return the stored Consultation rows."""
    from sqlalchemy import select

    from bot.store.codes import hash_code
    from bot.store.models import Consultation

    def _record(**overrides):
        draft = make_draft(**overrides)
        recorder.submit(draft)
        assert recorder.flush(timeout=60), "recorder did not store the draft in time"
        with db.session() as session:
            return session.execute(
                select(Consultation).where(Consultation.code_hash == hash_code(draft.reference_code, SECRET))
            ).scalar_one()

    return _record


@pytest.fixture
def make_officer(db):
    """Create an officer row directly (password hashing is the API's business)."""
    from bot.store.models import Officer, OfficerMunicipality

    def _make(username="anna", municipalities=("GM0518",), role="aandachtsfunctionaris", region_id=None):
        with db.session() as session:
            officer = Officer(username=username, password_hash="x", role=role, region_id=region_id)
            officer.municipalities = [OfficerMunicipality(municipality_code=c) for c in municipalities]
            session.add(officer)
        with db.session() as session:
            return session.get(Officer, officer.id)

    return _make
