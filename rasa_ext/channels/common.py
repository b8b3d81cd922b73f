"""What every channel does the same way: the input limit, the empty message, the fallback.

REST, the widget's socket.io channel and Teams each turn their own request into a
text; from there on this module decides, so the answer never depends on the channel:

- **empty text** (nothing typed, a card click without a payload): the channel answers
  ``texts.EMPTY_MESSAGE`` itself; there is nothing for the assistant to read;
- **a typed slash** ("/ hij slaat haar nu"): Rasa would read it as an unknown
  ``/intent``; unless it is one of the assistant's own button payloads the slashes are
  dropped and the words are read as text (``bot.payloads``), danger guard included;
- **long text**: split into parts of at most ``MAX_MESSAGE_CHARS`` (at word boundaries)
  that are handed on one after the other as one message each, with ``metadata["part"]``
  and ``metadata["parts"]``: the assistant reads every part (danger included) and joins
  them into one story, answering once at the end. Beyond ``MAX_PARTS`` parts the rest is
  cut and ``metadata["truncated"]`` says so (``texts.TOO_LONG``: send the rest in a new
  message). Nothing is dropped without a word;
- **nothing answered** (the action server is down, an exception, a time-out): the
  channel sends ``texts.TECHNICAL_PROBLEM``, which still gives 112 and the national
  numbers. Never silence.

Nothing the user typed is logged here.
"""

from __future__ import annotations

import logging
from asyncio import CancelledError
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping, Optional

from rasa.core.channels.channel import UserMessage

from bot import texts
from bot.dialogue import MAX_PARTS, MAX_TEXT
from bot.payloads import as_typed_text, domain_intents

logger = logging.getLogger(__name__)

# One limit for every channel, the same one the core applies.
MAX_MESSAGE_CHARS = MAX_TEXT
PART, PARTS = "part", "parts"
# A cut looks back this far for a space, so the last word read is a whole word.
_WORD_BOUNDARY_WINDOW = 80
TRUNCATED = "truncated"

EMPTY_ANSWER = texts.EMPTY_MESSAGE
NOTHING_ANSWERED = texts.TECHNICAL_PROBLEM


@dataclass(frozen=True)
class Inbound:
    """A user message as the assistant gets it, or the answer the channel gives itself."""

    text: str
    metadata: dict = field(default_factory=dict)
    answer: Optional[str] = None  # set when the channel answers without the assistant
    more: tuple[str, ...] = ()     # the next parts of a long message, read after `text`

    def parts(self) -> list[tuple[str, dict]]:
        """(text, metadata) of every part, in order."""
        texts_ = [self.text, *self.more]
        if len(texts_) == 1:
            return [(self.text, self.metadata)]
        return [(t, {**self.metadata, PART: i, PARTS: len(texts_)}) for i, t in enumerate(texts_, start=1)]


def inbound(text: Any, metadata: Optional[Mapping[str, Any]] = None) -> Inbound:
    """Apply the shared rules to what a user sent: empty gets an answer, long is cut."""
    meta = dict(metadata or {})
    if isinstance(text, str):
        text = as_typed_text(text, domain_intents())
    if not isinstance(text, str) or not text.strip():
        return Inbound("", meta, answer=EMPTY_ANSWER)
    if len(text) <= MAX_MESSAGE_CHARS:
        return Inbound(text, meta)
    parts, cut_off = split(text)
    if cut_off:
        meta = {**meta, TRUNCATED: True}
    return Inbound(parts[0], meta, more=tuple(parts[1:]))


def with_source(metadata: Mapping[str, Any], peer: Optional[str], forwarded_for: Optional[str]) -> dict:
    """The metadata with the source token of the client's address (for shared rate limits).

    Whatever a client sent under that key is replaced: only the channel knows the address.
    X-Forwarded-For counts only when the peer is loopback or a trusted proxy. Any channel
    that knows the peer address (REST, socket.io) calls this.
    """
    from bot.store.ratelimit import SOURCE_METADATA_KEY, client_address, source_token

    meta = {k: v for k, v in (metadata or {}).items() if k != SOURCE_METADATA_KEY}
    address = client_address(peer, forwarded_for)
    if address:
        try:
            meta[SOURCE_METADATA_KEY] = source_token(address)
        except Exception as error:  # noqa: BLE001 - no token: the action counts the channel as one source
            logger.error("no source token (%s).", type(error).__name__)
    return meta


def cut(text: str) -> str:
    """The first MAX_MESSAGE_CHARS characters, ending on a whole word when one ends nearby."""
    head = text[:MAX_MESSAGE_CHARS]
    space = head.rfind(" ", MAX_MESSAGE_CHARS - _WORD_BOUNDARY_WINDOW)
    return head[:space].rstrip() if space > 0 else head


def split(text: str) -> tuple[list[str], bool]:
    """`text` in parts of at most MAX_MESSAGE_CHARS, cut between words; at most MAX_PARTS.
    The flag says whether text was left over."""
    parts: list[str] = []
    rest = text.strip()
    while rest and len(parts) < MAX_PARTS:
        part = cut(rest) if len(rest) > MAX_MESSAGE_CHARS else rest
        parts.append(part)
        rest = rest[len(part):].strip()
    return parts, bool(rest)


async def deliver_parts(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    received: Inbound,
    make: Callable[[str, dict], UserMessage],
    answered: Callable[[], bool],
    send_fallback: Callable[[str], Awaitable[Any]],
) -> bool:
    """Every part of a (long) message to the assistant, one after the other; see :func:`deliver`.

    The assistant answers a part only when it tells of danger, and the whole at the last
    part; so the fallback is judged after the last one.
    """
    parts = received.parts()
    for text, metadata in parts[:-1]:
        await deliver(on_new_message, make(text, metadata), lambda: True, send_fallback)
    text, metadata = parts[-1]
    return await deliver(on_new_message, make(text, metadata), answered, send_fallback)


async def deliver(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    answered: Callable[[], bool],
    send_fallback: Callable[[str], Awaitable[Any]],
) -> bool:
    """Hand a message to the assistant; when nothing was answered, send the fallback.

    Never raises. Returns True when the assistant itself answered.
    """
    channel = message.input_channel or "channel"
    try:
        await on_new_message(message)
    except CancelledError:  # a time-out in Rasa; not an Exception since Python 3.8
        logger.error("%s: answering timed out.", channel)
    except Exception as error:  # noqa: BLE001 - the user must hear something, never a 500
        logger.error("%s: answering failed (%s).", channel, type(error).__name__)
    if answered():
        return True
    try:
        await send_fallback(NOTHING_ANSWERED)
    except Exception as error:  # noqa: BLE001 - the connection itself is gone
        logger.error("%s: the fallback could not be sent (%s).", channel, type(error).__name__)
    return False
