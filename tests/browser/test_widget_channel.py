"""The widget's socket.io channel (rasa_ext.channels.widget), over a real socket.

Runs against the channel harness: the real WidgetSocketIOInput in a Sanic
server, with the scripted dialogue behind it.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, List

import pytest
import socketio

from rasa_ext.channels.widget import MAX_MESSAGE_LENGTH, widget_message

pytestmark = pytest.mark.browser

NEE = '/choose{"keuze":"acute:nee"}'


class WidgetClient:
    """A socket.io client that talks to the channel like the widget does."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: List[tuple[str, Any]] = []
        for name in ("session_confirm", "bot_uttered", "widget_error"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):
        async def record(data: Any = None) -> None:
            self.events.append((name, data))

        return record

    async def __aenter__(self) -> "WidgetClient":
        await self.sio.connect(self.url, transports=["polling"], socketio_path="/socket.io")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        # With aiohttp 3.9 (pinned by Rasa) a polling client's graceful disconnect
        # waits for the long poll to time out; closing without waiting is enough here.
        eio = self.sio.eio
        read_loop = eio.read_loop_task
        await eio.disconnect(abort=True)
        if read_loop:
            read_loop.cancel()

    async def wait_for(self, name: str, count: int = 1, timeout: float = 10.0) -> List[Any]:
        """The data of the first `count` events called `name`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            found = [data for event, data in self.events if event == name]
            if len(found) >= count:
                return found[:count]
            await asyncio.sleep(0.05)
        raise AssertionError(f"no {count}x {name} within {timeout} s; got {self.events}")

    async def start_session(self, session_id: Any) -> str:
        await self.sio.emit("session_request", {"session_id": session_id})
        return (await self.wait_for("session_confirm"))[0]


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
        ({"message": "", "session_id": "a" * 32}, "empty_message"),
        ({"message": 42, "session_id": "a" * 32}, "empty_message"),
        ({"message": "x" * (MAX_MESSAGE_LENGTH + 1), "session_id": "a" * 32}, "message_too_long"),
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
