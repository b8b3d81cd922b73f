"""The action server de-identifies for the workspace (POST /redact), so deduce is loaded
once per stack; with the action server down, an officer's note is never stored in clear.

Real action server and real workspace (uvicorn), started on free loopback ports.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

import httpx
import psutil
import pytest

from tests.stack import ROOT, Stack

pytestmark = pytest.mark.e2e

PASSWORD = "een-lang-wachtwoord-42"
NOTE = "Gebeld met Ahmed Karimi op 06-11223344, Kerkstraat 12."
CLEAR = ["Karimi", "11223344", "Kerkstraat 12"]


def post_json(url, body, timeout=60):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("redact-service"))
    (stack.tmpdir / "var").mkdir(parents=True)
    stack.start_action_server()
    stack.start_api()
    yield stack
    stack.stop()


def test_action_server_redacts_for_other_processes(stack):
    status, body = post_json(f"{stack.action_url}/redact", {"text": NOTE})
    assert status == 200
    for clear in CLEAR:
        assert clear not in body["text"], clear
    assert "Gebeld met" in body["text"]


def test_rasa_sdk_routes_still_answer(stack):
    with urllib.request.urlopen(f"{stack.action_url}/health", timeout=10) as resp:
        assert resp.status == 200
    with urllib.request.urlopen(f"{stack.action_url}/actions", timeout=10) as resp:
        assert {"name": "action_signaalroute"} in json.loads(resp.read())


@pytest.mark.parametrize("body", [{"text": 12}, {}, ["x"], {"text": "x" * 20_001}])
def test_bad_requests_get_an_error_not_a_crash(stack, body):
    status, answer = post_json(f"{stack.action_url}/redact", body)
    assert status in (400, 413) and "error" in answer


def test_workspace_redaction_goes_through_the_action_server(stack, monkeypatch):
    from bot import anonymise
    from bot.store import redaction

    monkeypatch.setattr(redaction, "_local", False)
    # Earlier tests in this pytest process may have loaded deduce; start this one without it.
    monkeypatch.setattr(anonymise, "_deduce", None)
    monkeypatch.setenv("SIGNAALROUTE_ACTION_URL", f"{stack.action_url}/webhook")
    redacted = redaction.redact_safely(NOTE)
    for clear in CLEAR:
        assert clear not in redacted, clear
    assert anonymise._deduce is None  # this call did not load deduce here


def _officer_client(stack):
    subprocess.run(
        [sys.executable, "-m", "api.cli", "create-officer", "--username", "af-denhaag", "--role", "aandachtsfunctionaris",
         "--municipality", "GM0518", "--password-stdin"],
        input=PASSWORD + "\n", text=True, cwd=ROOT, env=stack.env, check=True, capture_output=True,
    )
    client = httpx.Client(base_url=stack.api_url, timeout=60)
    response = client.post("/api/v1/session", json={"username": "af-denhaag", "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def _seed_consultation(stack) -> str:
    """One consultation for Den Haag, recorded as the action server records it."""
    script = (
        "from sqlalchemy import select\n"
        "from bot.settings import load_settings\n"
        "from bot.store.codes import hash_code\n"
        "from bot.store.db import default_database\n"
        "from bot.store.models import Consultation\n"
        "from bot.store.recorder import Recorder\n"
        "from tests.api.api_support import draft\n"
        "s = load_settings(); db = default_database(); item = draft()\n"
        "r = Recorder(db, s.secret_key, s.fernet_key, redactor=lambda t: t)\n"
        "r.submit(item); assert r.flush(timeout=60); r.close()\n"
        "with db.session() as session:\n"
        "    print(session.execute(select(Consultation.id).where(\n"
        "        Consultation.code_hash == hash_code(item.reference_code, s.secret_key))).scalar_one())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=stack.env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()[-1]


def _deduce_loaded(pid: int) -> bool:
    """deduce's lookup tables are hundreds of MB: a process that loaded them is far above 250 MB."""
    return psutil.Process(pid).memory_info().rss > 250 * 2**20


def test_officer_note_is_redacted_by_the_action_server_and_the_workspace_stays_small(stack):
    client = _officer_client(stack)
    cid = _seed_consultation(stack)
    assert client.post(f"/api/v1/consultations/{cid}/steps", json={"step": "vastgelegd", "note": NOTE}).status_code == 201
    detail = client.get(f"/api/v1/consultations/{cid}").text
    assert "Gebeld met" in detail
    for clear in CLEAR:
        assert clear not in detail, clear
    assert not _deduce_loaded(stack.procs["api"].pid)
    assert _deduce_loaded(stack.procs["actions"].pid)

    # Action server down: the note is replaced by the placeholder, never stored in clear.
    stack.stop_action_server()
    start = time.monotonic()
    assert client.post(f"/api/v1/consultations/{cid}/steps", json={"step": "doorgestuurd", "partner": "nla",
                                                                      "note": NOTE}).status_code == 201
    assert time.monotonic() - start < 30
    detail = client.get(f"/api/v1/consultations/{cid}").text
    assert "anonimiseren is mislukt" in detail
    for clear in CLEAR:
        assert clear not in detail, clear
    for path in stack.tmpdir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for clear in CLEAR:
                assert clear.encode() not in data, (path.name, clear)
