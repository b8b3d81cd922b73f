"""Socket.IO channel for the Signaalroute intranet widget.

Rasa's stock ``SocketIOInput`` splits one bot message into several events: text
paragraphs become separate messages and a ``custom`` payload is emitted with a
broken signature. The widget needs each bot message as ONE ``bot_uttered`` event
(text + buttons + custom together), so that a contact card replaces its plain-text
version instead of appearing twice.

This channel also validates what a browser sends before it reaches the dialogue:
a malformed event gets a ``widget_error`` event (the widget explains it politely)
instead of a server traceback. Empty, over-long and unanswered messages follow
the rules every channel shares (``rasa_ext.channels.common``).

Each message gets the signed source token of the client's address
(``common.with_source``), taken from the socket.io handshake, so rate limits (status
look-ups) count per client address as on REST, not for all widget users together.
X-Forwarded-For is believed only from loopback or ``SIGNAALROUTE_TRUSTED_PROXIES``.

credentials.yml::

    rasa_ext.channels.widget.WidgetSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true
      # optional: origins that may connect (default: SIGNAALROUTE_ALLOWED_ORIGINS,
      # which defaults to the workspace's own origin; never any origin)
      cors_allowed_origins: ["https://intranet.example.nl"]
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import (
    InputChannel,
    OutputChannel,
    UserMessage,
    decode_bearer_token,
)
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncManager, AsyncRedisManager, AsyncServer

from rasa_ext.channels.common import deliver_parts, inbound, with_source

logger = logging.getLogger(__name__)

REDIS_URL_ENV = "SIGNAALROUTE_REDIS_URL"

# Session ids are room names shared by every tab of one conversation; only accept
# the unguessable random ids the widget creates (hex uuid4), never free text.
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# The keys of a Rasa bot message that mean something to the widget.
_FORWARDED_KEYS = ("text", "buttons", "custom", "image", "attachment")


def widget_message(message: Dict[Text, Any]) -> Dict[Text, Any]:
    """Return the widget event for one Rasa bot message (text, buttons, custom).

    Keeps only what the widget renders, so tracker metadata (timestamps, the
    utter action's name) never travels to the browser. ``quick_replies`` are
    treated as buttons.
    """
    event: Dict[Text, Any] = {}
    for key in _FORWARDED_KEYS:
        if message.get(key):
            event[key] = message[key]
    buttons = event.get("buttons") or message.get("quick_replies") or []
    if buttons:
        event["buttons"] = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in buttons
            if isinstance(b, dict)
        ]
    return event


class WidgetSocketIOOutput(OutputChannel):
    """Sends every bot message to the widget as one event."""

    @classmethod
    def name(cls) -> Text:
        """Channel name stored with the conversation (the same as Rasa's own)."""
        return "socketio"

    def __init__(self, sio: AsyncServer, bot_message_evt: Text) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt
        self.sent = 0

    async def _emit(self, recipient_id: Text, event: Dict[Text, Any]) -> None:
        if event:
            self.sent += 1
            await self.sio.emit(self.bot_message_evt, event, room=recipient_id)

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        """Send text, buttons and custom payload of one bot message together."""
        await self._emit(recipient_id, widget_message(message))

    async def send_text_message(
        self, recipient_id: Text, text: Text, **kwargs: Any
    ) -> None:
        """Send a plain text message (paragraphs stay in one message)."""
        await self._emit(recipient_id, widget_message({"text": text}))

    async def send_text_with_buttons(
        self,
        recipient_id: Text,
        text: Text,
        buttons: List[Dict[Text, Any]],
        **kwargs: Any,
    ) -> None:
        """Send a question with its answer buttons."""
        await self._emit(recipient_id, widget_message({"text": text, "buttons": buttons}))

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Send a custom payload (for example a contact card) on its own."""
        await self._emit(recipient_id, widget_message({"custom": json_message}))

    async def send_image_url(
        self, recipient_id: Text, image: Text, **kwargs: Any
    ) -> None:
        """Send an image link."""
        await self._emit(recipient_id, {"image": image})

    async def send_attachment(  # type: ignore[override]
        self, recipient_id: Text, attachment: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Send an attachment."""
        await self._emit(recipient_id, {"attachment": attachment})


def client_manager() -> Optional[AsyncManager]:
    """Socket.io rooms shared by every Rasa server when ``SIGNAALROUTE_REDIS_URL`` is set.

    A reply is emitted to the conversation's room (its session id); with several Rasa
    servers, a tab that reconnected to another server is in that room there, so the emit
    goes through Redis to every server. One server alone keeps its rooms in memory.
    """
    url = os.environ.get(REDIS_URL_ENV)
    if not url:
        return None
    return AsyncRedisManager(url, channel="signaalroute-widget")


def _user_message_problem(
    data: Any, session_persistence: bool, metadata_key: Text
) -> Optional[Text]:
    """Return why a ``user_uttered`` event cannot be handled, or None if it can."""
    if not isinstance(data, dict):
        return "invalid_event"
    message = data.get("message")
    if message is not None and not isinstance(message, str):
        return "invalid_message"
    if session_persistence and not _valid_session_id(data.get("session_id")):
        return "invalid_session"
    metadata = data.get(metadata_key)
    if metadata is not None and not isinstance(metadata, dict):
        return "invalid_metadata"
    return None


def connection_address(environ: Dict) -> tuple[Optional[Text], Optional[Text]]:
    """The peer address and X-Forwarded-For of a socket.io connection, from its environ.

    The peer comes from the Sanic request: python-engineio's Sanic driver fills
    ``REMOTE_ADDR`` with a fixed ``127.0.0.1``, which would make every peer look like a
    trusted proxy and let any browser pick its own rate-limit bucket through
    X-Forwarded-For. ``REMOTE_ADDR`` is used only by other servers (ASGI, WSGI) that
    fill it with the real peer.
    """
    request = environ.get("sanic.request")
    if request is not None:
        try:
            peer = request.ip or None
        except Exception:  # noqa: BLE001 - no connection info: no peer, one shared bucket
            peer = None
    else:
        peer = environ.get("REMOTE_ADDR") or None
    return peer, environ.get("HTTP_X_FORWARDED_FOR") or None


def _valid_session_id(session_id: Any) -> bool:
    return isinstance(session_id, str) and bool(_SESSION_ID.match(session_id))


class WidgetSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel, with one event per bot message and input checks.

    Also fixes Rasa 3.6's ``session_persistence`` with python-socketio >= 5.10, where
    ``enter_room`` is a coroutine that the stock channel never awaits, so the client
    never joins its session's room and replies after a reconnect are lost
    (RasaHQ/rasa#13027). With several Rasa servers the rooms live in Redis
    (:func:`client_manager`).
    """

    cors_allowed_origins: List[Text] = []

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        """Build the channel from its credentials.yml section."""
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            credentials.get("session_persistence", False),
            credentials.get("socketio_path", "/socket.io"),
            credentials.get("jwt_key"),
            credentials.get("jwt_method", "HS256"),
            credentials.get("metadata_key", "metadata"),
        )
        # An empty list would switch python-engineio's origin check off (Rasa's stock
        # channel does that): fall back to the configured origins instead.
        from bot.settings import allowed_origins

        channel.cors_allowed_origins = list(credentials.get("cors_allowed_origins") or allowed_origins())
        return channel

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Output channel for messages not triggered by the user (e.g. reminders)."""
        if self.sio is None:
            return None
        return WidgetSocketIOOutput(self.sio, self.bot_message_evt)

    def _authorised(self, auth: Optional[Dict]) -> bool:
        if not self.jwt_key:
            return True
        token = auth.get("token") if isinstance(auth, dict) else None
        if not token:
            return False
        return bool(decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Socket.IO server and health route, as in Rasa, with the widget's rules."""
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.cors_allowed_origins,
            client_manager=client_manager(),
        )
        socketio_webhook = SocketBlueprint(
            sio, self.socketio_path, "widget_socketio_webhook", __name__
        )
        self.sio = sio
        namespace = self.namespace

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not self._authorised(auth):
                return False
            # The address is known only at the handshake (later events carry no request):
            # keep it in the connection's session, which ends with the connection.
            peer, forwarded_for = connection_address(environ)
            await sio.save_session(sid, {"peer": peer, "forwarded_for": forwarded_for}, namespace=namespace)
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            # An unusable id (absent, or not one the widget made) gets a fresh
            # one: the conversation restarts instead of joining a foreign room.
            session_id = requested if _valid_session_id(requested) else uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            problem = _user_message_problem(
                data, self.session_persistence, self.metadata_key
            )
            if problem:
                logger.info("Ignored widget event from %s: %s", sid, problem)
                await sio.emit("widget_error", {"code": problem}, room=sid, namespace=namespace)
                return
            sender_id = data["session_id"] if self.session_persistence else sid
            output = WidgetSocketIOOutput(sio, self.bot_message_evt)
            # Rate limits count per client address (signed token), not per session id,
            # which a browser can renew at will; a token the browser sent is replaced.
            try:
                connection = await sio.get_session(sid, namespace=namespace)
            except KeyError:  # the connection just ended: no address, the shared bucket
                connection = {}
            metadata = with_source(data.get(self.metadata_key) or {}, connection.get("peer"),
                                   connection.get("forwarded_for"))
            received = inbound(data.get("message"), metadata)
            if received.answer is not None:
                await output._emit(sender_id, {"text": received.answer})
                return
            def message(text: str, meta: dict) -> UserMessage:
                return UserMessage(text, output, sender_id, input_channel=self.name(), metadata=meta)

            async def fallback(text: str) -> None:
                await output._emit(sender_id, {"text": text})

            await deliver_parts(on_new_message, received, message, lambda: output.sent > 0, fallback)

        return socketio_webhook
