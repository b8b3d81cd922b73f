"""The learned reading beside the lexicon (bot/learned.py), with a fake encoder.

The fake encoder puts each text on one of three axes: texts with "DANGER" on the
danger axis, "CALMTEXT" on the calm axis, anything else in between. A tiny model with
one weight per axis then gives the probabilities the tests need, so these tests say
how the two readings are combined, not how well the real encoder reads.
"""

import numpy as np
import pytest

from bot.danger import ACUTE, NONE, POSSIBLE
from bot.dialogue import State, Turn, handle
from bot.interpret import interpret
from bot.learned import Head, LearnedReading, ReadingModel, combine, last_sentence, load_model
from tests.support.core_chat import CATALOG

DIM = 4


def fake_encoder(texts):
    out = []
    for text in texts:
        v = np.zeros(DIM, dtype=np.float32)
        if "DANGER" in text:
            v[0] = 1.0
        elif "CALMTEXT" in text:
            v[1] = 1.0
        else:
            v[2] = 1.0
        out.append(v)
    return np.stack(out)


def fake_model():
    # Input: whole message (4) + last sentence (4). Danger axis → acute, calm axis → none.
    w = np.zeros((2 * DIM, 3), dtype=np.float32)
    w[0, 0], w[DIM, 0] = 4.0, 4.0          # acute
    w[1, 2], w[DIM + 1, 2] = 4.0, 4.0      # none
    w[2, 2], w[DIM + 2, 2] = 1.0, 1.0      # unknown text: leaning calm, not confidently
    head = Head((ACUTE, POSSIBLE, NONE), w, np.zeros(3, dtype=np.float32))
    return ReadingModel({"danger": head}, {"danger": 0.5, "acute": 0.5, "strong": 0.85, "calm": 0.2})


def learned(text):
    return fake_model().read(fake_encoder, text)


def test_the_model_raises_danger_the_words_do_not_show():
    text = "hij rijdt rondjes door de wijk op zoek naar haar DANGER"
    assert CATALOG.lexicon.danger(text).level == NONE
    reading = interpret(CATALOG, text, learned=learned(text))
    assert reading.danger.level == ACUTE and reading.danger.learned == ACUTE


def test_danger_told_in_the_last_sentence_of_a_long_calm_story_is_read():
    text = "CALMTEXT " * 30 + ". Nu staat hij beneden te wachten DANGER"
    assert last_sentence(text).endswith("DANGER")
    assert learned(text).danger_level != NONE


def test_the_lexicon_raises_danger_the_model_does_not_see():
    text = "hij wordt nu geslagen"
    reading = interpret(CATALOG, text, learned=learned(text))
    assert reading.learned.danger_level == NONE and reading.danger.level == ACUTE


def test_a_procedure_question_with_112_is_calm_when_the_model_is_sure_it_is_calm():
    text = "wanneer bel ik nu eigenlijk 112 en wanneer de politie? CALMTEXT"
    assert CATALOG.lexicon.danger(text).level != NONE
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == NONE


def test_without_a_marker_in_the_words_the_calm_model_does_not_lower_the_lexicon():
    text = "ze zit opgesloten in de kelder CALMTEXT"
    assert not CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level != NONE


def test_a_denial_sets_the_models_danger_aside_unless_the_model_is_sure():
    lexical = CATALOG.lexicon.danger("er is geen direct gevaar")
    unsure = LearnedReading({"danger": {ACUTE: 0.4, POSSIBLE: 0.2, NONE: 0.4}}, POSSIBLE, sure=False)
    sure = LearnedReading({"danger": {ACUTE: 0.9, POSSIBLE: 0.05, NONE: 0.05}}, ACUTE, sure=True)
    assert combine(lexical, unsure).level == NONE
    assert combine(lexical, sure).level == ACUTE


def test_without_a_learned_reading_the_lexicon_decides_alone():
    text = "ze wordt nu geslagen"
    assert interpret(CATALOG, text).danger == CATALOG.lexicon.danger(text)


def test_the_reading_travels_as_plain_data_and_bad_data_is_ignored():
    reading = learned("DANGER")
    again = LearnedReading.from_dict(reading.to_dict())
    assert again.danger_level == reading.danger_level == ACUTE
    assert again.p_danger == pytest.approx(reading.p_danger, abs=1e-3)
    for bad in (None, "x", {"probs": 3}, {"probs": {}, "danger_level": "high"}, {"probs": {"danger": {"acute": "a"}}, "danger_level": "none"}):
        assert LearnedReading.from_dict(bad) is None


def test_the_route_gives_112_when_only_the_model_hears_danger():
    text = "ik maak me zorgen om haar DANGER"
    reply = handle(CATALOG, State(), Turn(text=text, learned=learned(text)))
    assert any("112" in m.text for m in reply.messages)
    calm = handle(CATALOG, State(), Turn(text="ik maak me zorgen om haar CALMTEXT", learned=learned("CALMTEXT")))
    assert not any("112" in m.text for m in calm.messages)


def test_the_shipped_weights_load_and_give_probabilities_for_every_head():
    model = load_model()
    x = np.full(2 * 512, 0.03, dtype=np.float32)
    reading = model.read_features(x)
    assert set(model.heads) >= {"danger", "form", "subject", "need"}
    for head, probs in reading.probs.items():
        assert sum(probs.values()) == pytest.approx(1.0, abs=1e-4), head
    assert 0 < model.thresholds["calm"] < model.thresholds["danger"] <= model.thresholds["alone"] \
        < model.thresholds["strong"] <= 1


def test_a_network_head_survives_saving_and_loading_and_averages_its_members(tmp_path):
    from bot.learned import MlpHead
    from tools.train_reading import save

    rng = np.random.default_rng(0)
    members = tuple(
        (rng.normal(size=(8, 4)).astype(np.float32), rng.normal(size=4).astype(np.float32),
         rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=3).astype(np.float32))
        for _ in range(2)
    )
    head = MlpHead((ACUTE, POSSIBLE, NONE), members)
    x = rng.normal(size=8).astype(np.float32)
    by_hand = np.mean([_softmax(np.maximum(x @ w1 + b1, 0) @ w2 + b2) for w1, b1, w2, b2 in members], axis=0)
    assert head.probs(x) == pytest.approx(by_hand, abs=1e-5)

    save(ReadingModel({"danger": head}, {"danger": 0.3, "alone": 0.5, "acute": 0.5, "strong": 0.97, "calm": 0.2}), tmp_path)
    loaded = ReadingModel.load(tmp_path)
    assert loaded.heads["danger"].probs(x) == pytest.approx(by_hand, abs=1e-5)


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_an_unsure_model_alone_says_no_112_and_the_route_asks_about_danger_first():
    # Between the "danger" and "alone" thresholds the model has heard something, but a calm
    # story of exploitation sounds like that too: the danger question, not "bel 112".
    model = ReadingModel(fake_model().heads, {"danger": 0.5, "alone": 0.99999, "acute": 0.5, "strong": 0.999999, "calm": 0.2})
    text = "ze werkt veertien uur per dag en de baas heeft haar paspoort DANGER"
    reading = model.read(fake_encoder, text)
    assert reading.unsure and reading.danger_level == NONE
    assert interpret(CATALOG, text, learned=reading).danger.level == NONE
    reply = handle(CATALOG, State(), Turn(text=text, learned=reading))
    shown = " ".join(m.text for m in reply.messages)
    assert "112" not in shown
    assert "gevaar" in shown.lower()
    assert any(b.payload == "/acute_danger" for m in reply.messages for b in m.buttons)


def test_a_list_of_denied_dangers_stays_calm_unless_the_model_is_nearly_certain():
    lexical = CATALOG.lexicon.danger("geen geweld, geen opsluiting, niemand bedreigd voor zover zij weet")
    fairly_sure = LearnedReading({"danger": {ACUTE: 0.6, POSSIBLE: 0.3, NONE: 0.1}}, ACUTE, sure=False)
    assert combine(lexical, fairly_sure).level == NONE


@pytest.mark.parametrize("text", [
    # a question without a question mark
    "wanneer moet een boa nou 112 bellen en wanneer de gewone politie CALMTEXT",
    # a year gone by, a settled case, a threat that turned out to be nothing
    "de ex-vriend heeft haar bedreigd met een mes, dat was in 2022 in Breda CALMTEXT",
    "terugblik: de jongen werd opgesloten in een schuur, de zaak is afgehandeld CALMTEXT",
    "de buurman riep dat hij hem zou vermoorden, het bleek een ruzie over de heg CALMTEXT",
    # a season gone by
    "hij werd afgelopen winter in de loods geslagen, nu werkt hij bij een ander bedrijf CALMTEXT",
    # a false alarm, a report that was checked; a question after a colon or a comma, as voice notes type it (w45)
    "de melding dat iemand om hulp schreeuwt was vals alarm, het was een tv CALMTEXT",
    "buren zeiden dat hij geslagen werd maar bij navraag was het een ruzie in de kroeg CALMTEXT",
    "voor een teamoverleg: wat valt onder acuut gevaar en wat niet CALMTEXT",
    "als een bewoner zegt dat hij zichzelf iets aandoet, is dat dan altijd 112 CALMTEXT",
])
def test_words_that_tell_a_settled_story_or_ask_let_a_calm_model_lower_them(text):
    assert CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == NONE


@pytest.mark.parametrize("text", [
    "sinds 2021 wordt ze door haar baas geslagen CALMTEXT",          # ongoing since a year
    "hij moet 2000 euro terugbetalen, anders slaan ze hem CALMTEXT",  # an amount, not a year
    "in 2027 komt de pooier vrij en hij zegt dat hij haar dan opzoekt en slaat CALMTEXT",  # a year to come
    "ze wordt opgesloten als ze niet werkt, vraag: hoe nu verder CALMTEXT",  # asking for advice is no question about procedure
])
def test_an_ongoing_year_an_amount_or_a_plea_for_advice_is_no_marker(text):
    assert not CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level != NONE


def test_a_denied_sign_takes_back_the_danger_words_after_it():
    for text in ("er zijn geen aanwijzingen dat iemand daar wordt vastgehouden",
                 "ze heeft niks gezegd over dreiging of geweld"):
        assert CATALOG.lexicon.danger(text).level == NONE, text


def test_a_question_beside_harm_told_as_happening_now_does_not_take_it_back():
    text = "ze slaan hem nu in de keuken, er is veel bloed. wat moet ik doen? CALMTEXT"
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == ACUTE


@pytest.mark.parametrize("text", [
    "weet niet eigenlijk, wat doet de NLA? o en ze zegt net dat de baas nu met een mes voor de deur staat. CALMTEXT",
    "Wie is de zorgcoördinator in Zwolle? Trouwens, hij staat nu met een mes in de gang. CALMTEXT",
    "Is dit mensenhandel? Ze ligt nu bewusteloos op de grond. CALMTEXT",
    "what does the NLA do? oh and right now the boss is at her door with a knife. CALMTEXT",
])
def test_acute_danger_told_now_beside_a_question_about_something_else_keeps_its_112(text):
    # The question asks about the NLA; the danger is told in a sentence of its own.
    danger = interpret(CATALOG, text, learned=learned(text)).danger
    assert "question" in danger.markers
    assert danger.level == ACUTE


@pytest.mark.parametrize("text", [
    "In het beleidsplan staat: 'bij acuut gevaar direct 112 bellen'. Hoe definiëren jullie acuut? CALMTEXT",
    "ik heb net 112 gebeld, ze zijn onderweg. moet ik nog iemand anders inlichten? CALMTEXT",
    "Wordt ze nu nog bedreigd? Dat weet ik niet, ze woont nu veilig bij haar zus. CALMTEXT",
])
def test_a_rule_about_danger_or_danger_told_inside_the_question_can_still_be_taken_back(text):
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == NONE


@pytest.mark.parametrize("text", [
    "politie heeft hem eruit gehaald, hij ligt in het ziekenhuis en is stabiel. Wat moet ik nu nog rapporteren?",
    "het gevaar is geweken want de ploegbaas is gisteren door de politie meegenomen",
    "de ambulance is weg, hij is weer bij bewustzijn",
])
def test_out_of_danger_after_the_emergency_is_told_as_safe(text):
    assert "safe" in CATALOG.lexicon.danger(text).markers


def test_a_doubt_in_brackets_is_no_question():
    text = "zwangere vrouw (8 mnd?) in de woning, heeft veel pijn en bloedt. CALMTEXT"
    assert "question" not in CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == ACUTE


def test_a_question_about_the_danger_words_can_take_them_back():
    text = "wanneer moet ik 112 bellen als iemand bloedt? CALMTEXT"
    assert "question" in CATALOG.lexicon.danger(text).markers


@pytest.mark.parametrize("text", [
    "ze moest klanten ontvangen voor haar vriend, ze woont nu veilig bij haar zus",
    "he made me work in the club without pay, i am not scared anymore",
    "hij moest 70 uur per week werken in de kas, nu is hij terug in Polen en het gaat goed met hem",
    "ze moest zonder loon oppassen bij een familie, nu zit ze rustig bij haar zus",
])
def test_a_story_that_ends_with_the_person_safe_sets_aside_danger_only_the_model_heard(text):
    assert CATALOG.lexicon.danger(text).level == NONE
    fairly_sure = LearnedReading({"danger": {ACUTE: 0.7, POSSIBLE: 0.1, NONE: 0.2}}, ACUTE, sure=False)
    certain = LearnedReading({"danger": {ACUTE: 0.98, POSSIBLE: 0.01, NONE: 0.01}}, ACUTE, sure=True)
    assert combine(CATALOG.lexicon.danger(text), fairly_sure).level == NONE
    assert combine(CATALOG.lexicon.danger(text), certain).level == ACUTE


def test_safe_now_does_not_take_back_a_threat_the_words_tell():
    text = "ze appen hem elke dag: betalen, anders je familie. hij zit nu veilig bij zijn broer"
    fairly_sure = LearnedReading({"danger": {ACUTE: 0.7, POSSIBLE: 0.1, NONE: 0.2}}, ACUTE, sure=False)
    assert combine(CATALOG.lexicon.danger(text), fairly_sure).level == ACUTE


@pytest.mark.parametrize("text", [
    "de baas zei tegen haar: ik weet waar je dochter in Krakau woont",
    "he told him: we know where your kids go to school",
    "sms van de ex-werkgever: wiem gdzie mieszka twoja córka",
])
def test_knowing_where_the_family_lives_is_a_threat(text):
    assert CATALOG.lexicon.danger(text).level == POSSIBLE


def test_not_knowing_where_someone_lives_is_no_threat():
    assert CATALOG.lexicon.danger("ik weet niet waar haar zoon woont").level == NONE


def test_an_answer_that_opens_with_no_sets_aside_danger_only_the_model_heard():
    fairly_sure = LearnedReading({"danger": {ACUTE: 0.7, POSSIBLE: 0.1, NONE: 0.2}}, ACUTE, sure=False)
    for text in ("nee, hij is vandaag in Roemenië", "No, he left for Poland this morning", "nee hoor, ze werken gewoon"):
        assert combine(CATALOG.lexicon.danger(text), fairly_sure).level == NONE, text
    # "no" as a determiner and a Polish negation are no answer; words that tell danger count
    for text in ("no food and no water for two days", "nie wiem gdzie jestem", "nee, hij slaat haar nu",
                 "nee... wacht, toch wel. hij brengt haar vanavond naar mannen", "nee, maar hij komt haar straks halen"):
        assert combine(CATALOG.lexicon.danger(text), fairly_sure).level == ACUTE, text


def test_a_locked_room_is_no_closed_case():
    assert "past" not in CATALOG.lexicon.danger("er zitten twee kinderen in een afgesloten kamer").markers
    assert "past" in CATALOG.lexicon.danger("het dossier is afgesloten, hij werd toen geslagen").markers


@pytest.mark.parametrize("text", [
    "jongen ligt half bewusteloos, zegt dat ze hem geslagen hebben. ambu? CALMTEXT",
    "hij bloedt uit zijn hoofd. wat moet ik doen? CALMTEXT",
    "She just texted me: 'he is outside my door with a knife, please'. What number do I give her? CALMTEXT",
    "vrouw ligt bewusteloos in de loods waar ze slapen. wat te doen?? CALMTEXT",
    "ze heeft pijn op de borst en zweet enorm. Rijden of bellen? CALMTEXT",
    "de bruid is net flauwgevallen en niet aanspreekbaar, de bruidegom wil haar meenemen. Wie bellen? CALMTEXT",
])
def test_asking_what_to_do_about_danger_told_does_not_take_it_back(text):
    assert "question" not in CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == ACUTE


def test_asking_whether_a_rule_holds_still_can_take_danger_words_back():
    text = "in de training zeiden ze: bij acuut gevaar bel je 112. klopt dat?"
    assert "question" in CATALOG.lexicon.danger(text).markers


@pytest.mark.parametrize("text", ["Anna Jansen, 06-11112222 DANGER", "piet@bouwbedrijf.nl DANGER"])
def test_contact_details_alone_tell_no_story_for_the_model(text):
    assert "contact_only" in CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == NONE


def test_contact_details_beside_a_story_are_read_as_usual():
    text = "hij rijdt rondjes door de wijk op zoek naar haar, bel me op 06-11112222 DANGER"
    assert "contact_only" not in CATALOG.lexicon.danger(text).markers
    assert interpret(CATALOG, text, learned=learned(text)).danger.level == ACUTE


@pytest.mark.parametrize("text", [
    # one harm denied is no denial of the danger the model hears (w41..w43)
    "kind (8) alleen bij de bushalte na schooltijd, niemand komt hem halen en het wordt donker",
    "hij wordt boos als ik niet doe wat hij zegt, maar hij slaat me niet hoor, zegt ze (15)",
])
def test_one_harm_denied_does_not_set_aside_danger_the_model_hears(text):
    fairly_sure = LearnedReading({"danger": {ACUTE: 0.7, POSSIBLE: 0.2, NONE: 0.1}}, ACUTE, sure=False)
    assert combine(CATALOG.lexicon.danger(text), fairly_sure).level != NONE


def test_a_person_safe_now_lets_a_calm_model_take_back_the_danger_words_of_the_story():
    text = ("een vrouw is gisteren door de politie uit een huis gehaald waar ze opgesloten zat, ze zit nu in een "
            "opvang. ze heeft een kat achtergelaten, wie moet ik bellen?")
    calm = LearnedReading({"danger": {ACUTE: 0.01, POSSIBLE: 0.01, NONE: 0.98}}, NONE, calm=True)
    assert "safe" in CATALOG.lexicon.danger(text).markers
    assert combine(CATALOG.lexicon.danger(text), calm).level == NONE


def _one_class_model(level):
    """A model that hears `level` at p ≈ 0.7 in a "DANGER" text (between "alone" and "possible_alone")."""
    w = np.zeros((2 * DIM, 3), dtype=np.float32)
    column, other = {ACUTE: (0, 1), POSSIBLE: (1, 0)}[level]
    w[0, column], w[DIM, column] = 0.42, 0.42
    w[0, other], w[DIM, other] = -4.0, -4.0
    w[1, 2], w[DIM + 1, 2] = 4.0, 4.0
    head = Head((ACUTE, POSSIBLE, NONE), w, np.zeros(3, dtype=np.float32))
    return ReadingModel({"danger": head}, {"danger": 0.35, "alone": 0.5, "acute": 0.5, "strong": 0.97,
                                           "calm": 0.25, "possible_alone": 0.8})


def _shown(reply):
    return " ".join(m.text for m in reply.messages)


def test_possible_danger_only_the_model_hears_asks_about_danger_before_it_says_112():
    # Calm stories of exploitation (passports kept, a driver living in his cab) sound like possible
    # danger to the model; told in words it does not know, the route asks instead of saying 112.
    text = "ze slapen in de kas en de baas houdt hun post DANGER"
    assert CATALOG.lexicon.danger(text).level == NONE
    possible = _one_class_model(POSSIBLE).read(fake_encoder, text)
    assert 0.5 < possible.p_danger < 0.8
    assert possible.danger_level == NONE and possible.unsure
    reply = handle(CATALOG, State(), Turn(text=text, learned=possible))
    assert "112" not in _shown(reply)
    assert any(b.payload == "/acute_danger" for m in reply.messages for b in m.buttons)
    # Acute danger the model hears as surely still says 112 in the reply.
    acute = _one_class_model(ACUTE).read(fake_encoder, text)
    assert acute.danger_level == ACUTE
    assert "112" in _shown(handle(CATALOG, State(), Turn(text=text, learned=acute)))


def test_a_story_told_on_at_the_danger_question_gets_112_only_when_the_model_hears_danger():
    opening = "ik werk in Heerlen, arbeidsmigranten slapen in een loods CALMTEXT"
    calm_model = fake_model()
    first = handle(CATALOG, State(), Turn(text=opening, learned=calm_model.read(fake_encoder, opening)))
    assert first.state.pending == "acuut" or "gevaar" in _shown(first).lower()
    story = "ze werken in de kassen zegt hij en ze zien er moe uit DANGER"
    unsure = _one_class_model(POSSIBLE).read(fake_encoder, story)
    again = handle(CATALOG, first.state, Turn(text=story, learned=unsure))
    assert "112" not in _shown(again) and "gevaar" in _shown(again).lower()
    heard = _one_class_model(ACUTE).read(fake_encoder, story)
    assert "112" in _shown(handle(CATALOG, first.state, Turn(text=story, learned=heard)))


def test_danger_the_model_alone_hears_after_a_no_says_112_in_a_line_and_the_route_goes_on():
    # w65: "dat die jongens uit zijn huis gaan" at the need question got the whole 112 card, the
    # professional said no, and the need question came again, five times in a row.
    calm = fake_model()
    chat_state = State()
    for text in ("ik werk in Zaanstad, een cliënt heeft jongens in huis die spullen opslaan CALMTEXT", "nee"):
        reply = handle(CATALOG, chat_state, Turn(text=text, learned=calm.read(fake_encoder, text)))
        chat_state = reply.state
    assert "Wat is er nu nodig" in _shown(reply) or "Waar gaat je signaal over" in _shown(reply)
    answer = "dat die jongens uit zijn huis gaan en dat hij terug kan ZDANGER"  # no word of danger
    heard = _one_class_model(ACUTE).read(fake_encoder, answer)
    again = handle(CATALOG, chat_state, Turn(text=answer, learned=heard))
    shown = _shown(again)
    assert "112" in shown
    assert "Is er nu direct gevaar" not in shown and again.state.answers.get("acute") == "nee"
    # Danger in words still gets the whole card.
    told = "hij staat nu met een mes voor de deur DANGER"
    card = handle(CATALOG, chat_state, Turn(text=told, learned=_one_class_model(ACUTE).read(fake_encoder, told)))
    assert card.state.answers.get("acute") == "ja"


def test_the_danger_button_after_a_no_still_gets_the_whole_112_card():
    from tests.support.core_chat import Chat

    chat = Chat()
    chat.say("ik werk in Zaanstad, een cliënt heeft jongens in huis die spullen opslaan")
    chat.say("nee")
    chat.click("/acute_danger")
    assert chat.state.answers.get("acute") == "ja" and "112" in " ".join(m.text for m in chat.last)
    # A typed message the Rasa server's guard marked as acute, in words that say it, too.
    chat2 = Chat()
    chat2.say("ik werk in Zaanstad, een cliënt heeft jongens in huis die spullen opslaan")
    chat2.say("nee")
    chat2.say("hij staat nu met een mes voor de deur", intent="acute_danger", announced="acute")
    assert chat2.state.answers.get("acute") == "ja"
