"""The Teams input channel: ``/webhooks/teams/webhook``, authenticate, check, dispatch."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.botframework import BotFrameworkInput
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_ext.channels.common import PART, Inbound, deliver_parts, inbound
from rasa_ext.channels.teams.activity import bot_was_added, incoming_text, missing_fields, pseudonymous_sender
from rasa_ext.channels.teams.auth import AuthenticationError, InboundAuthenticator, KeysUnavailable, SigningKeys
from rasa_ext.channels.teams.http import HttpClient
from rasa_ext.channels.teams.output import BotTokens, TeamsOutput
from rasa_ext.channels.teams.settings import ENV_APP_ID, TeamsSettings

logger = logging.getLogger(__name__)

# A Teams activity is a few kilobytes; anything this large is not one.
MAX_BODY_BYTES = 256 * 1024


@dataclass(frozen=True)
class WebhookResult:
    """The HTTP answer to the Bot Framework service."""

    status: int
    body: Dict[str, Any]


class TeamsInput(BotFrameworkInput):
    """Microsoft Teams (Bot Framework) input channel: ``/webhooks/teams/webhook``."""

    @classmethod
    def name(cls) -> Text:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TeamsInput":
        """Create the channel; every credentials key is optional (see module doc)."""
        return cls(TeamsSettings.load(credentials, os.environ))

    def __init__(self, settings: TeamsSettings) -> None:
        """Set up the channel without any network traffic (keys come on first use)."""
        # BotFrameworkInput.__init__ is skipped on purpose: it fetches keys from
        # Microsoft at start-up, which is what this channel must not do.
        self.settings = settings
        self.app_id = settings.app_id
        self.app_password = settings.app_password
        self.http = HttpClient()
        self.keys = SigningKeys(
            settings.openid_metadata_url,
            self.http,
            min_refresh_seconds=settings.key_min_refresh_seconds,
        )
        self.authenticator = InboundAuthenticator(settings, self.keys)
        self.tokens = BotTokens(settings, self.http)
        if not settings.app_id:
            logger.warning("Teams: %s is not set; the Teams webhook refuses all requests.", ENV_APP_ID)

    async def handle(
        self,
        authorization: Optional[str],
        body: bytes,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> WebhookResult:
        """Authenticate, check and dispatch one activity; never raises."""
        if not self.settings.app_id:
            return WebhookResult(503, {"error": "The Teams channel is not configured."})
        try:
            claims, jwk = await self.authenticator.authenticate(authorization)
        except AuthenticationError as refusal:
            logger.info("Teams: request refused (%s).", refusal.message)
            return WebhookResult(refusal.status, {"error": refusal.message})
        except KeysUnavailable:
            return WebhookResult(503, {"error": "Signing keys are unavailable; try again."})

        if len(body) > MAX_BODY_BYTES:
            return WebhookResult(413, {"error": "The activity is too large."})
        try:
            activity = json.loads(body)
        except ValueError:
            activity = None
        if not isinstance(activity, dict):
            return WebhookResult(400, {"error": "The body must be a JSON activity object."})
        kind = activity.get("type")
        if not isinstance(kind, str) or not kind:
            return WebhookResult(400, {"error": "The activity has no type.", "fields": {"type": "missing"}})
        if kind not in ("message", "conversationUpdate"):
            logger.debug("Teams: %s activity ignored.", kind)
            return WebhookResult(200, {"status": "ignored"})
        missing = missing_fields(activity)
        if missing:
            return WebhookResult(
                400,
                {
                    "error": "The activity misses required fields.",
                    "fields": {name: "missing or invalid" for name in missing},
                },
            )
        try:
            self.authenticator.authorise_activity(claims, jwk, activity)
        except AuthenticationError as refusal:
            logger.info("Teams: activity refused (%s).", refusal.message)
            return WebhookResult(refusal.status, {"error": refusal.message})
        return await self._dispatch(kind, activity, on_new_message)

    async def _dispatch(
        self,
        kind: str,
        activity: Dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> WebhookResult:
        output = TeamsOutput(self.tokens, self.http, activity)
        sender = pseudonymous_sender(self.settings.sender_secret, activity)
        if kind == "conversationUpdate":
            if not (bot_was_added(activity) and self.settings.welcome_payload):
                return WebhookResult(200, {"status": "ignored"})
            received = Inbound(self.settings.welcome_payload)
        else:
            received = inbound(incoming_text(activity))
            if received.answer is not None:
                await output.send_text_message(sender, received.answer)
                return WebhookResult(200, {"status": "empty"})
        activity_id = activity.get("id") if isinstance(activity.get("id"), str) else None

        def message(text: str, metadata: Dict[str, Any]) -> UserMessage:
            return UserMessage(text=text, output_channel=output, sender_id=sender, input_channel=self.name(),
                               message_id=_part_id(activity_id, metadata), metadata=metadata)

        async def fallback(fallback_text: str) -> None:
            await output.send_text_message(sender, fallback_text)

        answered = await deliver_parts(on_new_message, received, message, lambda: output.sent > 0, fallback)
        return WebhookResult(200, {"status": "ok" if answered else "failed"})

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Sanic routes: ``GET /`` (health) and ``POST /webhook`` (activities)."""
        teams_webhook = Blueprint("teams_webhook")

        @teams_webhook.listener("after_server_stop")
        async def close_http(app: Any, loop: Any) -> None:
            await self.http.close()

        @teams_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            result = await self.handle(request.headers.get("Authorization"), request.body or b"", on_new_message)
            headers = {"WWW-Authenticate": "Bearer"} if result.status == 401 else None
            return response.json(result.body, status=result.status, headers=headers)

        return teams_webhook


def _part_id(activity_id: Any, metadata: Dict[str, Any]) -> Any:
    """The activity id, and for the later parts of a long message a suffix per part."""
    part = metadata.get(PART)
    return f"{activity_id}-{part}" if activity_id and isinstance(part, int) and part > 1 else activity_id
