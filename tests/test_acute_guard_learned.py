"""The Rasa server's danger guard reads the same combined danger as the route (bot.learned.combine)."""

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.learned import PARSE_KEY, LearnedReading
from rasa_ext.acute_guard import LEXICON_FILE, AcuteDangerGuard, _LexiconFile

ACUTE_READING = LearnedReading({"danger": {"acute": 0.8, "possible": 0.1, "none": 0.1}}, "acute", sure=False)
CALM_READING = LearnedReading({"danger": {"acute": 0.05, "possible": 0.05, "none": 0.9}}, "none", calm=True)


def guarded(text, reading, intent="signal_sexual"):
    message = Message({TEXT: text, INTENT: {"name": intent, "confidence": 0.6},
                       INTENT_RANKING_KEY: [{"name": intent, "confidence": 0.6}]})
    if reading is not None:
        message.set(PARSE_KEY, reading.to_dict(), add_to_output=True)
    AcuteDangerGuard(_LexiconFile(LEXICON_FILE)).process([message])
    return message.get(INTENT)["name"]


def test_danger_only_the_model_hears_gets_112_from_the_rasa_server():
    text = "hij rijdt rondjes door de wijk op zoek naar haar"
    assert guarded(text, None) == "signal_sexual"
    assert guarded(text, ACUTE_READING) == "acute_danger"


def test_a_question_about_112_is_no_danger_when_the_model_is_sure_it_is_calm():
    assert guarded("wanneer bel ik nu eigenlijk 112 en wanneer de politie?", CALM_READING, "knowledge_avim") == "knowledge_avim"


def _sure_classifier(text, reading):
    message = Message({TEXT: text, INTENT: {"name": "possible_danger", "confidence": 0.95},
                       INTENT_RANKING_KEY: [{"name": "possible_danger", "confidence": 0.95},
                                            {"name": "signal_labour", "confidence": 0.04}]})
    message.set(PARSE_KEY, reading.to_dict(), add_to_output=True)
    AcuteDangerGuard(_LexiconFile(LEXICON_FILE)).process([message])
    return message.get(INTENT)["name"]


def test_the_classifiers_danger_without_a_cue_gives_way_when_the_learned_reading_is_sure_it_is_calm():
    # "she is not afraid of him": no danger cue for the lexicon, a sure classifier, a calm model
    text = "ze zegt dat ze niet bang is voor hem, ze wil alleen haar loon"
    assert _sure_classifier(text, CALM_READING) == "signal_labour"
    unsure = LearnedReading({"danger": {"acute": 0.2, "possible": 0.2, "none": 0.6}}, "none")
    assert _sure_classifier(text, unsure) == "possible_danger"


def test_an_answer_that_opens_with_no_is_the_professionals_no_against_the_classifier_alone():
    unsure = LearnedReading({"danger": {"acute": 0.2, "possible": 0.24, "none": 0.56}}, "none", unsure=True)
    assert _sure_classifier("nee, hij is vandaag in Roemenië, ze zegt dat ze tot het weekend veilig is", unsure) \
        == "signal_labour"
    # words that tell danger still count after a no
    assert _sure_classifier("nee, hij slaat haar nu met een stok", unsure) == "acute_danger"
