"""The REST channel (``POST /webhooks/rest/webhook``), hardened.

Differences with Rasa's own RestInput:
- the request is checked: a JSON object with a text ``sender`` and a text
  ``message``; anything else gets a 400 with a Dutch explanation, never a 500;
- very long messages are cut to MAX_MESSAGE_CHARS (the assistant is told, through
  message metadata, so it can say so);
- when the assistant produced no answer at all (the action server is down, or
  anything else broke) the channel answers with a polite message that still gives
  112 and the national numbers: the user never meets silence;
- nothing the user typed is logged.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.texts import INVALID_REQUEST, TECHNICAL_PROBLEM

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128


def bad_request(field: str, problem: str) -> HTTPResponse:
    return response.json({"error": INVALID_REQUEST, "field": field, "problem": problem}, status=400)


def parse_body(request: Request) -> tuple[Optional[dict], Optional[HTTPResponse]]:
    """The validated body, or an error response."""
    try:
        body = request.json
    except Exception:  # Sanic raises on invalid JSON
        return None, bad_request("body", "geen geldige JSON")
    if not isinstance(body, dict):
        return None, bad_request("body", "verwacht een JSON-object")
    sender = body.get("sender")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return None, bad_request("sender", f"verplicht, tekst van 1 tot {MAX_SENDER_CHARS} tekens")
    message = body.get("message")
    if message is None:
        message = ""
    if not isinstance(message, str):
        return None, bad_request("message", "moet tekst zijn")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        return None, bad_request("metadata", "moet een JSON-object zijn")
    return {"sender": sender.strip(), "message": message, "metadata": metadata or {}}, None


def cut(message: str, metadata: dict) -> tuple[str, dict]:
    """Cut an over-long message and note that in the metadata."""
    if len(message) > MAX_MESSAGE_CHARS:
        return message[:MAX_MESSAGE_CHARS], {**metadata, "truncated": True}
    return message, metadata


class SafeRestInput(RestInput):
    """REST channel with input checks and a safety net; webhook name stays ``rest``."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = parse_body(request)
            if error is not None:
                return error
            text, metadata = cut(body["message"], body["metadata"])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, body["sender"], input_channel=self.name(), metadata=metadata)
                )
            except CancelledError:
                logger.error("REST message timed out (sender %s)", body["sender"][:8])
            except Exception as exc:  # the user still gets an answer, the log no text
                logger.error("REST message failed: %s", type(exc).__name__)
            messages = collector.messages
            if not messages:
                messages = [{"recipient_id": body["sender"], "text": TECHNICAL_PROBLEM}]
            return response.json(messages)

        return hook
