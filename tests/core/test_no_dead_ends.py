"""No dead ends (issue 18, section 4; failure 7 as a class).

No question is asked a third time in a row. After a second misreading the assistant says what
it understood, takes the general route for the facts it has (with the other answers as buttons)
and moves on. What the victim wants has answers beyond the buttons: wanting nothing (yet), not
knowing, and the professional reporting anyway each have a route.
"""

import pytest

from bot import texts
from bot.dialogue import Turn
from tests.support.core_chat import Chat

UNREADABLE = [("blabla", "hmm tja"), ("de koffie is op", "wacht even mijn collega belt"), ("???", "pfff lastig")]


def _started(*steps):
    chat = Chat()
    for step in steps:
        if step.startswith("/"):
            chat.click(step)
        else:
            chat.say(step)
    return chat


QUESTIONS = {
    "danger": ((), "Is er nu direct gevaar"),
    "municipality": (("hoi", "nee"), "In welke gemeente werk je"),
    "subject": (("ik werk in Zoetermeer", "nee"), "Waar gaat je signaal over"),
    "need": (("ik werk in Zoetermeer", "nee", "persoon"), "Wat is er nu nodig"),
    "form": (("ik werk in Zoetermeer", "nee", "persoon", '/choose{"keuze": "need:melden"}'), "Om welke vorm"),
    "location": (("ik werk in Zoetermeer", "nee", '/choose{"keuze": "subject:locatie"}'), "Wat zie je op die plek"),
}


@pytest.mark.parametrize("answers", UNREADABLE)
@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_no_question_is_asked_a_third_time(question, answers):
    steps, words = QUESTIONS[question]
    chat = _started(*(steps or ("hoi",)))
    asked = sum(m.text.count(words) for m in chat.last)
    assert asked == 1, f"the {question} question is pending"
    for answer in answers:
        asked += chat.say(answer).count(words)
    assert asked <= 2, f"the {question} question was asked {asked} times"
    # and the conversation went on: an outcome, or the next question
    assert chat.ended or chat.state.pending is not None, "not a dead end"


@pytest.mark.parametrize("answers", UNREADABLE)
def test_after_a_second_misreading_the_assistant_says_what_it_understood_and_offers_buttons(answers):
    chat = _started("ik werk in Zoetermeer", "nee", "persoon")
    chat.say(answers[0])
    out = chat.say(answers[1])
    assert "Wat ik tot nu toe weet: het gaat om een persoon en je werkt in de gemeente Zoetermeer" in out
    assert chat.buttons(), "the other answers stay as buttons"
    assert any("need:" in b.payload for b in chat.buttons())
    assert chat.ended and chat.ended[-1].kind == "outcome", "the general route is given"
    assert texts.NOT_UNDERSTOOD_AGAIN not in out


def test_an_unanswered_danger_question_never_guesses_danger_away_in_silence():
    chat = _started("hoi")
    chat.say("blabla")
    out = chat.say("hmm tja")
    assert texts.GIVE_UP_DANGER in out
    assert any(b.payload == "/acute_danger" for b in chat.buttons()), "one click still gives 112"


def test_an_unanswered_municipality_question_goes_on_with_the_national_map():
    chat = _started("hoi", "nee")
    chat.say("blabla")
    out = chat.say("hmm tja")
    assert texts.GIVE_UP_MUNICIPALITY in out
    assert chat.state.municipality == "onbekend"
    assert "Waar gaat je signaal over" in out


@pytest.mark.parametrize("text", [
    "die wil nog geen aangifte en geen hulp",
    "ze wil geen aangifte en ook geen hulp",
    "hij wil niks, geen hulp en geen aangifte",
    "ze houdt de boot af",
])
def test_a_victim_who_wants_nothing_yet_gets_the_worries_route(text):
    chat = _started("ik werk in Den Haag", "nee", "persoon")
    out = chat.say(text)
    assert texts.NOT_UNDERSTOOD not in out
    assert chat.state.answers["need"] == "zorgen"
    assert "070-7570900" in out, "Zorg- en Veiligheidshuis Haaglanden"


@pytest.mark.parametrize("text", [
    "weet niet wat ze wil",
    "ze weet zelf niet wat ze wil",
    "geen idee wat hij wil",
    "ik weet nog niet wat ze wil",
])
def test_not_knowing_what_the_victim_wants_gets_the_advice_route(text):
    chat = _started("ik werk in Rotterdam", "nee", "persoon")
    out = chat.say(text)
    assert texts.NOT_UNDERSTOOD not in out
    assert chat.state.answers["need"] == "onbekend"
    assert chat.ended and chat.ended[-1].kind == "outcome"


@pytest.mark.parametrize("text", [
    "zij niet, maar ik wil het melden",
    "hij wil geen aangifte, maar ik wil het wel melden",
    "het slachtoffer niet, ik wil dit melden",
])
def test_the_professional_reporting_anyway_goes_on_to_the_report_route(text):
    chat = _started("ik werk in Den Haag", "nee", "persoon")
    out = chat.say(text)
    assert texts.NOT_UNDERSTOOD not in out
    assert chat.state.answers["need"] == "melden"
    assert "Om welke vorm" in out


def test_knowledge_questions_in_between_do_not_make_the_assistant_ask_a_third_time():
    chat = _started("ik werk in Zoetermeer", "nee", "persoon")
    asked, offered = 1, False
    for question in ("wat doet de zorgcoördinator?", "wat is de bedenktijd?", "wat doet de AVIM?"):
        out = chat.say(question)
        asked += out.count("Wat is er nu nodig")
        offered = offered or any("need:" in b.payload for b in chat.buttons())
    assert asked <= 2
    assert offered, "the answers stay one click away"
    assert chat.state.answers.get("need"), "after the second question the general route goes on"


@pytest.mark.parametrize("answer", ["Ik weet niet goed wat ik ermee moet.", "weet niet of dit iets is", "ik weet niet hoe ik dit moet aanpakken"])
def test_not_knowing_what_to_do_at_the_danger_question_is_guidance_not_a_doubt_about_danger(answer):
    chat = Chat()
    chat.say("Horst aan de Maas. Een Roemeense man van de aspergeteler stuurde me een whatsapp over zijn loon.")
    out = chat.say(answer)
    assert "112" not in out, "not knowing what to do with a signal is no doubt about danger now"
    assert out.startswith(texts.GUIDANCE_WANTED) and "Is er nu direct gevaar" in out


def test_a_wish_told_later_replaces_worries_read_earlier():
    chat = Chat()
    chat.say("Rotterdam. Een cliënte moest vorig jaar klanten ontvangen voor haar vriend. Ik maak me ernstige zorgen.")
    assert chat.state.answers.get("need") == "zorgen"
    chat.say("Ze wil nu met de politie praten, eerst alleen een gesprek.")
    assert chat.state.answers.get("need") == "melden"


def test_no_contact_with_the_perpetrator_any_more_is_no_worry_about_reaching_her():
    chat = Chat()
    chat.say("Rotterdam. Een cliënte is weggegaan bij haar pooier, woont bij een tante en heeft geen contact meer met hem.")
    assert "need" not in chat.state.answers


def test_a_question_without_a_case_names_whom_to_think_it_through_with():
    chat = Chat()
    out = chat.say("Ik geef een training in Groningen. Wat doet het RIEC eigenlijk? Er is geen casus.")
    assert texts.KNOWLEDGE_ADVICE in out
    assert "0800-2000" in out, "the advice contact of the Groningen map"


@pytest.mark.parametrize("answer, kind", [("weet niet, mss arbeid", "arbeid"), ("weet niet, prostitutie waarschijnlijk", "prostitutie"), ("weet niet", "onbekend")])
def test_an_unsure_answer_that_names_one_option_takes_that_option(answer, kind):
    chat = Chat()
    chat.say("Almere. Een rijtjeshuis met twaalf inschrijvingen, allemaal via dezelfde uitzender")
    chat.say("nee")
    chat.say(answer)
    assert chat.state.answers.get("location_signal") == kind


def test_the_professional_reports_even_when_the_victim_wants_nothing():
    chat = Chat()
    chat.say("Den Haag. Een vrouw moet voor haar vriend klanten ontvangen in een woning.")
    chat.say("nee")
    chat.say("zij wil niks, geen aangifte en geen hulp. maar ik wil het wel melden")
    assert chat.state.answers.get("need") == "melden"


def test_a_victim_who_will_not_talk_is_told_of_her_and_the_professional_is_still_asked_what_is_needed():
    chat = Chat()
    chat.say("Westerkwartier. Een beller vertelt over haar vriendin die in een woning moet werken voor een man, "
             "ze krijgt er bijna niks van. Vriendin wil er niet over praten.")
    out = chat.say("nee")
    assert "Wat is er nu nodig?" in out
    chat.say("zij wil geen aangifte en geen hulp, zij niet, maar ik wil het wel melden")
    assert chat.state.answers.get("need") == "melden"



@pytest.mark.parametrize("opening, expected_next", [
    # a form of exploitation is told: the signal is about the one exploited
    ("ik werk in Goes. meneer werkt in de slachterij via een uitzender die ook zijn bed regelt", "Wat is er nu nodig?"),
    # nothing told: the doubt route of the card
    ("ik werk in Goes en ik heb een signaal", "Twijfel je?"),
])
def test_not_knowing_what_the_signal_is_about_goes_on(opening, expected_next):
    chat = Chat()
    out = chat.say(opening)
    if "Is er nu direct gevaar" in out:
        out = chat.say("nee")
    assert "Waar gaat je signaal over?" in out, out
    out = chat.say("weet niet")
    assert expected_next in out, out


def test_an_answer_that_keeps_sounding_like_danger_gets_112_but_the_danger_question_at_most_twice():
    # "nee, ..." with a classifier that keeps hearing danger: 112, the question again, 112 again,
    # then the route goes on with the yes button (it once alternated forever).
    chat = _started("Roemeense vrouw in Kruiningen, haar partner int haar loon, ze wil met de politie praten")
    answer = "nee, hij is vandaag in Roemenië, ze zegt dat ze tot het weekend veilig is"
    replies = [chat._turn(Turn(answer, "possible_danger", 1.0)) for _ in range(4)]
    assert sum("112" in r for r in replies) == 4, "every reply says 112"
    asked = 1 + sum(r.count("Is er nu direct gevaar") for r in replies)
    assert asked <= 2, replies
    assert texts.GIVE_UP_DANGER in replies[3]
    assert any(b.payload == "/acute_danger" for b in chat.buttons()), "one click still gives 112"
    assert "Is er nu direct gevaar" not in chat._turn(Turn(answer, "possible_danger", 1.0))


def test_given_up_with_labour_known_the_general_route_is_the_labour_route_not_only_advice():
    # w36: "asperge. ens. 14 uur per dag. 5 euro" then an answer about who it is that could not be read twice.
    chat = _started("asperges steken in Ens, 14 uur per dag voor 5 euro", "nee", "persoon")
    chat.say("blabla")
    out = chat.say("hmm tja")
    assert "Wat ik tot nu toe weet" in out
    assert chat.state.answers.get("need") == "melden"
    assert "Meld arbeidsuitbuiting bij de Nederlandse Arbeidsinspectie" in out


@pytest.mark.parametrize(("answer", "need"), [
    # someone should look into it is a report
    ("dat iemand het uitzoekt", "melden"), ("controle", "melden"), ("dat het wordt onderzocht", "melden"),
    ("dat er iemand naar kijkt", "melden"),
    # asking for advice is the advice route
    ("advies: is dit uitbuiting of familie", "onbekend"), ("advies", "onbekend"),
    # a report and help both wanted: the report first
    ("Aangifte, en hulp met die schuld", "melden"),
    # a hedge beside an option named in words is that option; something done about work or pay is a report;
    # going home is help (w38..w40)
    ("Dat iemand uitzoekt of het klopt. Misschien moet de teamleider het ook weten?", "melden"),
    ("iets aan haar werk en loon doen", "melden"), ("hulp bij de terugreis naar huis", "steun"),
    ("misschien", "onbekend"),
    # someone to go and look at the house is a report; someone to come for the child is help (w41, w42)
    ("dat er iemand naar dat huis gaat", "melden"), ("dat er iemand voor het kind komt", "steun"),
    # a doubt whether to report is advice; help beside that doubt is help (w54)
    ("advies, ik weet niet of ik iets moet melden", "onbekend"), ("ik twijfel of ik dit moet doorgeven", "onbekend"),
    ("hulp, en ik weet niet of ik het moet melden", "steun"),
])
def test_answers_to_what_is_needed_beyond_the_buttons(answer, need):
    chat = _started("ik werk in Den Haag", "nee", "persoon")
    out = chat.say(answer)
    assert texts.NOT_UNDERSTOOD not in out
    assert chat.state.answers["need"] == need


def test_more_of_the_story_where_an_answer_was_asked_gets_thanks_and_the_question_not_sorry():
    chat = _started("ik werk in Barneveld. Zeven mannen werken via een uitzendbureau bij een kippenslachterij.")
    out = chat.say("Ze werken 50 uur per week, krijgen ongeveer 320 euro, en op de loonstrook staat huisvesting 95 euro")
    assert texts.NOT_UNDERSTOOD not in out
    assert texts.MORE_OF_THE_STORY in out and "Is er nu direct gevaar" in out


def test_where_the_reporter_works_is_no_wish_for_shelter():
    # w35: the coordinator of the municipal shelter tells of men exploited at work.
    chat = _started("Ik ben coördinator van de gemeentelijke opvang in Barneveld. 7 van onze mannen werken via een "
                    "uitzendbureau bij een kippenslachterij.")
    assert chat.state.answers.get("need") != "steun"
    assert chat.state.answers.get("form") == "arbeid"


def test_a_first_story_the_route_cannot_place_yet_gets_the_questions_not_sorry():
    chat = Chat()
    out = chat.say("Ik kreeg vanochtend een telefoontje van de schuldhulp over iets raars in een dossier")
    assert texts.NOT_UNDERSTOOD not in out
    assert texts.STORY_RECEIVED in out and "Is er nu direct gevaar" in out


def test_an_answer_typed_again_after_a_knowledge_answer_is_not_met_with_the_same_buttons_for_ever():
    # w42: "zorg en afstemming, wie doet wat" read as a question about the zorgcoördinator, ten times.
    chat = _started("ik werk in Lelystad, meisje van 15 is uit een woning gehaald", "nee", "persoon")
    replies = [chat.say("wat doet de zorgcoördinator dan precies?", intent="knowledge_zorgcoordinator")
               for _ in range(4)]
    assert sum(r.count("Wat is er nu nodig") for r in replies) <= 1
    assert chat.state.pending != "behoefte" or chat.state.answers.get("need"), "the route went on"
    assert any(texts.GIVE_UP.split("{")[0] in r for r in replies)


def test_a_short_answer_before_a_question_about_it_is_taken():
    chat = _started("ik werk in Lelystad, meisje van 15 is uit een woning gehaald", "nee", "persoon")
    chat.say("zorg en afstemming, wie doet wat", intent="knowledge_zorgcoordinator")
    assert chat.state.answers.get("need") == "steun"


@pytest.mark.parametrize("opening, answer", [
    ("voor ons schoolprotocol: wanneer schakel ik Veilig Thuis in? Veel ouders werken in de kassen.",
     "nee, het is een algemene vraag"),
    ("ik werk in Dronten. Veel ouders van leerlingen werken in de champignonkwekerij.", "nee, geen casus, een beleidsvraag"),
])
def test_a_general_question_without_a_case_goes_to_the_advice_route(opening, answer):
    chat = _started(opening, answer)
    out = chat.say("Dronten") if chat.state.municipality is None else "\n".join(m.text for m in chat.last)
    assert "Twijfel je? Vraag eerst advies" in out
    assert "Arbeidsinspectie" not in out


def test_sexual_exploitation_with_wages_taken_goes_to_the_police():
    chat = _started("ik werk in Tilburg. Ze moest in een bar met klanten mee naar boven.", "nee", "persoon", "melden")
    out = chat.say("seksueel, en ook loon ingehouden")
    assert chat.state.answers["form"] == "seksueel"
    assert "AVIM" in out and "Arbeidsinspectie" not in out


def test_an_answer_the_classifier_hears_as_a_question_or_a_stop_is_taken_as_the_answer():
    # w47, w48: "wil dat het stopt" at the need question is a wish, not a question about the record nor "stop".
    chat = _started("ik werk in Tiel", "nee", "persoon")
    chat.say("hij wil dat het stopt en dat het niet op zijn naam blijft staan", "knowledge_after_report", 0.99)
    assert chat.state.answers.get("need") == "melden"
    chat = _started("ik werk in Den Haag", "nee", "persoon")
    out = chat.say("weet niet, mld wil vooral dat het stopt", "stop", 0.99)
    assert chat.state.answers.get("need") == "melden" and "we stoppen" not in out.lower()


def test_one_young_man_named_at_a_lounge_is_a_signal_about_him():
    # w47: an 18-year-old who works unpaid in a shisha lounge is the signal, not the lounge.
    chat = Chat()
    chat.say("Kwijtscheldingsaanvraag van een 18-jarige jongen uit Ede. Hij werkt sinds zijn 16e in een "
             "shishalounge, zonder loon, 'want hij woont daar gratis boven de zaak'.")
    assert chat.state.answers.get("subject") == "persoon"


def test_a_hedged_yes_to_the_danger_question_gets_112():
    # w50: "weet ik niet, als het klopt wel" leans to yes; the safe side is 112, not "no danger assumed".
    chat = Chat()
    chat.say("Ik wil een adres melden in Den Helder aan de Spoorgracht.")
    out = chat.say("dat weet ik niet, als het klopt wel, er zitten daar dan nu mensen")
    assert "112" in out


def test_wanting_to_know_what_it_is_at_the_need_question_is_the_advice_route():
    # w49: a voice note that asks "is da mensen handel of gewoon zwart werk", then "ik wil gewoon weten wa het is".
    chat = Chat()
    chat.say("die jonges van de maaltijdbezorging in eindhoven rijden op unne account van iemand anders en moeten "
             "daar huur voor betalen is da mensen handel of gewoon zwart werk")
    chat.say("nee ze zaten gewoon op het bankje te eten")
    chat.say("weet nie, die jonges allemaal")
    out = chat.say("ik wil gewoon weten wa het is")
    assert "advies" in out.lower() and "Daar kan ik je niet mee helpen" not in out


def test_a_professional_announcing_a_question_is_in_scope_whatever_the_classifier_guessed():
    # w47: "Ik heb een vraag over een telefoontje van vanochtend" got "Daar kan ik je niet mee helpen".
    chat = Chat()
    out = chat.say("Ik heb een vraag over een telefoontje van vanochtend.", intent="out_of_scope", confidence=0.95)
    assert texts.OUT_OF_SCOPE not in out
    assert texts.OUT_OF_SCOPE in Chat().say("wat is het weer morgen?", intent="out_of_scope", confidence=0.95)
    assert texts.OUT_OF_SCOPE in Chat().say("hoe vraag ik een parkeervergunning aan?", intent="out_of_scope",
                                            confidence=0.95)


def test_more_of_the_story_after_112_without_danger_asks_whether_the_danger_is_over():
    # w65: after the 112 card the professional told on ("overdag werken die mannen in de kassen") and got
    # "Deze route is klaar"; the route goes on once there is no danger now.
    chat = Chat()
    chat.say("ik werk in Zaanstad. er is brand in de loods waar mensen slapen")
    out = chat.say("overdag werken die mannen in de kassen ernaast, zegt ze. Daar mag toch niemand wonen?")
    assert "Is er nu direct gevaar" in out and "klaar" not in out, out
    assert any("acute_danger" in b.payload for b in chat.buttons())
    out = chat.say("nee")
    assert "?" in out and "klaar" not in out, out
