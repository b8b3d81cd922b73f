"""Whole conversations against the core for every way the independent checks saw it fail:
danger told while another question is pending, negation, follow-ups after the outcome,
knowledge mid-route, corrections, guesses that must not overwrite facts, municipality
checks, minors."""

import pytest

from bot import texts
from tests.support.core_chat import Chat


def started(first="ik werk in Zoetermeer"):
    chat = Chat()
    chat.say(first)
    return chat


# --- 1. danger first, whatever question is pending -------------------------------------

def test_danger_told_in_answer_to_the_municipality_question_gets_112_in_that_reply():
    chat = Chat()
    chat.say("hoi, ik heb een vraag over een vrouw hier aan de balie")
    chat.say("nee")
    assert chat.state.pending == "gemeente"
    out = chat.say("zoetermeer. ze is net terug en fluistert dat hij haar vanavond komt halen en slaat als ze nee zegt")
    assert "112" in out
    assert chat.state.pending == "acuut", "the danger question is asked, not 'Wat is er nu nodig?'"
    assert chat.state.municipality == "GM0637", "the municipality in the same message is kept"


def test_danger_typed_as_the_answer_to_the_danger_question_without_ja_is_a_yes():
    chat = started()
    out = chat.say("hij staat nu beneden en zegt dat hij haar meeneemt")
    assert "112" in out
    assert chat.ended[-1].kind == "acute"


def test_danger_told_in_answer_to_the_need_question_gets_112():
    chat = started("Den Haag, vrouw in een massagesalon")
    chat.say("nee")
    out = chat.say("hulp, ze belde vanuit de salon, ze is daar ingesloten en mag er niet uit")
    assert "112" in out
    assert chat.state.pending == "acuut" and chat.state.answers["form"] == "seksueel"


def test_a_threat_asks_whether_the_danger_is_now_and_no_goes_on_with_the_facts():
    chat = started()
    chat.say("nee")
    out = chat.say("de baas dreigt hem in elkaar te slaan als hij met ons praat, hij werkt in een kas")
    assert "112" in out and chat.state.pending == "acuut"
    out = chat.say("nee, nu niet")
    assert "112" not in out
    assert chat.state.answers["form"] == "arbeid"


def test_danger_in_english_gets_112():
    chat = started()
    assert "112" in chat.say("she says they locked the door and he comes to get her tonight")


def test_a_story_ending_in_geen_direct_gevaar_is_not_acute_and_not_recorded_as_acute():
    chat = Chat()
    out = chat.say("Ik werk in Rijswijk, ze worden bedreigd als ze klagen over hun loon, geen direct gevaar")
    assert "112" not in out
    assert chat.state.answers["acute"] == "nee"


def test_a_story_typed_at_the_danger_question_that_is_neither_yes_nor_no_is_answered_on_the_safe_side():
    chat = started()
    out = chat.say("ik weet niet goed wat ik moet denken van hoe hij naar haar keek gisteren")
    assert "112" in out and chat.state.pending == "acuut"
    assert texts.NOT_UNDERSTOOD not in out


def test_a_message_without_any_danger_cue_does_not_mention_112():
    chat = started()
    chat.say("nee")
    out = chat.say("blablabla qwerty")
    out += chat.say("asdf")
    assert "112" not in out


# --- 2. after the outcome ---------------------------------------------------------------

def labour_outcome():
    chat = started()
    chat.say("nee")
    chat.say("arbeidsmigranten in een kas, ze willen het melden bij de inspectie")
    assert chat.ended and "0800-5151" in "\n".join(m.text for m in chat.last)
    return chat


def test_which_number_after_the_outcome_gives_the_contacts_again():
    chat = labour_outcome()
    out = chat.say("welk nummer bel ik?")
    assert "0800-5151" in out and texts.ROUTE_DONE not in out
    assert len(chat.ended) == 1, "asking again records nothing new"


def test_who_else_after_the_outcome_gives_the_other_branch_and_the_internal_step():
    chat = labour_outcome()
    out = chat.say("naar wie kan ik dit nog meer doorzetten?")
    assert "070-3614747" in out or "SHOP" in out
    assert "aandachtsfunctionaris" in out


def test_a_new_fact_after_the_outcome_starts_a_route_that_keeps_what_is_known():
    chat = Chat()
    chat.say("Delft, een vrouw wil met de politie praten over seks met mannen, geen direct gevaar")
    assert "0900-8844" in "\n".join(m.text for m in chat.last)
    out = chat.say("nee wacht, met diensten bedoelt ze schoonmaken, het lijkt toch arbeidsuitbuiting")
    assert "0800-5151" in out
    assert "Is er nu direct gevaar" not in out


def test_a_double_click_on_the_last_button_records_once():
    chat = started()
    chat.say("nee")
    chat.click(chat.button("subject:persoon"))
    payload = chat.button("need:steun")
    chat.click(payload)
    chat.click(payload)
    assert len(chat.ended) == 1


# --- 3. knowledge mid-route, corrections ----------------------------------------------

@pytest.mark.parametrize("question,words", [
    ("wat is eigenlijk het verschil met mensensmokkel?", "smokkel"),
    ("wordt zij zelf niet gestraft?", "gestraft"),
])
def test_a_knowledge_question_is_answered_and_the_route_resumes(question, words):
    chat = started()
    chat.say("nee")
    chat.say("het gaat om een vrouw")
    pending = chat.state.pending
    out = chat.say(question)
    assert words in out
    assert chat.state.pending == pending, "the same question is asked again"
    assert chat.buttons()


def test_a_correction_changes_the_answer():
    chat = started()
    chat.say("nee")
    chat.say("het gaat om een meisje, ze wil aangifte doen")
    assert chat.state.answers["need"] == "melden"
    chat.say("nee sorry, ze wil geen aangifte, ze wil wel hulp en onderdak")
    assert chat.state.answers["need"] == "steun"
    assert "070-3614747" in "\n".join(m.text for m in chat.last)


def test_a_domestic_worker_who_wants_help_and_shelter_goes_to_the_zorgcoordinator():
    chat = Chat()
    out = chat.say("Wassenaar. huishoudster bij een gezin, paspoort ingenomen, wil geen aangifte, wel hulp en onderdak. geen direct gevaar")
    assert "070-3614747" in out and "0800-5151" not in out


def test_a_nail_salon_worker_without_grip_is_a_person_signal():
    chat = Chat()
    out = chat.say("Rijswijk. een vrouw werkt vermoedelijk in een nagelsalon, ze zegt niks, geen grip. niet acuut")
    assert "070-7570900" in out, "Zorg- en Veiligheidshuis for serious worries, not the location route"


# --- 4. the municipality ------------------------------------------------------------------

def test_weet_ik_niet_at_the_municipality_question_is_not_weert():
    chat = Chat()
    chat.say("hallo")
    chat.say("nee")
    out = chat.say("weet ik niet")
    assert "Weert" not in out
    assert chat.state.municipality == "onbekend"


def test_an_unclear_municipality_is_confirmed_first():
    chat = Chat()
    chat.say("hallo")
    chat.say("nee")
    out = chat.say("heerlem")
    assert "Bedoel je de gemeente Heerlen?" in out
    out = chat.say("ja")
    assert chat.state.municipality == "GM0917" and "Zuid-Limburg" in out


def test_a_typo_inside_a_sentence_is_found():
    chat = Chat()
    out = chat.say("ik werk bij de gemeente zoetermer en heb een signaal")
    assert "Zoetermeer" in out and chat.state.municipality == "GM0637"


def test_what_a_message_adds_is_said_in_one_line():
    chat = Chat()
    out = chat.say("Ik werk in Rijswijk en het gaat om arbeidsuitbuiting in een kas")
    assert "Rijswijk" in out and "het gaat om werk" in out


# --- 5. minors ------------------------------------------------------------------------------

def test_a_minor_gets_what_changes_at_the_outcome():
    chat = Chat()
    out = chat.say("Heerlen. meisje van 15 moet met mannen mee voor geld, ze wil met de politie praten, niet acuut")
    assert "0900-8844" in out
    assert "onder de 18" in out and "dwang" in out and "Veilig Thuis" in out


def test_saying_the_signal_is_about_the_place_overrides_a_guess():
    chat = Chat()
    chat.say("Zaanstad. een buurman heeft steeds nieuwe mensen in huis wonen, arbeidsmigranten denk ik. geen gevaar")
    chat.say("het gaat om het huis")
    assert chat.state.answers["subject"] == "locatie" and "need" not in chat.state.answers


def test_thanks_after_the_advice_is_answered_politely():
    chat = labour_outcome()
    assert texts.THANKS in chat.say("bedankt!")


def test_asking_who_else_can_help_him_gives_the_support_branch():
    chat = Chat()
    chat.say("Ik werk in Schiedam. Jongen van 17 moet pakketjes rondbrengen, hij wil met de politie praten. Geen direct gevaar.")
    out = chat.say("kan ik ook iemand bellen voor hulp voor hem?")
    assert "010 236 52 56" in out  # ESSM, the regional zorgcoördinatie
