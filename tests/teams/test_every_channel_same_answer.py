"""The same message gets the same answer on REST, socket.io (the widget) and Teams.

One Sanic server carries the three real channels, as ``rasa run`` does with
credentials.yml. Behind them the real domain core answers (``bot.dialogue``, no
Rasa NLU), so what differs between the channels can only come from the channels.
Teams replies arrive at the Bot Framework stand-in.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import uuid
from typing import Any, Dict, List

import pytest
import requests
from sanic import Sanic

from bot import texts
from bot.dialogue import State, Turn, handle
from rasa_ext.channels.common import MAX_MESSAGE_CHARS
from rasa_ext.channels.rest import SafeRestInput
from rasa_ext.channels.teams import TeamsInput, TeamsSettings
from rasa_ext.channels.widget import WidgetSocketIOInput
from tests.support.core_chat import CATALOG
from tests.support.widget_client import WidgetClient
from tests.teams.botframework_standin import TeamsUser, card_of

OVER_LONG = "Bij een controle zag ik arbeidsmigranten die in een loods slapen. " * 60
UNANSWERED = "ik zag iets in de loods"


class CoreAssistant:
    """Plays Rasa with the real core: one State per sender; can play a part that is down."""

    def __init__(self) -> None:
        self.states: Dict[str, State] = {}
        self.down = False  # answers nothing, as Rasa does when the action server is down
        self.broken = False  # raises, as a crashing part would

    async def __call__(self, message: Any) -> None:
        if self.broken:
            raise RuntimeError("a part is down")
        if self.down:
            return
        truncated = bool((message.metadata or {}).get("truncated"))
        turn = Turn(message.text, "nlu_fallback", 0.9, truncated=truncated)
        reply = handle(CATALOG, self.states.get(message.sender_id, State()), turn)
        self.states[message.sender_id] = reply.state
        for bot_message in reply.messages:
            shape = bot_message.as_dict()
            if "json_message" in shape:
                shape["custom"] = shape.pop("json_message")
            await message.output_channel.send_response(message.sender_id, shape)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(standin):
    """REST, socket.io and Teams on one Sanic server, the real core behind them."""
    assistant = CoreAssistant()
    settings = TeamsSettings.load(
        {"app_id": standin.app_id, "token_url": standin.token_url, "openid_metadata_url": standin.openid_url},
        {"SIGNAALROUTE_TEAMS_APP_PASSWORD": standin.app_password, "SIGNAALROUTE_SECRET_KEY": "same-answer"},
    )
    app = Sanic(f"every_channel_{uuid.uuid4().hex[:8]}", configure_logging=False)
    widget = WidgetSocketIOInput.from_credentials(
        {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}
    )
    for channel in (SafeRestInput(), widget, TeamsInput(settings)):
        app.blueprint(channel.blueprint(assistant), url_prefix=f"/webhooks/{channel.name()}")
    port = _free_port()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def start():
        server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
        await server.startup()
        await server.before_start()
        await server.after_start()
        return server

    async def stop(server):
        await server.before_stop()
        await server.close()
        await server.after_stop()

    running = asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    standin.bot_url = f"http://127.0.0.1:{port}/webhooks/teams/webhook"
    yield f"http://127.0.0.1:{port}", assistant
    asyncio.run_coroutine_threadsafe(stop(running), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture(autouse=True)
def _assistant_up(server):
    _, assistant = server
    assistant.down = assistant.broken = False


def over_rest(url: str, text: str) -> List[str]:
    answer = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": uuid.uuid4().hex, "message": text}, timeout=30
    )
    assert answer.status_code == 200
    return [message["text"] for message in answer.json()]


def over_socketio(url: str, text: str) -> List[str]:
    async def talk() -> List[str]:
        async with WidgetClient(url) as client:
            session = await client.start_session(uuid.uuid4().hex)
            await client.sio.emit("user_uttered", {"message": text, "session_id": session})
            await client.wait_for("bot_uttered")
            await asyncio.sleep(0.5)  # the rest of the turn
            return [data["text"] for event, data in client.events if event == "bot_uttered"]

    return asyncio.new_event_loop().run_until_complete(talk())


def over_teams(standin, text: str) -> List[str]:
    shown = []
    for reply in TeamsUser(standin).say(text):
        card = card_of(reply)
        shown.append(reply.get("text") or (card["body"][0]["text"] if card else ""))
    return shown


def answers_everywhere(server, standin, text: str) -> Dict[str, List[str]]:
    url, _ = server
    return {
        "rest": over_rest(url, text),
        "socketio": over_socketio(url, text),
        "teams": over_teams(standin, text),
    }


def assert_same(answers: Dict[str, List[str]]) -> List[str]:
    assert answers["rest"], answers
    assert answers["socketio"] == answers["rest"], json.dumps(answers, ensure_ascii=False, indent=1)
    assert answers["teams"] == answers["rest"], json.dumps(answers, ensure_ascii=False, indent=1)
    return answers["rest"]


def test_over_long_message_gets_the_same_answer_on_every_channel(server, standin):
    assert len(OVER_LONG) > MAX_MESSAGE_CHARS
    answer = assert_same(answers_everywhere(server, standin, OVER_LONG))
    assert answer[0] == texts.TOO_LONG


@pytest.mark.parametrize("empty", ["", "   ", "\n\t"])
def test_empty_message_gets_the_same_answer_on_every_channel(server, standin, empty):
    assert assert_same(answers_everywhere(server, standin, empty)) == [texts.EMPTY_MESSAGE]


def test_unanswered_message_gets_the_same_fallback_on_every_channel(server, standin):
    server[1].down = True
    answer = assert_same(answers_everywhere(server, standin, UNANSWERED))
    assert answer == [texts.TECHNICAL_PROBLEM]
    assert "112" in answer[0] and "0800-5151" in answer[0]


def test_failing_assistant_gets_the_same_fallback_on_every_channel(server, standin):
    server[1].broken = True
    assert assert_same(answers_everywhere(server, standin, UNANSWERED)) == [texts.TECHNICAL_PROBLEM]


def test_ordinary_message_gets_the_same_answer_on_every_channel(server, standin):
    assert_same(answers_everywhere(server, standin, UNANSWERED))
