"""The reading of one message (bot/interpret.py), on its own."""

import pytest

from bot.interpret import (
    ANSWER, CORRECTION, FACTS, FOLLOW_UP, KNOWLEDGE, SMALL_TALK, UNCLEAR, interpret,
)
from tests.support.core_chat import CATALOG


def question(map_id, node):
    return CATALOG.maps.get(map_id).nodes[node]


def read(text, intent="nlu_fallback", confidence=0.9, pending=None, map_id="haaglanden", node=None):
    q = question(map_id, node) if node else None
    return interpret(CATALOG, text, intent, confidence, (), pending or (node or None), q)


def test_a_threat_in_answer_to_the_municipality_question_is_read_as_danger_and_place():
    reading = read("zoetermeer. ze fluistert dat hij haar vanavond komt halen", pending="gemeente")
    assert reading.danger.level == "possible"
    assert reading.municipality.municipality.name == "Zoetermeer" and reading.municipality.clear


def test_a_typo_inside_a_sentence_is_a_guess_to_confirm_or_a_clear_match():
    assert read("ik werk bij de gemeente zoetermer").municipality.municipality.name == "Zoetermeer"
    guess = read("heerlem", pending="gemeente").municipality
    assert guess.municipality.name == "Heerlen" and not guess.clear


@pytest.mark.parametrize("text", ["weet ik niet", "zeg ik liever niet", "geen idee eigenlijk"])
def test_not_knowing_or_not_saying_is_no_place(text):
    reading = read(text, pending="gemeente")
    assert reading.municipality is None and reading.declines_municipality


def test_a_name_ruled_out_is_not_taken():
    names = [g.municipality.name for g in read("ik bedoel Rijswijk, niet Rijssen").municipalities]
    assert names == ["Rijswijk (ZH.)"]


def test_a_negated_option_word_is_not_the_answer():
    reading = read("ze wil geen aangifte, wel hulp en onderdak", node="behoefte")
    assert reading.option == "steun"


@pytest.mark.parametrize("text", ["woonplek, ID, inkomen, iemand die hem begeleidt", "een woonruimte en een begeleider"])
def test_practical_needs_told_as_a_list_are_support(text):
    assert read(text, node="behoefte").option == "steun"


@pytest.mark.parametrize("text", ["hij wil ervan af en is bereid te vertellen wie het was", "dat er als gemeente iets mee gebeurt"])
def test_willing_to_tell_who_or_wanting_the_municipality_to_act_is_a_report(text):
    assert read(text, node="behoefte").option == "melden"


@pytest.mark.parametrize("text", [
    "cliënt heeft 3 auto’s op naam staan en 4.600 aan boetes, hij heeft geen rijbewijs",
    "een vriend wil een bankrekening op zijn naam openen, hij krijgt er 200 euro voor",
])
def test_cars_and_accounts_in_his_name_for_someone_else_are_criminal_exploitation(text):
    assert read(text).facts.get("form") == "crimineel"


def test_a_person_who_works_in_a_nail_salon_without_grip_is_a_person_signal():
    facts = read("een vrouw werkt vermoedelijk in een nagelsalon, ik krijg geen grip op haar").facts
    assert facts.get("subject") != "locatie" and facts["need"] == "zorgen"


def test_a_signal_about_the_place_itself_is_a_location_signal():
    facts = read("den haag. massagesalon, de hele avond mannen in en uit. het gaat me om die zaak").facts
    assert facts["subject"] == "locatie"


@pytest.mark.parametrize("text,topic", [
    ("wat is eigenlijk het verschil met mensensmokkel?", "smuggling"),
    ("wordt zij zelf niet gestraft?", "non_punishment"),
    ("wat als ze minderjarig is?", "minors"),
])
def test_knowledge_questions_inside_a_route_are_knowledge(text, topic):
    reading = read(text, node="behoefte")
    assert reading.kind == KNOWLEDGE and reading.knowledge == topic and reading.option is None


@pytest.mark.parametrize("text,kind", [
    ("welk nummer bel ik?", "contacts"),
    ("naar wie kan ik dit nog meer doorzetten?", "more"),
    ("wat moet ik nu doen?", "next_step"),
    ("wat moet ik klaarleggen voor ik bel?", "contacts"),
])
def test_follow_ups(text, kind):
    reading = read(text)
    assert reading.kind == FOLLOW_UP and reading.follow_up == kind


def test_kinds_of_message():
    assert read("2", node="behoefte").kind == ANSWER
    assert read("nee sorry, ze wil wel hulp", node="vorm").kind == CORRECTION
    assert read("het gaat om arbeidsuitbuiting in een kas", node="behoefte").kind == FACTS
    assert read("hoi", intent="greet").kind == SMALL_TALK
    assert read("blablabla qwerty").kind == UNCLEAR


@pytest.mark.parametrize("text,value", [
    ("yes", "ja"), ("nope", "nee"), ("not sure", "nee"), ("nee hoor", "nee"), ("zeker niet", None),
])
def test_yes_and_no_at_the_danger_question(text, value):
    assert read(text, node="acuut").option == value


@pytest.mark.parametrize("text,value", [
    ("de kok", "persoon"), ("de nachtwinkel", "locatie"), ("the woman", "persoon"), ("just a gut feeling", "twijfel"),
])
def test_short_answers_to_what_the_signal_is_about(text, value):
    assert read(text, node="onderwerp").option == value
