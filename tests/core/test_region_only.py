"""A region without a municipality (issue 14): the route follows the region's map and ends there."""

from bot import texts
from bot.dialogue import PRIVATE_MUNICIPALITY
from tests.support.core_chat import Chat


def test_naming_only_the_region_follows_that_regions_map():
    chat = Chat()
    out = chat.say("Ik werk voor de regio Hollands Midden")
    assert texts.REGION_ONLY.format(region="Hollands Midden") in out
    assert chat.state.municipality == PRIVATE_MUNICIPALITY and chat.state.region == "hollands-midden"
    chat.say("nee, geen direct gevaar")
    chat.click(chat.button("subject:locatie"))
    chat.click(chat.button("location_signal:arbeid"))
    [ended] = chat.ended
    assert ended.route_map.id == "hollands-midden" and ended.municipality is None


def test_liever_niet_zeggen_then_the_region():
    chat = Chat()
    chat.say("Ik zag iets in een nagelsalon, geen direct gevaar")
    chat.say("liever niet zeggen")
    assert chat.state.municipality == PRIVATE_MUNICIPALITY and chat.state.region is None
    chat.say("wel de regio: Zuid-Limburg")
    assert chat.state.region == "zuid-limburg"
