"""The widget's socket.io channel (rasa_ext.channels.widget), over a real socket.

Runs against the channel harness: the real WidgetSocketIOInput in a Sanic
server, with the scripted dialogue behind it.
"""

from __future__ import annotations

import asyncio
import uuid

import pytest

from bot import texts
from rasa_ext.channels.common import MAX_MESSAGE_CHARS
from rasa_ext.channels.widget import widget_message
from tests.support.widget_client import WidgetClient

pytestmark = pytest.mark.browser

NEE = '/choose{"keuze":"acute:nee"}'


def run(coro):
    return asyncio.new_event_loop().run_until_complete(coro)


def test_bot_message_with_buttons_arrives_as_one_event_with_all_paragraphs(harness):
    async def scenario():
        async with WidgetClient(harness.url) as client:
            session = await client.start_session(uuid.uuid4().hex)
            await client.sio.emit("user_uttered", {"message": "/greet", "session_id": session})
            (greeting,) = await client.wait_for("bot_uttered")
            await asyncio.sleep(0.3)
            assert len([e for e in client.events if e[0] == "bot_uttered"]) == 1
            assert "\n\n" in greeting["text"]
            assert [b["payload"] for b in greeting["buttons"]] == ["/acute_danger", NEE]

    run(scenario())


def test_contact_card_arrives_together_with_its_text_not_twice(harness):
    async def scenario():
        async with WidgetClient(harness.url) as client:
            session = await client.start_session(uuid.uuid4().hex)
            for text in ["/greet", NEE, '/choose{"keuze":"subject:persoon"}',
                         '/choose{"keuze":"need:melden"}', '/choose{"keuze":"form:arbeid"}', "Heerlen"]:
                await client.sio.emit("user_uttered", {"message": text, "session_id": session})
                await asyncio.sleep(0.2)
            messages = await client.wait_for("bot_uttered", count=8)
            cards = [m for m in messages if "custom" in m]
            assert len(cards) == 1
            assert cards[0]["custom"]["contact"]["phone_uri"] == "tel:+318005151"
            assert "Arbeidsinspectie" in cards[0]["text"]
            assert not any(m.get("text") == "" for m in messages)

    run(scenario())


def test_reconnecting_with_the_same_session_id_continues_the_conversation(harness):
    async def scenario():
        session = uuid.uuid4().hex
        async with WidgetClient(harness.url) as client:
            await client.start_session(session)
            await client.sio.emit("user_uttered", {"message": "/greet", "session_id": session})
            await client.wait_for("bot_uttered")
        async with WidgetClient(harness.url) as client:
            assert await client.start_session(session) == session
            await client.sio.emit("user_uttered", {"message": NEE, "session_id": session})
            (reply,) = await client.wait_for("bot_uttered")
            assert "persoon" in reply["text"]

    run(scenario())


@pytest.mark.parametrize(
    "requested", [None, "", "kort", "../../etc/passwd-xxxxxxxxxxxx", "x" * 65, 12345, ["a"]]
)
def test_unusable_session_id_gets_a_fresh_one(harness, requested):
    async def scenario():
        async with WidgetClient(harness.url) as client:
            session = await client.start_session(requested)
            assert session != requested
            assert len(session) == 32 and int(session, 16) >= 0

    run(scenario())


@pytest.mark.parametrize(
    "event, code",
    [
        ("not a dict", "invalid_event"),
        ({"message": 42, "session_id": "a" * 32}, "invalid_message"),
        ({"message": "hallo"}, "invalid_session"),
        ({"message": "hallo", "session_id": "a" * 32, "metadata": "{broken"}, "invalid_metadata"),
    ],
)
def test_malformed_user_event_gets_a_widget_error_and_no_bot_reply(harness, event, code):
    async def scenario():
        async with WidgetClient(harness.url) as client:
            await client.start_session("a" * 32)
            await client.sio.emit("user_uttered", event)
            (error,) = await client.wait_for("widget_error")
            assert error == {"code": code}
            await asyncio.sleep(0.3)
            assert not [e for e in client.events if e[0] == "bot_uttered"]

    run(scenario())


def test_empty_message_gets_the_shared_empty_answer(harness):
    async def scenario():
        async with WidgetClient(harness.url) as client:
            session = await client.start_session(uuid.uuid4().hex)
            await client.sio.emit("user_uttered", {"message": "   ", "session_id": session})
            (reply,) = await client.wait_for("bot_uttered")
            assert reply == {"text": texts.EMPTY_MESSAGE}

    run(scenario())


def test_over_long_message_is_cut_and_answered(harness):
    async def scenario():
        async with WidgetClient(harness.url) as client:
            session = await client.start_session(uuid.uuid4().hex)
            await client.sio.emit("user_uttered", {"message": "x" * (MAX_MESSAGE_CHARS + 1), "session_id": session})
            (reply,) = await client.wait_for("bot_uttered")
            assert reply["text"]

    run(scenario())


def test_widget_message_keeps_only_what_the_widget_renders():
    message = {
        "text": "Bel de Arbeidsinspectie.",
        "custom": {"type": "contact_card", "contact": {"organisation": "NLA"}},
        "buttons": None,
        "quick_replies": [{"title": "Ja", "payload": "/affirm", "content_type": "text"}],
        "timestamp": 1700000000.0,
        "utter_action": "utter_contact",
        "image": None,
    }
    assert widget_message(message) == {
        "text": "Bel de Arbeidsinspectie.",
        "custom": {"type": "contact_card", "contact": {"organisation": "NLA"}},
        "buttons": [{"title": "Ja", "payload": "/affirm"}],
    }
