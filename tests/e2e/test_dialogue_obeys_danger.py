"""The dialogue through the real Rasa server and action server (REST), issue 18 sections 3-6.

Each failure of the issue is covered as a class, with several wordings written for this test:
1. danger after the advice, "geen gevaar" taken back;
5. places that are not municipalities, also while danger is told;
6. places read as persons;
7. dead ends;
8. the wrong branch;
plus danger typed behind a "/" and danger while a municipality confirmation is pending.
"""

import json
import uuid

import pytest

from bot import texts

pytestmark = pytest.mark.e2e


def _text(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or json.dumps(r.get("custom") or {}, ensure_ascii=False) for r in replies)


class Talk:
    def __init__(self, stack, name):
        self.stack, self.sender = stack, f"e2e-18-{name}-{uuid.uuid4().hex[:6]}"
        self.replies: list[dict] = []

    def say(self, message: str) -> str:
        self.replies = self.stack.send(self.sender, message)
        assert self.replies, f"no answer to {message!r}"
        out = _text(self.replies)
        assert "Traceback" not in out
        return out

    def click(self, choice: str) -> str:
        return self.say("/choose" + json.dumps({"keuze": choice}))

    def buttons(self) -> list[dict]:
        return [b for r in self.replies for b in r.get("buttons") or []]


def _112_first(out: str, question: str) -> None:
    assert "112" in out, out
    if question in out:
        assert out.index("112") < out.index(question), "112 comes before the pending question"


# --- danger typed behind a slash -------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "/ hij slaat haar nu",
    "/ze wordt nu vastgehouden in de kelder",
    "/ er staat een man met een mes voor de deur",
    "//help hij sluit haar op",
    "/ they locked her in the room",
])
def test_danger_typed_behind_a_slash_gets_112(stack, message):
    talk = Talk(stack, "slash")
    out = talk.say(message)
    assert "112" in out, out
    assert texts.EMPTY_MESSAGE not in out


def test_a_typed_slash_mid_route_is_read_as_the_answer(stack):
    talk = Talk(stack, "slash-route")
    talk.say("ik werk in Delft")
    talk.say("nee")
    out = talk.say("/ het gaat om een vrouw")
    assert "Wat is er nu nodig?" in out
    assert texts.EMPTY_MESSAGE not in out


def test_the_assistants_own_buttons_keep_working(stack):
    talk = Talk(stack, "buttons")
    assert "112" in talk.say("/acute_danger")
    talk = Talk(stack, "buttons2")
    out = talk.say('/choose{"keuze": "gemeente:GM0518"}')
    assert "Den Haag" in out


# --- failure 1: danger after the advice ------------------------------------------------------

ADVICE = "Heerlen, arbeidsmigranten in een loods willen het melden bij de inspectie, geen direct gevaar"


@pytest.mark.parametrize("message", [
    "ik zei geen gevaar, maar nu staan de eigenaar en twee mannen bij de voordeur te bonken",
    "er is toch wel gevaar, ze hebben zich in de badkamer opgesloten",
    "correctie: toch direct gevaar, hij is net binnengekomen",
    "het is nu wel acuut, ze slaan op de deur",
])
def test_taking_back_geen_gevaar_after_the_advice_gets_112(stack, message):
    talk = Talk(stack, "after")
    assert "0800-5151" in talk.say(ADVICE)
    out = talk.say(message)
    assert "112" in out, out
    assert "Deze route is klaar" not in out


def test_a_story_after_the_advice_gets_the_danger_question_not_route_klaar(stack):
    talk = Talk(stack, "story")
    talk.say(ADVICE)
    out = talk.say("de baas en zijn broers rijden al een uur rondjes door de straat waar ze nu is")
    assert "Deze route is klaar" not in out
    assert "112" in out or "Is er nu direct gevaar" in out


def test_danger_while_the_municipality_is_being_confirmed_does_not_wait(stack):
    talk = Talk(stack, "confirm")
    assert "Bedoel je de gemeente Heerlen?" in talk.say("ik werk in heerlem")
    out = talk.say("hij slaat haar nu")
    assert "112" in out
    assert "Bedoel je" not in out


def test_danger_typed_where_a_name_and_number_were_asked_gets_112(stack):
    talk = Talk(stack, "contact")
    talk.say("ik werk in Delft, een vrouw wil hulp en onderdak, geen direct gevaar")
    assert any("contact:ja" in b["payload"] for b in talk.buttons())
    talk.click("contact:ja")
    out = talk.say("hij staat nu beneden met een mes")
    assert "112" in out
    assert "kan nu contact met je opnemen" not in out


# --- failure 5: places that are not municipalities -------------------------------------------

@pytest.mark.parametrize("message, region", [
    ("ik werk in moerwijk", "Haaglanden"),
    ("wijkteam Schilderswijk", "Haaglanden"),
    ("ik zit in Rotterdam-Zuid", "Rotterdam"),
    ("balie in Katwijk aan Zee", "Hollands Midden"),
    ("wijkagent Heerlen-Noord", "Zuid-Limburg"),
])
def test_a_neighbourhood_maps_to_its_municipality(stack, message, region):
    talk = Talk(stack, "place")
    out = talk.say(message)
    assert region in out
    assert "Bedoel je" not in out


@pytest.mark.parametrize("message", [
    "Moerwijk. hij slaat haar nu",
    "Schilderswijk, er staat een man met een mes bij haar deur",
])
def test_danger_told_with_a_neighbourhood_gets_112_and_no_municipality_question(stack, message):
    talk = Talk(stack, "place-danger")
    out = talk.say(message)
    assert "112" in out
    assert "Bedoel je" not in out


def test_a_place_in_two_municipalities_gets_a_choice(stack):
    talk = Talk(stack, "choice")
    out = talk.say("ik werk in Zevenhuizen")
    assert "meer dan één gemeente" in out
    titles = {b["title"] for b in talk.buttons()}
    assert {"Zuidplas", "Westerkwartier"} <= titles


# --- failure 6: places read as persons -------------------------------------------------------

@pytest.mark.parametrize("message", [
    "Den Haag, geen direct gevaar. In een bovenwoning komen steeds andere jonge vrouwen wonen",
    "Zoetermeer, niet acuut. Een vakantiebungalow staat op een sekssite, waar meld ik zo'n adres?",
    "Rotterdam, geen gevaar. Op een bouwplaats slapen arbeiders in containers",
])
def test_a_signal_about_a_place_is_not_asked_what_the_victim_wants(stack, message):
    talk = Talk(stack, "location")
    out = talk.say(message)
    assert "Wat is er nu nodig?" not in out
    assert "plek of een bedrijf" in out


# --- failure 7: dead ends ----------------------------------------------------------------------

@pytest.mark.parametrize("answers", [("blabla", "hmm tja"), ("de koffie is op", "wacht even")])
def test_the_need_question_is_never_asked_a_third_time(stack, answers):
    talk = Talk(stack, "deadend")
    talk.say("ik werk in Zoetermeer")
    talk.say("nee")
    asked = talk.say("het gaat om een vrouw").count("Wat is er nu nodig?")
    for answer in answers:
        asked += talk.say(answer).count("Wat is er nu nodig?")
    assert asked <= 2
    assert "Wat ik tot nu toe weet" in _text(talk.replies)


@pytest.mark.parametrize("answer, expected", [
    ("die wil nog geen aangifte en geen hulp", ("070-7570900",)),
    ("ze weet zelf niet wat ze wil", ("070-3614747",)),
    # the report route: the form is asked, or already known from the story (police or inspectorate)
    ("zij niet, maar ik wil het melden", ("Om welke vorm", "0900-8844", "0800-5151")),
])
def test_answers_beyond_the_buttons_have_a_route(stack, answer, expected):
    talk = Talk(stack, "need")
    talk.say("ik werk in Den Haag")
    talk.say("nee")
    talk.say("het gaat om een vrouw")
    out = talk.say(answer)
    assert any(e in out for e in expected), out
    assert texts.NOT_UNDERSTOOD not in out


# --- failure 8: the wrong branch -------------------------------------------------------------

def test_labour_at_a_hair_salon_goes_to_the_nla(stack):
    talk = Talk(stack, "salon")
    out = talk.say("Den Haag, geen direct gevaar. In een kapsalon slapen vrouwen en de eigenaar houdt hun paspoorten")
    if "0800-5151" not in out:
        out = talk.click("location_signal:arbeid")
    assert "0800-5151" in out
    assert "HEIT Malafide" not in out


def test_a_victim_who_wants_the_police_with_the_form_unknown_reaches_the_avim(stack):
    talk = Talk(stack, "police")
    talk.say("ik werk in Rotterdam")
    talk.say("nee")
    talk.say("het gaat om een man")
    talk.say("hij wil met de politie praten")
    out = talk.say("weet ik niet")
    assert "0900-8844" in out
