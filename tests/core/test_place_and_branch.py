"""Place and branch (issue 18, section 5; failures 6 and 8 as classes).

A signal about an address, premises, a park, a hotel, a building site, a holiday home, an
upstairs flat or a dwelling goes to the location map unless the professional says it is about
a person. Labour exploitation at a place goes to the labour inspectorate (NLA) first; HEIT
Malafide Bedrijvigheid only for undermining in the branches the card names. A victim who wants
the police, whatever the form, reaches the police (AVIM 0900-8844).
"""

import pytest

from tests.support.core_chat import Chat

NEED_QUESTION = "Wat is er nu nodig?"


@pytest.mark.parametrize("text", [
    "Den Haag, geen direct gevaar. In een bovenwoning zie ik steeds andere jonge vrouwen naar binnen gaan",
    "Zoetermeer, niet acuut: een vakantiebungalow staat op een sekssite, waar meld ik zo'n adres?",
    "Rotterdam, geen gevaar. Op een bouwplaats slapen arbeiders in containers",
    "Delft, geen direct gevaar, in een hotel zitten steeds jonge meisjes met oudere mannen",
    "Rijswijk, geen direct gevaar. In het park staat elke avond een busje waar vrouwen in moeten",
    "Westland, niet acuut, op dit adres staan twintig mensen ingeschreven",
])
def test_a_signal_about_a_place_goes_to_the_location_map(text):
    chat = Chat()
    out = chat.say(text)
    assert chat.state.answers.get("subject") == "locatie", out
    assert NEED_QUESTION not in out, "what the victim wants is asked about a person, not a place"


def test_a_signal_said_to_be_about_a_house_not_a_person_is_a_place_whatever_the_classifier_guessed():
    # w53: "niet over één persoon" was read as "over een persoon", and the classifier's doubt won.
    chat = Chat()
    out = chat.say("Goedemiddag, ik wil iets melden over een huis, niet over één persoon.", intent="doubt", confidence=0.9)
    assert chat.state.answers.get("subject") == "locatie", out


@pytest.mark.parametrize("text", [
    # a place named only inside a compound word or a street name, with changing people there
    "Den Haag. In Moerwijk, boven de shoarmazaak aan de Erasmusweg, wonen steeds andere jonge vrouwen, "
    "er komen 's nachts mannen. Geen direct gevaar.",
    "Tilburg, geen gevaar. Aan de Ringbaan in een kapperszaak slapen steeds nieuwe meisjes",
])
def test_a_place_in_a_compound_word_with_changing_people_is_a_place_whatever_the_classifier_guessed(text):
    chat = Chat()
    out = chat.say(text, intent="signal_labour", confidence=0.9)
    assert chat.state.answers.get("subject") == "locatie", out
    assert NEED_QUESTION not in out


@pytest.mark.parametrize("text", [
    "Den Haag. Boven de shoarmazaak wonen steeds andere vrouwen, er komen 's nachts mannen. Geen gevaar.",
    # a workplace word beside changing women and men at night: sex at the place, not labour
    "Den Haag, geen gevaar. Boven een nagelsalon wonen steeds andere jonge vrouwen, mannen komen 's nachts",
    "Tilburg, niet acuut. In het pand van de wasstraat telkens andere vrouwen, veel mannen in en uit",
])
def test_men_coming_at_night_tell_what_happens_at_the_place_not_the_classifiers_labour_guess(text):
    chat = Chat()
    chat.say(text, intent="signal_labour", confidence=0.9)
    assert chat.state.answers.get("subject") == "locatie"
    assert chat.state.answers.get("location_signal") == "prostitutie"
    assert chat.state.answers.get("form") != "arbeid"


@pytest.mark.parametrize(("text", "form"), [
    # long hours without a day off and pay sent elsewhere are labour, whatever the classifier guessed
    ("Bericht van de nanny: 'Ma'am, I work 16 hours every day, no day off since March, salary sent to agency'", "arbeid"),
    # fraud in the victim's name is criminal exploitation
    ("de schuldhulp ziet bij een verzorgster twee abonnementen en een lening op haar naam die ze niet herkent", "crimineel"),
    ("haar werkgever laat haar bijstand aanvragen en ze moet de helft van de uitkering aan hem geven", "crimineel"),
    # a list of debts that ends in "op zijn naam", his DigiD in the employer's hands (w46)
    ("post van incassobureaus: een lening, 2 telefoonabonnementen en een auto op zijn naam; de baas had zijn DigiD",
     "crimineel"),
])
def test_the_form_told_in_words_beats_the_classifiers_guess(text, form):
    chat = Chat()
    chat.say(text, intent="signal_sexual", confidence=0.9)
    assert chat.state.answers.get("form") == form


def test_help_wanted_for_someone_at_a_place_read_earlier_is_the_person_route():
    # w39: a handyman sleeping in a holiday home's garage, then he wants out and has nowhere to sleep.
    chat = Chat()
    chat.say("Texel. Vakantiehuis in Oudeschild: een klusjesman slaapt in de garage van de verhuurder.")
    assert chat.state.answers.get("location_signal") != "ondermijning", "a house's garage is no automotive branch"
    chat.say("Hij krijgt al maanden geen loon, wil weg, maar heeft geen geld en geen plek.")
    out = chat.say("nee")
    assert chat.state.answers.get("subject") == "persoon"
    assert "zorgcoördinator" in out


@pytest.mark.parametrize("text", [
    "Groningen, geen gevaar. De kok van een shoarmazaak is weggelopen en wil hulp",
    "Enschede, niet acuut. Een vrouw in een nagelsalon aan de Hengelosestraat wil hulp, de baas houdt haar paspoort in",
    "Den Haag, geen direct gevaar. Het gaat om de vrouw in die bovenwoning, ze wil hulp",
    "Delft, geen gevaar. Ik maak me zorgen om haar, ze woont in een hotel",
])
def test_a_place_named_beside_a_person_stays_a_person_signal_when_said_so(text):
    chat = Chat()
    chat.say(text)
    assert chat.state.answers.get("subject") == "persoon"


@pytest.mark.parametrize("text, subject", [
    ("Groningen. Een jonge vrouw uit Nigeria zit tegenover me, ze werkte in een woning voor een 'madam' en slaapt nu bij de kerk", "persoon"),
    ("Leeuwarden. Schoonmaakster in een hotel, slecht betaald, ze woont in een personeelskamer boven de keuken", "persoon"),
    ("Delft. Een cliënte (Roemeens, 23) moest klanten ontvangen in een woning in de Tanthof", "persoon"),
    ("Westland. Vandaag een Poolse man aan tafel die in een kas werkt en in een chalet slaapt", "persoon"),
    ("Groningen. Iryna (Oekraïens, 31) werkte in een hotel, de bemiddelaar hield haar loon in", "persoon"),
    ("ik werk bij de gemeetne Tilburg, een mevr Ana P. werkt in een nagelsalon zonder loon", "persoon"),
    # The person who told it is no subject; changing people keep it a place signal.
    ("Katwijk. Volgens een cliënt wonen er tientallen arbeidsmigranten in chalets op een vakantiepark", "locatie"),
    ("Almere. Een woning waar volgens de buurvrouw steeds andere vrouwen wonen", "locatie"),
])
def test_one_person_named_at_a_place_is_a_signal_about_that_person(text, subject):
    chat = Chat()
    out = chat.say(text)
    assert chat.state.answers.get("subject") == subject, out


@pytest.mark.parametrize("text", [
    "Den Haag, geen direct gevaar. In een kapsalon slapen vrouwen en de eigenaar houdt hun paspoorten",
    "Rijswijk, niet acuut: in de nagelsalon slapen de meisjes in de zaak, paspoorten zijn ingenomen",
    "Zoetermeer, geen gevaar. Barbershop, de jongens slapen boven de zaak en de baas heeft hun paspoorten",
])
def test_labour_exploitation_at_a_place_goes_to_the_nla_not_heit_malafide(text):
    chat = Chat()
    out = chat.say(text)
    if not chat.ended:  # the kind of signal may still be asked: labour is the answer
        out = chat.click(chat.button("location_signal:arbeid"))
    assert "0800-5151" in out, out
    assert "HEIT Malafide" not in out


def test_undermining_in_a_branch_the_card_names_still_goes_to_heit_malafide():
    chat = Chat()
    out = chat.say("Den Haag, geen direct gevaar. Een autobedrijf waar nooit klanten komen en veel contant geld omgaat")
    if not chat.ended:
        out = chat.click(chat.button("location_signal:ondermijning"))
    assert "HEIT Malafide" in out


def _at_the_place_question(municipality: str) -> Chat:
    chat = Chat()
    chat.say(f"ik werk in {municipality}")
    chat.say("nee")
    chat.say("een adres")
    return chat


@pytest.mark.parametrize("municipality", ["Rotterdam", "Den Haag", "Hilversum", "Heerlen", "Zwolle"])
def test_criminal_exploitation_at_a_place_reaches_the_police_typed_at_the_place_question(municipality):
    out = _at_the_place_question(municipality).say("crimineel")
    assert "0900-8844" in out, out
    assert "Twijfel je? Bel en denk samen na" not in out


@pytest.mark.parametrize("municipality", ["Rotterdam", "Den Haag", "Leiden", "Hilversum", "Heerlen", "Haarlemmermeer"])
def test_a_place_where_the_professional_does_not_know_what_goes_on_reaches_the_location_route(municipality):
    """Not the doubt advice for a victim (with the zorgcoördinator): a place goes to the RIEC and an advice point."""
    chat = _at_the_place_question(municipality)
    out = chat.say("weet niet")
    assert chat.ended and chat.ended[-1].outcome.code == "locatie.twijfel"
    assert "RIEC" in out and "Vertel je aandachtsfunctionaris wat je zag" in out, out


def test_criminal_exploitation_told_with_the_place_is_not_asked_again():
    chat = Chat()
    out = chat.say("Rotterdam, Charlois, geen gevaar. In een bovenwoning zitten vier jongemannen zonder papieren, "
                   "overdag moeten ze stelen in winkelcentra, de woning ligt vol gestolen spullen")
    if not chat.ended and chat.state.answers.get("subject") != "locatie":
        out = chat.click(chat.button("subject:locatie"))
    assert "0900-8844" in out, out


@pytest.mark.parametrize("municipality", ["Den Haag", "Rotterdam", "Heerlen", "Hilversum", "Leiden", "Amsterdam"])
def test_a_victim_who_wants_the_police_with_the_form_unknown_reaches_the_avim(municipality):
    chat = Chat()
    chat.say(f"ik werk in {municipality}")
    chat.say("nee")
    chat.say("het gaat om een vrouw")
    chat.say("ze wil met de politie praten")
    out = chat.say("weet ik niet")
    assert "0900-8844" in out, out
    assert "Twijfel je? Bel en denk samen na" not in out


def test_a_misspelt_municipality_and_a_misspelt_gemeente_are_read():
    from tests.support.core_chat import CATALOG as catalog

    for text, name in (("collega van de gemeenet zoetermer: de baas houdt haar paspoort", "Zoetermeer"),
                       ("ik werk bij de gemente amersfort", "Amersfoort"), ("amsterdm", "Amsterdam")):
        guesses = catalog.municipalities.guesses(text)
        assert guesses and guesses[0].municipality.name == name, text
    # A word cut short is another word, not a municipality.
    assert not catalog.municipalities.guesses("hij moest een voorschot terugbetalen aan de baas")


@pytest.mark.parametrize("answer", ["personen, zij en 5 collegas", "the people who work there", "zijzelf"])
def test_people_named_in_the_plural_or_herself_answer_the_subject_question_as_a_person(answer):
    chat = Chat()
    chat.say("Noordoostpolder: 'we work 13 hours in the greenhouse, the agency takes money for the room'. nobody hurts them")
    chat.say("nee")
    out = chat.say(answer)
    assert chat.state.answers.get("subject") == "persoon"
    assert NEED_QUESTION in out


def test_a_no_at_the_danger_question_that_mentions_an_address_keeps_the_signal_about_the_person():
    chat = Chat()
    chat.say("meisje 17 heeft het uitgemaakt met haar 'vriend' die haar een jaar lang liet werken met mannen")
    out = chat.say("nee nu niet, ze is bij een vriendin en hij weet dat adres niet")
    assert "aangepast" not in out and "plek of een bedrijf" not in out
    assert chat.state.answers.get("subject") != "locatie"
    assert chat.state.answers.get("acute") == "nee"


@pytest.mark.parametrize("opening", [
    "Twijfelgeval. Serooskerke, 14 Bulgaren in 1 woning, huur via de werkgever, ze gaan vrij in en uit.",
    "Is dit mensenhandel? Nagelstudio in Kaatsheuvel, drie medewerkers werken van 9 tot 9 en wonen boven de zaak.",
])
def test_a_place_where_the_professional_asks_whether_it_is_exploitation_at_all_is_discussed_first(opening):
    # w63, w66: the work the words name is no answer to whether it is exploitation; the location
    # route's "bespreek het eerst" with the advice point, not a report to the NLA or the police.
    chat = Chat()
    chat.say("ik werk in Tilburg. " + opening)
    chat.say("nee")
    assert chat.ended and chat.ended[-1].outcome.code == "locatie.twijfel"


def test_not_knowing_whether_it_is_exploitation_at_the_place_question_is_the_doubt():
    chat = _at_the_place_question("Hengelo")
    chat.say("werk en geld, weet niet of het uitbuiting is")
    assert chat.ended and chat.ended[-1].outcome.code == "locatie.twijfel"


@pytest.mark.parametrize(("answer", "code"), [
    ("advies, hij wil niks verkeerd doen", "twijfel.advies"),
    ("aangifte, ze wil dat hij stopt en dat niemand het merkt", None),
])
def test_an_answer_that_opens_with_an_options_word_picks_that_option(answer, code):
    chat = Chat()
    chat.say("ik werk in Tilburg. een vrouw staat elke markt de hele dag in een kraam en geeft al het geld aan een man")
    chat.say("nee")
    out = chat.say(answer)
    if code is not None:
        assert chat.ended and chat.ended[-1].outcome.code == code, out
    else:
        assert "Om welke vorm van uitbuiting" in out, out
