"""The same message gets the same answer on REST, socket.io (the widget) and Teams.

One Sanic server (every_channel_server.py) carries the three real channels, as
``rasa run`` does with credentials.yml. Behind them the real domain core answers
(``bot.dialogue``, no Rasa NLU), so what differs between the channels can only come
from the channels. Teams replies arrive at the Bot Framework stand-in.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Dict, List

import pytest
import requests

from bot import texts
from rasa_ext.channels.common import MAX_MESSAGE_CHARS
from tests.support.widget_client import WidgetClient
from tests.teams.botframework_standin import TeamsUser, card_of

ROOT = Path(__file__).resolve().parents[2]
SERVER = Path(__file__).with_name("every_channel_server.py")

OVER_LONG = "Bij een controle zag ik arbeidsmigranten die in een loods slapen. " * 60
UNANSWERED = "ik zag iets in de loods"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(standin, tmp_path_factory):
    """REST, socket.io and Teams on one server (every_channel_server.py), the real core behind them."""
    port = _free_port()
    teams = {"app_id": standin.app_id, "token_url": standin.token_url, "openid_metadata_url": standin.openid_url}
    env = dict(
        os.environ,
        EVERY_CHANNEL_TEAMS=json.dumps(teams),
        SIGNAALROUTE_TEAMS_APP_PASSWORD=standin.app_password,
        SIGNAALROUTE_SECRET_KEY="same-answer",
    )
    log = tmp_path_factory.mktemp("every_channel") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(SERVER), str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log.read_text()[-3000:]
            try:
                if requests.get(f"{url}/webhooks/rest/", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.3)
        standin.bot_url = f"{url}/webhooks/teams/webhook"
        yield url
    finally:
        process.terminate()
        process.wait(15)


def play(url: str, **mode: bool) -> None:
    """Let the assistant behind the channels answer normally, or play a part that is down."""
    assert requests.post(f"{url}/mode", json=mode, timeout=10).status_code == 200


@pytest.fixture(autouse=True)
def _assistant_up(server):
    play(server)


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


def answers_everywhere(url: str, standin, text: str) -> Dict[str, List[str]]:
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
    # Read in parts, as one story, on every channel: one answer at the end that says so.
    assert MAX_MESSAGE_CHARS < len(OVER_LONG) <= 2 * MAX_MESSAGE_CHARS
    answer = assert_same(answers_everywhere(server, standin, OVER_LONG))
    assert answer[0] == texts.READ_IN_PARTS.format(parts=2)
    assert texts.TOO_LONG.split("{")[0] not in " ".join(answer)


@pytest.mark.parametrize("empty", ["", "   ", "\n\t"])
def test_empty_message_gets_the_same_answer_on_every_channel(server, standin, empty):
    assert assert_same(answers_everywhere(server, standin, empty)) == [texts.EMPTY_MESSAGE]


def test_unanswered_message_gets_the_same_fallback_on_every_channel(server, standin):
    play(server, down=True)
    answer = assert_same(answers_everywhere(server, standin, UNANSWERED))
    assert answer == [texts.TECHNICAL_PROBLEM]
    assert "112" in answer[0] and "0800-5151" in answer[0]


def test_failing_assistant_gets_the_same_fallback_on_every_channel(server, standin):
    play(server, broken=True)
    assert assert_same(answers_everywhere(server, standin, UNANSWERED)) == [texts.TECHNICAL_PROBLEM]


def test_ordinary_message_gets_the_same_answer_on_every_channel(server, standin):
    assert_same(answers_everywhere(server, standin, UNANSWERED))
