"""Answers to "Is er nu direct gevaar?" that are neither a button nor a plain yes or no."""

import pytest

from bot.dialogue import State, Turn, handle
from bot.learned import LearnedReading
from tests.support.core_chat import CATALOG, Chat

OPENING = "champignonkwekerij bij grubbenvorst, polen plukken op stukloon onder het minimumloon"


def _at_the_danger_question() -> State:
    reply = handle(CATALOG, State(), Turn(text=OPENING))
    assert "direct gevaar" in reply.messages[-1].text
    return reply.state


def _calm_model() -> LearnedReading:
    return LearnedReading({"danger": {"acute": 0.05, "possible": 0.05, "none": 0.9}}, "none", calm=True)


@pytest.mark.parametrize("answer", [
    "geen geweld, geen opsluiting, niemand bedreigd voor zover zij weet",
    "niemand wordt geslagen of vastgehouden en er is niemand bedreigd",
    "nobody was beaten or locked up, they were not threatened",
])
def test_a_list_of_denied_dangers_is_a_no_and_the_route_goes_on(answer):
    reply = handle(CATALOG, _at_the_danger_question(), Turn(text=answer, learned=_calm_model()))
    shown = " ".join(m.text for m in reply.messages)
    assert "112" not in shown
    assert reply.state.answers.get("acute") == "nee"


def test_a_threat_told_as_past_or_conditional_is_no_no_to_the_danger_question():
    # w40: the condition of last week's threat has just been met; the question stays open.
    answer = "Vorige week dreigde meneer haar te laten verdwijnen als ze naar de SVB ging. Gisteren is ze gegaan."
    reply = handle(CATALOG, _at_the_danger_question(), Turn(text=answer, learned=_calm_model()))
    assert reply.state.answers.get("acute") != "nee"
    assert any(b.payload == "/acute_danger" for m in reply.messages for b in m.buttons)


def test_a_story_the_model_finds_calm_gets_the_question_again_without_112():
    answer = "ze is nu bij een vriendin in de stad en wil eerst rustig nadenken over wat ze gaat doen"
    reply = handle(CATALOG, _at_the_danger_question(), Turn(text=answer, learned=_calm_model()))
    shown = " ".join(m.text for m in reply.messages)
    assert "112" not in shown
    assert any(b.payload == "/acute_danger" for m in reply.messages for b in m.buttons)


def test_a_story_at_the_danger_question_without_a_model_still_gets_112():
    # No learned reading (the encoder is down): the safe side, as before.
    answer = "ze is nu bij een vriendin in de stad en wil eerst rustig nadenken over wat ze gaat doen"
    reply = handle(CATALOG, _at_the_danger_question(), Turn(text=answer))
    assert any("112" in m.text for m in reply.messages)


@pytest.mark.parametrize("learned, danger_asked", [(_calm_model(), False), (None, True)])
def test_a_question_after_the_advice_the_model_finds_calm_is_no_reason_to_ask_about_danger(learned, danger_asked):
    chat = Chat()
    chat.say("Den Haag. Een vrouw moet voor haar vriend klanten ontvangen, ze wil geen aangifte en geen hulp.")
    chat.say("nee")
    assert chat.ended, "the route reached its advice"
    reply = handle(CATALOG, chat.state, Turn(text="kan ik het dan toch doorgeven zonder dat zij dat weet", learned=learned))
    shown = " ".join(m.text for m in reply.messages)
    assert ("Is er nu direct gevaar" in shown) is danger_asked, shown


@pytest.mark.parametrize("answer", ["weet ik niet", "geen idee eigenlijk", "weet ik echt niet", "dunno"])
def test_not_knowing_whether_there_is_danger_goes_on_without_112_and_says_what_to_do_if_a_sign_comes(answer):
    reply = handle(CATALOG, _at_the_danger_question(), Turn(text=answer, learned=_calm_model()))
    shown = " ".join(m.text for m in reply.messages)
    assert "112" not in shown
    assert "Typ het hier" in shown
    assert reply.state.answers.get("acute") == "nee"
    danger = handle(CATALOG, reply.state, Turn(text="oh nee, hij slaat haar nu"))
    assert "112" in danger.messages[0].text


def test_what_the_victim_wants_told_at_the_danger_question_is_kept_and_the_question_comes_again_without_sorry():
    reply = handle(CATALOG, _at_the_danger_question(), Turn(text="ze wil eigenlijk niks, geen aangifte geen hulp",
                                                            learned=_calm_model()))
    shown = " ".join(m.text for m in reply.messages)
    assert reply.state.answers.get("need") == "zorgen"
    assert not shown.startswith("Sorry") and "Is er nu direct gevaar" in shown
