"""The smaller request to the action server (rasa_ext/action_payload.py): what the route
action reads is still there, the rest of the history and the domain are not, and a bad
answer from the action server is still refused as Rasa refuses it."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

import rasa_ext  # noqa: F401 - installs the patch as the Rasa server does
from rasa_ext import action_payload

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [inform]
slots:
  sr_state:
    type: any
    mappings: [{type: custom}]
actions: [action_signaalroute]
""")


def tracker(turns: int) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), ActionExecuted("action_listen")]
    for n in range(turns):
        events += [
            UserUttered(f"bericht {n}", {"name": "inform", "confidence": 0.9}, input_channel="rest"),
            ActionExecuted("utter_acute_112") if n == turns - 1 else ActionExecuted("action_signaalroute"),
            BotUttered("Bel 112.", metadata={"utter_action": "utter_acute_112"}),
            SlotSet("sr_state", {"municipality": "GM0917", "turn": n}),
            ActionExecuted("action_listen"),
        ]
    return DialogueStateTracker.from_events("s1", events[:-1], DOMAIN.slots)


def payload(turns: int) -> dict:
    action = RemoteAction("action_signaalroute", EndpointConfig("http://127.0.0.1:9/webhook"))
    return action._action_call_format(tracker(turns), DOMAIN)


def test_the_route_action_gets_what_it_reads():
    body = payload(20)
    state = body["tracker"]
    assert body["sender_id"] == "s1" and body["next_action"] == "action_signaalroute"
    assert state["slots"]["sr_state"] == {"municipality": "GM0917", "turn": 19}
    assert state["latest_message"]["text"] == "bericht 19"
    assert state["latest_input_channel"] == "rest"
    assert state["events"][0]["event"] == "user" and state["events"][0]["text"] == "bericht 19"
    assert "utter_acute_112" in [e.get("name") for e in state["events"]]  # the 112 already said this turn


def test_history_and_domain_are_not_posted_and_the_size_does_not_grow():
    short, long = payload(2), payload(40)
    assert "domain" not in long
    assert [e["event"] for e in long["tracker"]["events"]] == ["user", "action", "bot", "slot"]
    assert len(str(long)) < len(str(short)) + 100


def test_full_payload_on_request(monkeypatch):
    monkeypatch.setenv(action_payload.FULL_ENV, "all")
    body = payload(5)
    assert "domain" in body and len(body["tracker"]["events"]) == 2 + 5 * 5 - 1


@pytest.mark.parametrize("answer", [{"events": [{"event": 3}]}, {"events": "x"}, {"responses": [1]}])
def test_a_malformed_answer_is_refused_as_before(answer):
    action = RemoteAction("action_signaalroute", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(answer)


def test_a_good_answer_passes():
    action = RemoteAction("action_signaalroute", None)
    assert action._validate_action_result({"events": [{"event": "slot", "name": "x", "value": 1}],
                                           "responses": [{"text": "hoi"}]})
