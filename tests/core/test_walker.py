"""The walker: next question or outcome from the answers so far."""

from bot.catalog import load_catalog
from bot.walker import step_back, walk

MAPS = load_catalog().maps


def test_no_answers_asks_the_acute_question_first():
    assert walk(MAPS.get("rotterdam"), {}).question.answer == "acute"


def test_answers_given_early_are_used_when_their_question_comes():
    step = walk(MAPS.get("zuid-limburg"), {"form": "arbeid", "acute": "nee", "subject": "persoon"})
    assert step.question.answer == "need"
    step = walk(MAPS.get("zuid-limburg"), {"form": "arbeid", "acute": "nee", "subject": "persoon", "need": "melden"})
    assert step.outcome.code == "persoon.arbeid.nla"


def test_answers_off_the_path_are_ignored():
    step = walk(MAPS.get("haaglanden"), {"acute": "nee", "subject": "locatie", "need": "steun", "location_signal": "grootschalig"})
    assert step.outcome.code == "locatie.riec"


def test_unknown_value_is_asked_again():
    assert walk(MAPS.get("rotterdam"), {"acute": "misschien"}).question.answer == "acute"


def test_step_back_removes_only_the_last_answer_on_the_path():
    answers = {"acute": "nee", "subject": "persoon", "need": "melden", "form": "arbeid"}
    back = step_back(MAPS.get("rotterdam"), answers)
    assert back == {"acute": "nee", "subject": "persoon", "need": "melden"}
    assert walk(MAPS.get("rotterdam"), back).question.answer == "form"


def test_heerlen_labour_exploitation_reaches_the_nla():
    route_map = MAPS.get("zuid-limburg")
    outcome = walk(route_map, {"acute": "nee", "subject": "persoon", "need": "melden", "form": "arbeid"}).outcome
    phones = [c.phone for c in route_map.contacts_for(outcome, "GM0917")]
    assert "0800-5151" in phones
