"""Helpers for the workspace tests: environment, sign-in, seeding consultations."""
from __future__ import annotations

import contextlib
import re
from datetime import datetime, timezone

PASSWORD = "een-lang-wachtwoord-42"
DESCRIPTION_B = "Geheime beschrijving van gemeente B over de kas."


def workspace_env(tmp_path) -> dict[str, str]:
    """Environment variables for an isolated workspace on a temp SQLite database."""
    return {
        "SIGNAALROUTE_VAR_DIR": str(tmp_path / "var"),
        "SIGNAALROUTE_DATABASE_URL": f"sqlite:///{tmp_path / 'workspace.db'}",
        "SIGNAALROUTE_SECRET_KEY": "api-test-secret-key-0123456789",
        "SIGNAALROUTE_ENCRYPTION_KEY": "api-test-encryption-key-0123456789",
        "SIGNAALROUTE_RETENTION_INTERVAL_MINUTES": "600",
    }


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def page_login(client, username: str, password: str = PASSWORD):
    """Sign in through the form; returns the POST response (not followed)."""
    token = csrf_from(client.get("/inloggen").text)
    return client.post("/inloggen", data={"username": username, "password": password, "csrf_token": token},
                       follow_redirects=False)


def api_login(client, username: str, password: str = PASSWORD) -> str:
    """Sign in through the API; returns the CSRF token for changes."""
    response = client.post("/api/v1/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def draft(**overrides):
    """A consultation draft (see docs/contracts.md)."""
    from bot.store.codes import new_reference_code
    from bot.store.recorder import ConsultationDraft

    values = dict(
        reference_code=new_reference_code(), occurred_at=datetime.now(timezone.utc),
        municipality_code="GM0518", region_id="haaglanden", channel="rest", route_map_id="haaglanden",
        route_map_version="2026.11.1", answers={"acute": "nee", "subject": "persoon", "form": "arbeid"},
        outcome_code="persoon.arbeid.melden", contacts_advised=["nla"],
        description="Mensen slapen in de loods.", completed=True,
    )
    values.update(overrides)
    return ConsultationDraft(**values)


@contextlib.contextmanager
def serve_workspace(tmp_path, monkeypatch, seed):
    """The real workspace (uvicorn, own port) on a migrated temp database; ``seed(database, settings)``
    runs first. Yields (base URL, what seed returned)."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from bot.settings import REPO_ROOT, load_settings
    from bot.store.db import Database, upgrade_schema

    env = workspace_env(tmp_path)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings = load_settings()
    upgrade_schema(settings.database_url)
    database = Database(settings.database_url)
    seeded = seed(database, settings)
    database.dispose()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log_path = tmp_path / "uvicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.app:app", "--host", "127.0.0.1", "--port", str(port), "--ws", "none"],
            cwd=REPO_ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        try:
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError("workspace did not start: " + log_path.read_text()[-2000:])
                    time.sleep(0.2)
            yield base, seeded
        finally:
            server.terminate()
            server.wait(timeout=10)
