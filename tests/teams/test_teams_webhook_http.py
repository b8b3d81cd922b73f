"""The Teams webhook over real HTTP: the channel's Sanic blueprint, mounted where
Rasa mounts it (/webhooks/teams/), called by the Bot Framework stand-in.

The ``Assistant`` fixture stands in for Rasa's agent, so these run without a
trained model; tests/teams/test_teams_e2e.py repeats the story with real Rasa.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
import requests
from sanic import Sanic

from rasa_ext.channels.teams import TeamsInput, TeamsSettings
from tests.teams.botframework_standin import TeamsUser, card_of, check_odd_activities, submit_actions
from tests.teams.rasa_standin import Assistant


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def webhook(standin):
    """A Sanic server with the Teams blueprint; yields the assistant behind it."""
    settings = TeamsSettings.load(
        {"app_id": standin.app_id, "token_url": standin.token_url, "openid_metadata_url": standin.openid_url},
        {"SIGNAALROUTE_TEAMS_APP_PASSWORD": standin.app_password, "SIGNAALROUTE_SECRET_KEY": "http-test"},
    )
    assistant = Assistant()
    channel = TeamsInput(settings)
    app = Sanic(f"teams_http_{id(channel)}", configure_logging=False)
    app.blueprint(channel.blueprint(assistant), url_prefix="/webhooks/teams")
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

    server = asyncio.run_coroutine_threadsafe(start(), loop).result(30)
    standin.bot_url = f"http://127.0.0.1:{port}/webhooks/teams/webhook"
    yield assistant
    asyncio.run_coroutine_threadsafe(stop(server), loop).result(30)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.fixture(autouse=True)
def _fresh_assistant(webhook):
    webhook.heard.clear()
    webhook.answers.clear()


def test_health_route_answers(webhook, standin):
    assert requests.get(standin.bot_url.removesuffix("webhook"), timeout=10).json() == {"status": "ok"}


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda s: None, id="no-token"),
        pytest.param(lambda s: s.inbound_token()[:-12] + "AAAAAAAAAAAA", id="bad-signature"),
        pytest.param(lambda s: s.inbound_token(audience="another-bot"), id="wrong-audience"),
        pytest.param(lambda s: s.inbound_token(lifetime=-3600), id="expired"),
    ],
)
def test_bad_tokens_are_refused_and_the_bot_stays_silent(webhook, standin, make_token):
    user = TeamsUser(standin)
    token = make_token(standin)
    before = len(standin.replies)

    answer = standin.send(user.message("hallo"), **({"token": token} if token else {"authorization": None}))

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert "error" in answer.json() and "Traceback" not in answer.text
    time.sleep(0.5)
    assert standin.replies[before:] == [] and webhook.heard == []


def test_typed_message_and_click_round_trip(webhook, standin):
    user = TeamsUser(standin)
    webhook.answers["hallo"] = [
        {
            "text": "Is er nu direct gevaar?",
            "buttons": [
                {"title": "Ja, nu gevaar", "payload": "/acute_danger"},
                {"title": "Nee", "payload": '/choose{"keuze":"acute:nee"}'},
            ],
        }
    ]

    replies = user.say("hallo")
    no = submit_actions(card_of(replies[0]))[1]
    user.press(no)

    assert [m.text for m in webhook.heard] == ["hallo", '/choose{"keuze":"acute:nee"}']


def test_odd_activities_get_sane_answers(webhook, standin):
    check_odd_activities(standin)
    # Only the over-long message reaches the assistant, in parts between words.
    assert [m.metadata for m in webhook.heard] == [{"part": i, "parts": 3} for i in (1, 2, 3)]
