"""Issue 15, finding 1, as an attacker with read access to the tracker store and reach to the
action server: a sealed ``sr_state`` copied from another conversation gets nothing. The action
server answers only the Rasa server (a shared token), and even with the token a state from
another conversation is refused, logged by type only."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid

import httpx
import pytest

from bot.store.codes import conversation_tag, hash_code
from tests.stack import texts

pytestmark = pytest.mark.e2e

STORY = "Ik werk in Heerlen en zag arbeidsmigranten die in een loods slapen, geen direct gevaar"
CODE = re.compile(r"SR-[A-Z0-9]{4}-[A-Z0-9]{2}")


def _secret(stack) -> bytes:
    return (stack.tmpdir / "var" / "secret.key").read_bytes()


def _stored_state(stack, sender: str) -> dict:
    """What a reader of the tracker store finds: the latest sr_state of a conversation."""
    with sqlite3.connect(stack.tmpdir / "tracker.db", timeout=10) as db:
        rows = db.execute("select data from events where sender_id = ? and type_name = 'slot' order by id",
                          (conversation_tag(sender, _secret(stack)),)).fetchall()
    states = [json.loads(r[0])["value"] for r in rows if json.loads(r[0]).get("name") == "sr_state"]
    assert states, "the conversation is stored under the keyed hash of its sender id"
    return states[-1]


def _webhook_body(sender: str, state: dict) -> dict:
    latest = {"text": '/choose{"keuze":"need:melden"}', "intent": {"name": "choose", "confidence": 1.0},
              "entities": [{"entity": "keuze", "value": "need:melden"}], "metadata": {}}
    events = [{"event": "user", "text": latest["text"], "parse_data": latest, "input_channel": "rest"}]
    tracker = {"sender_id": sender, "slots": {"sr_state": state}, "latest_message": latest, "events": events,
               "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
               "latest_input_channel": "rest"}
    return {"next_action": "action_signaalroute", "sender_id": sender, "tracker": tracker, "domain": {},
            "version": "3.6.21"}


def _municipality_of(stack, code: str):
    with sqlite3.connect(stack.tmpdir / "signaalroute.db", timeout=30) as db:
        row = db.execute("select municipality_code from consultations where code_hash = ?",
                         (hash_code(code, _secret(stack)),)).fetchone()
    return row[0] if row else None


def test_a_state_copied_from_the_tracker_store_is_refused_under_another_sender(stack):
    victim = f"victim-{uuid.uuid4().hex[:8]}"
    stack.send(victim, STORY)
    answer = texts(stack.send(victim, "ik wil het melden"))
    if not CODE.search(answer):
        answer = texts(stack.send(victim, '/choose{"keuze":"need:melden"}'))
    code = CODE.search(answer).group(0)
    stolen = {**_stored_state(stack, victim), "municipality": "GM0518", "finished": False, "pending": "behoefte"}
    body = _webhook_body(f"attacker-{uuid.uuid4().hex[:8]}", stolen)

    # Without the Rasa server's token the action server does not run the action at all.
    plain = httpx.post(f"{stack.action_url}/webhook", json=body, timeout=30)
    forged = httpx.post(f"{stack.action_url}/webhook", json=body, timeout=30,
                        headers={"Authorization": "Bearer " + "x" * 43})
    assert plain.status_code == forged.status_code == 401

    # With it (a process that stole the token too), the state is still not this conversation's.
    token = (stack.tmpdir / "var" / "action.token").read_text().strip()
    replay = httpx.post(f"{stack.action_url}/webhook", json=body, timeout=30, headers={"Authorization": f"Bearer {token}"})
    assert replay.status_code == 200
    assert code not in replay.text
    assert _municipality_of(stack, code) == "GM0917"
    log = stack.log_paths["actions"].read_text(errors="replace")
    assert "sealed conversation state refused: another conversation" in log
    assert "attacker-" not in log and code not in log
