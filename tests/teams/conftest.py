"""Fixtures for the Teams channel tests: the Bot Framework stand-in and the channel."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import secrets
import uuid
from typing import Any, Callable

import pytest

from rasa_ext.channels.teams import TeamsInput, TeamsSettings
from tests.teams.botframework_standin import BotFrameworkStandIn, TeamsUser
from tests.teams.rasa_standin import Assistant


@pytest.fixture(scope="session")
def standin() -> BotFrameworkStandIn:
    """The Bot Framework stand-in on 127.0.0.1, with its own app id and password."""
    service = BotFrameworkStandIn(app_id=str(uuid.uuid4()), app_password=secrets.token_urlsafe(24))
    service.start()
    yield service
    service.stop()


@pytest.fixture
def settings(standin: BotFrameworkStandIn) -> TeamsSettings:
    """Channel settings pointing at the stand-in (as credentials.yml would)."""
    credentials = {
        "app_id": standin.app_id,
        "token_url": standin.token_url,
        "openid_metadata_url": standin.openid_url,
    }
    environ = {
        "SIGNAALROUTE_TEAMS_APP_PASSWORD": standin.app_password,
        "SIGNAALROUTE_SECRET_KEY": "test-secret",
    }
    return TeamsSettings.load(credentials, environ)


@dataclasses.dataclass
class ChannelHarness:
    """The real TeamsInput plus helpers to feed it signed activities."""

    channel: TeamsInput
    standin: BotFrameworkStandIn
    assistant: Assistant

    def post(self, activity: Any, *, authorization: Any = "default", raw: bytes = None, token: str = None):
        """Run one webhook call through ``TeamsInput.handle``; return (result, new replies)."""
        if authorization == "default":
            authorization = f"Bearer {token or self.standin.inbound_token()}"
        body = raw if raw is not None else json.dumps(activity).encode("utf-8")
        before = len(self.standin.replies)
        result = asyncio.run(self._handle(authorization, body))
        return result, self.standin.replies[before:]

    async def _handle(self, authorization: Any, body: bytes):
        try:
            return await self.channel.handle(authorization, body, self.assistant)
        finally:
            await self.channel.http.close()


@pytest.fixture
def make_harness(settings: TeamsSettings, standin: BotFrameworkStandIn) -> Callable[..., ChannelHarness]:
    """A fresh channel (empty key and token caches) wired to the stand-in,
    with some settings changed."""

    def build(**changes: Any) -> ChannelHarness:
        channel = TeamsInput(dataclasses.replace(settings, **changes))
        return ChannelHarness(channel, standin, Assistant())

    return build


@pytest.fixture
def harness(make_harness: Callable[..., ChannelHarness]) -> ChannelHarness:
    """A fresh channel with the stand-in settings."""
    return make_harness()


@pytest.fixture
def user(standin: BotFrameworkStandIn) -> TeamsUser:
    """A Teams user in a new personal chat."""
    return TeamsUser(standin)
