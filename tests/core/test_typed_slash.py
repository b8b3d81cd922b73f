"""A typed message that starts with "/" is text, unless it is one of the assistant's own
button payloads (issue 18, section 3). Rasa would read "/ hij slaat haar" as an unknown
intent: the channel layer, the NLU guard and the route action must read it as words."""

import pytest

from bot.payloads import as_typed_text, domain_intents, is_button_payload
from rasa_ext.channels.common import EMPTY_ANSWER, inbound

INTENTS = domain_intents()
BUTTONS = [
    '/choose{"keuze": "form:arbeid"}',
    '/choose{"keuze":"gemeente:GM0518"}',
    "/acute_danger",
    "/restart_route",
    "/knowledge_after_report",
    "/greet",
]
TYPED = [
    ("/ hij slaat haar nu", "hij slaat haar nu"),
    ("/hij slaat haar nu", "hij slaat haar nu"),
    ("//ze wordt vastgehouden", "ze wordt vastgehouden"),
    ("/ / er staat een man met een mes", "er staat een man met een mes"),
    ("\\ help, ze sluiten haar op", "help, ze sluiten haar op"),
    ("/xyz", "xyz"),
    ('/choose{"keuze": "form:arbeid"} en hij slaat haar', 'choose{"keuze": "form:arbeid"} en hij slaat haar'),
]


def test_the_domain_intents_are_read():
    assert {"choose", "acute_danger", "restart_route", "greet"} <= INTENTS


@pytest.mark.parametrize("payload", BUTTONS)
def test_the_assistants_own_buttons_stay_payloads(payload):
    assert is_button_payload(payload, INTENTS)
    assert as_typed_text(payload, INTENTS) == payload
    assert inbound(payload).text == payload


@pytest.mark.parametrize("typed, words", TYPED)
def test_a_typed_slash_is_read_as_text(typed, words):
    assert not is_button_payload(typed, INTENTS)
    assert as_typed_text(typed, INTENTS) == words
    received = inbound(typed)
    assert received.answer is None, "never 'Je bericht was leeg' for words behind a slash"
    assert received.text == words


@pytest.mark.parametrize("typed", ["/", " / ", "//"])
def test_a_slash_alone_is_an_empty_message(typed):
    assert inbound(typed).answer == EMPTY_ANSWER


def test_without_a_readable_domain_the_form_alone_decides():
    assert is_button_payload("/acute_danger", [])
    assert not is_button_payload("/ hij slaat haar", [])
