"""Whole conversations against the domain core (no Rasa): what the professional sees."""

from bot.messages import choice_payload
from tests.support.core_chat import Chat


def test_heerlen_labour_case_skips_known_answers_and_reaches_nla():
    chat = Chat()
    out = chat.say("Bij een controle in Heerlen zag ik arbeidsmigranten die in een loods slapen, "
                   "hun paspoorten zijn ingenomen, geen direct gevaar", "signal_labour")
    assert "Zuid-Limburg" in out
    assert "gevaar" not in chat.last[-1].text.lower()  # the acute question is skipped
    assert chat.buttons(), "every question has buttons"
    melden = next(b for b in chat.buttons() if "melden" in b.payload)
    out = chat.click(melden.payload)
    assert "0800-5151" in out
    assert "aandachtsfunctionaris" in out
    assert chat.ended[-1].outcome.code == "persoon.arbeid.nla"
    card = next(m.custom for m in chat.last if m.custom)
    assert card["type"] == "contact_card"


def test_rotterdam_gut_feeling_reaches_essm_advice_line():
    chat = Chat()
    chat.say("hoi", "greet")
    chat.say("nee", "deny")
    chat.say("ik werk in rotterdam", "inform_municipality")
    out = chat.say("ik heb een niet-pluis gevoel bij een nagelstudio", "doubt")
    assert "010 236 52 56" in out
    assert "liever" in out.lower()  # partners would rather be called once too often


def test_den_haag_victim_wants_shelter_reaches_shop():
    chat = Chat()
    chat.say("gemeente Den Haag, het slachtoffer wil opvang", "need_support")
    out = chat.say("nee", "deny")
    assert "SHOP" in out and "070-3614747" in out


def test_acute_danger_mid_route_gives_112():
    chat = Chat()
    chat.say("ik werk in Hilversum", "inform_municipality")
    chat.say("nee", "deny")
    out = chat.say("hij wordt nu geslagen", "signal_labour")
    assert "112" in out
    assert chat.ended[-1].kind == "acute"


def test_outside_seed_regions_uses_the_safety_regions_map():
    chat = Chat()
    out = chat.say("ik werk in Zwolle", "inform_municipality")
    assert "IJsselland" in out and "vijf regio" not in out
    chat.click(choice_payload("acute", "nee"))
    chat.click(choice_payload("subject", "persoon"))
    out = chat.click(choice_payload("need", "steun"))
    # IJsselland's map says the zorgcoördinator is unknown: the national overview, and it says so.
    assert "wegwijzermensenhandel.nl/zorgcoordinatoren" in out and "IJsselland" in out and "landelijk" in out


def test_typed_option_numbers_and_typos_work():
    chat = Chat()
    chat.say("Ik werk in Maastricht")
    chat.say("nee", "deny")
    chat.say("1")  # over een persoon
    out = chat.say("weet ik niet", "dont_know")
    assert chat.ended[-1].outcome.code == "twijfel.advies"
    assert "Veilig Thuis" in out


def test_unknown_choice_payload_is_refused_politely_and_the_question_repeated():
    chat = Chat()
    chat.say("ik werk in Rotterdam")
    out = chat.click('/choose{"keuze":"bestaat_niet:x"}')
    assert "ken ik niet" in out
    assert chat.buttons()


def test_back_and_restart():
    chat = Chat()
    chat.say("ik werk in Rotterdam")
    chat.click(choice_payload("acute", "nee"))
    chat.click(choice_payload("subject", "locatie"))
    out = chat.say("terug", "go_back")
    assert "terug" in out.lower()
    assert chat.state.answers == {"acute": "nee"}
    out = chat.say("opnieuw", "restart_route")
    assert chat.state.answers == {} and chat.state.municipality == "GM0599"


def test_stop_after_facts_ends_as_stopped_route():
    chat = Chat()
    chat.say("in Dordrecht werkt een meisje in een massagesalon, loverboy", "signal_sexual")
    out = chat.say("stop", "stop")
    assert chat.ended[-1].kind == "stopped"
    assert "aandachtsfunctionaris" in out


def test_knowledge_question_mid_route_answers_and_repeats_the_question():
    chat = Chat()
    chat.say("ik werk in Heerlen")
    out = chat.say("wat gebeurt er na een melding?", "knowledge_after_report")
    assert "screeningstafel" in out.lower() or "classific" in out.lower() or "vier" in out.lower()
    assert chat.buttons()


def test_empty_and_huge_messages_get_a_polite_answer():
    chat = Chat()
    assert "leeg" in chat.say("", "nlu_fallback")
    out = chat.say("x" * 5000, "nlu_fallback")
    assert "lang" in out


def test_after_112_the_professional_can_say_there_is_no_danger_and_continue_with_the_facts():
    chat = Chat()
    out = chat.say("Leerplicht Dordrecht hier. Jongen van 15 moet drugs verkopen en wordt bedreigd", "acute_danger")
    assert "112" in out and chat.ended[-1].kind == "acute"
    cont = next(b for b in chat.buttons() if "acute:nee" in b.payload)
    chat.click(cont.payload)
    assert chat.state.municipality == "GM0505" and chat.state.answers.get("form") == "crimineel"
    out = chat.click(choice_payload("need", "melden"))
    assert "0900-8844" in out
