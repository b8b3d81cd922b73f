"""Fixtures for the workspace tests: the real app on a real (temp) SQLite database."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api_support import PASSWORD, workspace_env


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: starts real servers (slow)")


@pytest.fixture(scope="session")
def redactor():
    """The real de-identifier, loaded once."""
    from bot.anonymise import redact

    redact("Jan de Vries")
    return redact


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Point the settings at a temp database and temp secrets."""
    values = workspace_env(tmp_path)
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


@pytest.fixture
def settings(env):
    from bot.settings import load_settings

    return load_settings()


@pytest.fixture
def app(settings):
    from api.app import create_app

    return create_app(settings)


@pytest.fixture
def database(app):
    """The app's database, migrated by the app's own start-up."""
    with TestClient(app):
        pass
    return app.state.ctx.database


@pytest.fixture
def client(app, database):
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def other_client(app, database):
    """A second browser, for a second officer."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def officers(database):
    """Anna (GM0518), Bert (GM0599) and coordinator Carla (region haaglanden)."""
    from api import accounts

    with database.session() as session:
        accounts.create_officer(session, "anna", PASSWORD, "aandachtsfunctionaris", ["GM0518"])
        accounts.create_officer(session, "bert", PASSWORD, "aandachtsfunctionaris", ["GM0599"])
        accounts.create_officer(session, "carla", PASSWORD, "regio-coordinator", region_id="haaglanden")
    return ["anna", "bert", "carla"]


@pytest.fixture
def recorder(database, settings, redactor):
    """The recorder the chat actions use, on the app's database."""
    from bot.store.recorder import Recorder

    rec = Recorder(database, settings.secret_key, settings.fernet_key, redactor=redactor)
    yield rec
    rec.close()


@pytest.fixture
def seed(recorder, database, settings):
    """Record drafts and return their consultation ids (in order)."""
    from sqlalchemy import select

    from api_support import draft
    from bot.store.codes import hash_code
    from bot.store.models import Consultation

    def _seed(*drafts):
        drafts = drafts or (draft(),)
        for item in drafts:
            recorder.submit(item)
        assert recorder.flush(timeout=60)
        ids = []
        with database.session() as session:
            for item in drafts:
                ids.append(session.execute(select(Consultation.id).where(
                    Consultation.code_hash == hash_code(item.reference_code, settings.secret_key))).scalar_one())
        return ids

    return _seed
