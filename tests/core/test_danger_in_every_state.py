"""Danger wins in every state of the conversation (issue 18, section 3; failure 1 as a class).

Whatever the assistant waits for — the first message, any route question, the municipality
or its confirmation, the location checklist, a name and phone number, or nothing because the
advice was given — a message that tells of danger gets 112 first, in that very reply. A
message that takes back an earlier "geen gevaar" always gets 112.
"""

import pytest

from bot import texts
from bot.dialogue import Turn
from bot.dialogue.conversation import Conversation, respond
from tests.support.core_chat import CATALOG, Chat

DANGER_NOW = "hij slaat haar nu, ik hoor haar gillen"


def _112_first(out: str, question: str = "") -> None:
    assert "112" in out, out
    if question and question in out:
        assert out.index("112") < out.index(question), "112 comes before the question that was pending"


def _at(*steps):
    chat = Chat()
    for step in steps:
        if step.startswith("/"):
            chat.click(step)
        else:
            chat.say(step)
    return chat


STATES = {
    # name: (how to get there, the question that is pending there)
    "before_the_route": ((), None),
    "danger_question": (("hoi",), "acuut"),
    "municipality_question": (("hoi", "nee"), "gemeente"),
    "municipality_confirmation": (("ik werk in heerlem",), "gemeente"),
    "subject_question": (("ik werk in Delft", "nee"), "onderwerp"),
    "need_question": (("ik werk in Delft", "nee", "persoon"), "behoefte"),
    "form_question": (("ik werk in Delft", "nee", "persoon", '/choose{"keuze": "need:melden"}'), "vorm"),
    "location_question": (("ik werk in Delft", "nee", '/choose{"keuze": "subject:locatie"}'), "locatie_signaal"),
    "after_the_advice": (("ik werk in Delft", "nee", "persoon", '/choose{"keuze": "need:steun"}'), None),
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_danger_now_gets_112_first_whatever_is_pending(state):
    steps, pending = STATES[state]
    chat = _at(*steps)
    assert chat.state.pending == pending
    out = chat.say(DANGER_NOW)
    _112_first(out, "Bedoel je de gemeente")
    assert "Deze route is klaar" not in out
    assert chat.ended and chat.ended[-1].kind == "acute"


def test_danger_while_a_municipality_confirmation_is_pending_does_not_wait_for_it():
    chat = _at("ik werk in heerlem")
    assert "Bedoel je de gemeente Heerlen?" in "\n".join(m.text for m in chat.last)
    out = chat.say("ze wordt nu vastgehouden in de kelder")
    _112_first(out)
    assert "Bedoel je" not in out, "112 never waits on the municipality"


@pytest.mark.parametrize("answer", ["ja", "ja, hij heeft het over vannacht en hij reageert niet"])
def test_yes_to_the_danger_question_gets_112_before_the_municipality_is_known(answer):
    chat = Chat()
    chat.say("Een verzorger bij een budgethouder stuurde me net een raar bericht")
    out = chat.say(answer)
    assert out.startswith("Bel nu 112"), out
    assert "In welke gemeente" not in out


def test_danger_inside_the_location_checklist_gets_112():
    chat = _at("ik werk in Den Haag", "nee", '/choose{"keuze": "subject:locatie"}',
               '/choose{"keuze": "location_signal:prostitutie"}')
    chat.click(chat.button("overdracht"))
    assert chat.state.handover is not None
    out = chat.say("er komt nu een man met een mes naar buiten")
    _112_first(out)


@pytest.mark.parametrize("text", [
    DANGER_NOW,
    "hij staat nu beneden met een honkbalknuppel",
    "ze is net in een busje getrokken",
])
def test_danger_typed_where_a_name_and_phone_number_were_asked_is_no_contact(text):
    chat = _at("ik werk in Delft", "nee", "persoon", '/choose{"keuze": "need:steun"}')
    conversation = Conversation(route=chat.state, given_code="SR-AAAA-AA", awaiting_contact=True, contact_asked_at=100.0)
    step = respond(CATALOG, conversation, Turn(text, "nlu_fallback", 0.4), now=110.0)
    assert step.effect is None or type(step.effect).__name__ != "SaveReporterContact"
    assert "112" in "\n".join(m.text for m in step.messages)


# --- failure 1 as a class: "geen gevaar" taken back after the advice ------------------------

def _after_advice():
    chat = _at("Heerlen, arbeidsmigranten in een loods willen het melden bij de inspectie, geen direct gevaar")
    assert chat.state.finished
    return chat


@pytest.mark.parametrize("text", [
    "ik zei geen gevaar, maar nu staan de eigenaar en twee mannen bij de voordeur",
    "er is toch wel gevaar, ze hebben zich in de wc opgesloten",
    "het is nu wel acuut",
    "correctie: toch direct gevaar",
    "sorry, geen gevaar klopt niet meer, ze bonken op de deur",
    "update: there is danger now after all",
])
def test_taking_back_geen_gevaar_after_the_advice_always_gets_112(text):
    chat = _after_advice()
    out = chat.say(text)
    _112_first(out)
    assert "Deze route is klaar" not in out


@pytest.mark.parametrize("text", [
    "ik zei net geen direct gevaar maar hij is er weer",
    "toch gevaarlijk, hij is terug",
])
def test_taking_back_geen_gevaar_mid_route_gets_112(text):
    chat = _at("ik werk in Delft", "nee", "persoon")
    _112_first(chat.say(text))


@pytest.mark.parametrize("text", [
    "de eigenaar en zijn neven rijden al een uur rondjes door de straat van haar vriendin",
    "ze zitten allebei in de badkamer en durven er niet uit, er wordt aangebeld",
    "haar collega krijgen we niet wakker en de kachel staat aan in die kleine kamer",
])
def test_a_story_after_the_advice_is_never_answered_with_route_klaar(text):
    chat = _after_advice()
    out = chat.say(text)
    assert "Deze route is klaar" not in out
    assert "112" in out or "Is er nu direct gevaar" in out, out


def test_small_talk_after_the_advice_still_gets_a_short_answer():
    chat = _after_advice()
    out = chat.say("bedankt!")
    assert texts.THANKS in out
    assert "112" not in out


@pytest.mark.parametrize("text", [
    "gevaar is er toch niet, ze wil alleen hulp",
    "er is toch geen gevaar",
    "het is toch wel gevaarlijk werk, zonder helm op de steigers",
])
def test_words_like_toch_and_gevaar_that_take_nothing_back_get_no_112(text):
    chat = _at("ik werk in Delft", "nee", "persoon")
    assert "112" not in chat.say(text)


def test_danger_after_the_advice_says_the_reference_code_stays_instead_of_promising_a_new_one():
    chat = Chat()
    chat.say("Zwolle. een vrouw werkt in een nagelsalon, de baas houdt haar paspoort in, geen direct gevaar. ze wil hulp")
    assert chat.ended, "the route reached its advice"
    out = chat.say("oh wacht, de baas staat nu buiten en zegt dat hij haar vanavond meeneemt")
    assert "112" in out
    assert "referentiecode blijft dezelfde" in out and texts.ACUTE_NEXT not in out
