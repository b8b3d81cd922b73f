"""The management CLI (python -m api.cli ...) and retention, run as a real process."""
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api_support import PASSWORD, api_login, draft, page_login
from bot.settings import REPO_ROOT
from bot.store.models import Consultation


def cli(env, *args, stdin=None):
    """Run the CLI in a subprocess with the test environment."""
    return subprocess.run([sys.executable, "-m", "api.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO_ROOT, env={**os.environ, **env}, timeout=120)


def test_accounts_are_managed_with_the_cli(env, client):
    created = cli(env, "create-officer", "--username", "Dirk", "--role", "aandachtsfunctionaris",
                  "--municipality", "GM0518", "--municipality", "GM0603", "--password-stdin", stdin=PASSWORD + "\n")
    assert created.returncode == 0, created.stderr
    assert "dirk" in cli(env, "list-officers").stdout
    assert page_login(client, "dirk").status_code == 303

    weak = cli(env, "set-password", "dirk", "--password-stdin", stdin="kort\n")
    assert weak.returncode == 1 and "minstens 12 tekens" in weak.stderr
    assert cli(env, "set-password", "dirk", "--password-stdin", stdin="nieuw-wachtwoord-1234\n").returncode == 0
    assert client.get("/consultaties", follow_redirects=False).status_code == 303  # sessions ended

    assert cli(env, "disable-officer", "dirk").returncode == 0
    assert page_login(client, "dirk", "nieuw-wachtwoord-1234").status_code == 401
    assert cli(env, "enable-officer", "dirk").returncode == 0
    assert page_login(client, "dirk", "nieuw-wachtwoord-1234").status_code == 303
    assert cli(env, "delete-officer", "dirk").returncode == 0
    assert "dirk" not in cli(env, "list-officers").stdout


def test_cli_refuses_bad_accounts_with_a_clear_message(env, client):
    cases = [
        (["--username", "x", "--role", "aandachtsfunctionaris"], "minstens één gemeente"),
        (["--username", "x", "--role", "aandachtsfunctionaris", "--municipality", "GM9999"], "Onbekende gemeentecode"),
        (["--username", "x", "--role", "regio-coordinator"], "regio nodig"),
        (["--username", "x y", "--role", "regio-coordinator", "--region", "haaglanden"], "gebruikersnaam"),
    ]
    for args, message in cases:
        result = cli(env, "create-officer", *args, "--password-stdin", stdin=PASSWORD + "\n")
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert cli(env, "delete-officer", "niemand").returncode == 1


def test_purge_expired_deletes_old_consultations(env, seed, database):
    now = datetime.now(timezone.utc)
    seed(draft(occurred_at=now - timedelta(days=800)), draft(occurred_at=now - timedelta(days=100)))
    result = cli(env, "purge-expired")
    assert result.returncode == 0 and result.stdout.startswith("1 ")
    result = cli(env, "purge-expired", "--days", "30")
    assert result.returncode == 0 and result.stdout.startswith("1 ")
    with database.session() as session:
        assert session.execute(select(func.count()).select_from(Consultation)).scalar_one() == 0


def test_the_running_service_purges_on_a_schedule(env, seed, settings, database):
    from api.app import create_app

    now = datetime.now(timezone.utc)
    seed(draft(occurred_at=now - timedelta(days=800)), draft(occurred_at=now))
    def remaining():
        with database.session() as session:
            return session.execute(select(func.count()).select_from(Consultation)).scalar_one()

    with TestClient(create_app(settings)):
        deadline = time.monotonic() + 20  # the first pass runs in the background right after start-up
        while remaining() != 1 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert remaining() == 1


def test_api_login_returns_role_and_scope(client, officers):
    response = client.post("/api/v1/session", json={"username": "anna", "password": PASSWORD})
    assert response.json()["municipalities"] == ["GM0518"] and response.json()["role"] == "aandachtsfunctionaris"
    assert api_login(client, "carla")
