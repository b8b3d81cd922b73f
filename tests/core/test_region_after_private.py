"""'Liever niet zeggen' followed by the region: the regional map, and the region's coordinator (issue 14)."""

from bot import texts
from bot.dialogue import State, Turn, handle
from bot.messages import choice_payload
from tests.support.core_chat import CATALOG


def _declined():
    state = handle(CATALOG, State(), Turn(text="signaal over een nagelsalon waar meisjes slapen")).state
    state = handle(CATALOG, state, Turn(text="nee")).state
    reply = handle(CATALOG, state, Turn(text="liever niet zeggen"))
    return reply


def test_after_keeping_the_municipality_private_the_region_is_asked_once():
    reply = _declined()
    assert reply.messages[-1].text == texts.ASK_REGION
    assert [b.title for b in reply.messages[-1].buttons] == [texts.BUTTON_NATIONAL]


def test_a_region_named_without_the_word_regio_sets_the_regional_map():
    reply = handle(CATALOG, _declined().state, Turn(text="Hollands Midden"))
    assert reply.state.region == "hollands-midden"
    assert texts.REGION_ONLY.format(region="Hollands Midden") in [m.text for m in reply.messages]


def test_the_national_button_or_a_no_keeps_the_national_map_and_asks_nothing_again():
    for answer in (Turn(text=choice_payload("regio", "landelijk"), payload=True), Turn(text="nee hoor")):
        reply = handle(CATALOG, _declined().state, answer)
        shown = [m.text for m in reply.messages]
        assert reply.state.region is None and texts.MUNICIPALITY_PRIVATE in shown
        assert texts.ASK_REGION not in shown


def test_danger_at_the_region_question_still_gets_112():
    reply = handle(CATALOG, _declined().state, Turn(text="hij slaat haar nu met een stok"))
    assert any("112" in m.text for m in reply.messages)


def test_the_end_of_the_route_says_the_regions_coordinator_gets_it():
    reply = handle(CATALOG, _declined().state, Turn(text="Hollands Midden"))
    shown = " ".join(m.text for m in reply.messages)
    assert "regionale coördinator mensenhandel van Hollands Midden" in shown
    assert "Je hebt niet gezegd in welke gemeente" not in shown
