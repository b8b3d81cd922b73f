"""Location checklist → anonymised handover summary (bot/handover.py, the questions in the maps)."""

import re

import pytest

from bot import handover
from bot.catalog import load_catalog
from tests.support.core_chat import Chat

CATALOG = load_catalog()

# A conversation full of identifiers, as a professional might type it.
NAMES = ["Piet Jansen", "Ahmed", "Jansen"]
IDENTIFIERS = ["Piet", "Jansen", "Ahmed", "Breestraat", "06-12345678", "0612345678", "XX-123-B",
               "ahmed@example.com", "2312 AB", "NL91ABNA0417164300"]
ANSWERS = [
    "Een nagelsalon aan de Breestraat 12, 2312 AB Leiden, van eigenaar Piet Jansen",
    "Vrouwen werken tot laat, Ahmed neemt het geld in, zijn nummer is 06-12345678",
    "gisteren rond 22:00 uur",
    "ongeveer 5 mensen",
    "matrassen achter de salon, een busje met kenteken XX-123-B brengt ze",
    "Ahmed bewaart de paspoorten, mail ahmed@example.com, loon gaat naar NL91ABNA0417164300",
]


def _to_location_outcome(chat):
    chat.say("Ik werk in Leiden")
    chat.say("nee, geen direct gevaar")
    chat.click(chat.button("subject:locatie"))
    return chat.click(chat.button("location_signal:arbeid"))


def test_every_map_offers_the_checklist_from_the_data():
    for route_map in CATALOG.maps.maps.values():
        checklist = CATALOG.maps.checklist_for(route_map)
        assert [i.key for i in checklist.items] == ["plek", "gezien", "wanneer", "aantal", "wonen", "controle"]


def test_a_location_outcome_offers_the_handover_and_a_person_outcome_does_not():
    chat = Chat()
    _to_location_outcome(chat)
    assert any("overdracht:start" in b.payload for b in chat.buttons())
    person = Chat()
    person.say("Ik werk in Leiden")
    person.say("geen direct gevaar, het gaat om een vrouw")
    person.click(person.button("need:zorgen"))
    assert not any("overdracht" in b.payload for b in person.buttons())


@pytest.mark.timeout(600)
def test_the_handover_summary_holds_the_checklist_and_no_identifier_from_the_conversation():
    chat = Chat()
    _to_location_outcome(chat)
    out = chat.click(chat.button("overdracht:start"))
    assert "zes korte vragen" in out and "Wat voor plek is het?" in out
    for answer in ANSWERS:
        out = chat.say(answer)
    summary = next(m for m in chat.last if m.custom and m.custom.get("type") == "handover_summary").text
    assert summary.startswith("Overdracht voor de intake")
    assert "Gemeente: Leiden" in summary and "nagelsalon" in summary and "5 mensen" in summary
    assert "matrassen" in summary and "paspoorten" in summary and "22:00" in summary
    for identifier in IDENTIFIERS:
        assert identifier.lower() not in summary.lower(), identifier
    assert not re.search(r"\b\d{2}-?\d{8}\b", summary)
    # Only redacted text is kept between turns (the state goes into Rasa's tracker store).
    assert chat.state.handover is None
    assert "Kopieer deze tekst" in out
    # The route is still done: the follow-up buttons are there again.
    assert any(b.payload == "/restart_route" for b in chat.buttons())


def test_the_checklist_can_skip_go_back_and_is_interrupted_by_danger():
    redactor = lambda text: text  # noqa: E731 - the real one is tested above; this test is about the flow
    checklist = CATALOG.maps.checklist_for(CATALOG.maps.national)
    answers = handover.record(checklist, {}, "een loods", redactor)
    answers = handover.record(checklist, answers, "weet ik niet", redactor)
    assert answers == {"plek": "een loods", "gezien": handover.UNKNOWN_ANSWER}
    assert handover.step_back(checklist, answers) == {"plek": "een loods"}

    chat = Chat()
    _to_location_outcome(chat)
    chat.click(chat.button("overdracht:start"))
    out = chat.click(chat.button("overdracht:overslaan"))
    assert "Wat heb je gezien" in out
    out = chat.say("terug", "go_back")
    assert "Wat voor plek is het?" in out
    out = chat.say("hij slaat haar nu, ze kan niet weg")
    assert "112" in out
    assert "overdracht" not in " ".join(b.payload for b in chat.buttons())


def test_stop_ends_the_checklist():
    chat = Chat()
    _to_location_outcome(chat)
    chat.click(chat.button("overdracht:start"))
    chat.say("stop", "stop")
    assert chat.state.handover is None
