"""The route action reads a typed "/..." that is no button of ours as text (issue 18)."""

from rasa_sdk import Tracker

from actions.signaalroute import turn_from_tracker


def _tracker(text, intent="nlu_fallback", entities=()):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.4}, "entities": list(entities)}
    events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": "rest"}]
    return Tracker("t1", {}, latest, events, False, None, {}, "rest")


def test_a_typed_slash_with_danger_reaches_the_core_as_words():
    turn = turn_from_tracker(_tracker("/ hij slaat haar nu"))
    assert turn.text == "hij slaat haar nu"
    assert not turn.payload


def test_an_unknown_command_is_words_not_an_empty_message():
    turn = turn_from_tracker(_tracker("/help ze houden haar vast"))
    assert turn.text == "help ze houden haar vast"
    assert not turn.payload


def test_a_button_click_stays_a_click():
    entity = {"entity": "keuze", "value": "need:melden"}
    turn = turn_from_tracker(_tracker('/choose{"keuze": "need:melden"}', "choose", [entity]))
    assert turn.payload and turn.text == ""
