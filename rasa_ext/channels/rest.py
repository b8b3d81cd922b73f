"""The REST channel (``POST /webhooks/rest/webhook``), hardened.

Differences with Rasa's own RestInput:
- the request is checked: a JSON object with a text ``sender`` and a text
  ``message``; anything else gets a 400 with a Dutch explanation, never a 500;
- empty, over-long and unanswered messages follow the rules every channel shares
  (``rasa_ext.channels.common``): an empty message gets the same short answer, a
  long one is cut and the assistant says so, and when nothing answered the reply
  still gives 112 and the national numbers;
- the metadata gets a source token of the client's address (``with_source``), so the
  rate limits on reference codes count per client, not per self-chosen sender id;
- nothing the user typed is logged.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.texts import INVALID_REQUEST
from rasa_ext.channels.common import deliver_parts, inbound, with_source

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
            metadata = with_source(body["metadata"], request.ip or None,
                                   request.headers.get("x-forwarded-for"))
            message = inbound(body["message"], metadata)
            sender = body["sender"]
            if message.answer is not None:
                return response.json([{"recipient_id": sender, "text": message.answer}])
            collector = CollectingOutputChannel()

            async def fallback(text: str) -> None:
                await collector.send_text_message(sender, text)

            await deliver_parts(
                on_new_message,
                message,
                lambda text, meta: UserMessage(text, collector, sender, input_channel=self.name(), metadata=meta),
                lambda: bool(collector.messages),
                fallback,
            )
            return response.json(collector.messages)

        return hook
