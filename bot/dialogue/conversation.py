"""The whole conversation around a route: the code, the description, the contact, the status.

`handle` answers one message about the route. Around it a conversation also has a reference
code for the signal in progress, the (redacted) description told so far, a reporter who may
leave a name and contact, and status questions about a code. This module decides all of that,
as pure functions on plain data: nothing here touches Rasa, HTTP, the database or the clock.

The shell (the Rasa action) does the rest, in this order:

1. read the tracker into a `Conversation` and a `Turn`;
2. when `describes_signal(conversation, turn)` is true, redact the typed text (the core never
   sees a description it would have to keep in clear text) and pass it as ``redacted``;
3. call `respond`; the `Step` holds the messages, the new conversation and at most one
   `Effect` (record a consultation, save the reporter's contact, look up a status);
4. carry out the effect and hand its result to `finish`, which gives the final messages.

Between turns the conversation lives in the tracker (route state) and, for the code and the
description, sealed (encrypted) in the same slot: a second action server, or the same one after
a restart, continues exactly where the first left off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional, Union

from bot import contact_details, texts
from bot.catalog import Catalog
from bot.danger import NONE
from bot.dialogue import handle, same_or_new
from bot.dialogue.state import Reply, RouteEnd, State, Turn
from bot.handover import HANDOVER_SUMMARY
from bot.interpret import interpret
from bot.messages import Button, Message, choice_payload
from bot.store.codes import find_code

MAX_PARTS = 20
MIN_DESCRIPTION_CHARS = 12
# What a professional says about the situation: kept (redacted) as the consultation's description.
SIGNAL_INTENTS = frozenset({
    "signal_labour", "signal_sexual", "signal_criminal", "signal_organ", "signal_location",
    "doubt", "need_report", "need_support", "worried_no_grip", "nlu_fallback", "inform_municipality", "greet",
    # Danger told with the story is part of it (the guard sets these intents from the words).
    "acute_danger", "possible_danger", "affirm", "deny",
})
DANGER_INTENTS = frozenset({"acute_danger", "possible_danger"})
CONTACT_CHOICE = "contact:ja"
CONTACT_SKIP_CHOICE = "contact:overslaan"
CONTACT_WINDOW_SECONDS = 1800  # a name typed later than this after the choice is no answer to it
NEGATIVE = frozenset({"nee", "nee dank je", "nee bedankt", "liever niet", "anoniem", "stop"})
_CODE_LIKE = re.compile(r"\bsr[\s-]*[a-z0-9]{2,}", re.IGNORECASE)


@dataclass
class Conversation:
    """Everything a conversation knows between turns."""

    route: State = field(default_factory=State)
    # The reference code of the signal in progress, chosen when the signal starts: a turn
    # retried after a crash records under the same code, so nothing is recorded twice.
    code: Optional[str] = None
    given_code: Optional[str] = None    # the last code the professional was given (for the contact)
    description: list[str] = field(default_factory=list)  # redacted parts not yet recorded
    awaiting_contact: bool = False      # the professional chose to leave a name and contact
    contact_asked_at: Optional[float] = None  # when (the turn's time), so an old choice lapses
    revision: int = 0                   # how many times a route ended in this conversation
    # New facts after a code, waiting for "same signal or a new one?" (answer vocabulary only),
    # and the redacted description part of that message.
    held: Optional[dict] = None
    held_part: Optional[str] = None


@dataclass(frozen=True)
class RecordConsultation:
    """Store the consultation durably under ``code`` (an upsert: the same signal, the same record)."""

    ended: RouteEnd
    code: str
    description: tuple[str, ...]
    revision: int = 0  # later ends of the same signal have higher revisions


@dataclass(frozen=True)
class SaveReporterContact:
    """Store the reporter's name and contact (encrypted) with the consultation of ``code``."""

    code: str
    name: str
    contact: str


@dataclass(frozen=True)
class LookUpStatus:
    """Look up the status of ``code`` (the shell applies the rate limits first)."""

    code: str


@dataclass(frozen=True)
class AttachHandover:
    """Attach the (redacted) handover summary to the consultation of ``code``, for the officer."""

    code: str
    summary: str


Effect = Union[RecordConsultation, SaveReporterContact, LookUpStatus, AttachHandover]

# Results of a status look-up besides a `bot.store.status.StatusView`.
TOO_MANY = "too_many"
UNAVAILABLE = "unavailable"


@dataclass
class Step:
    messages: list[Message]
    conversation: Conversation
    effect: Optional[Effect] = None
    ended: Optional[RouteEnd] = None


def _copy(conversation: Conversation) -> Conversation:
    return replace(conversation, description=list(conversation.description))


def _choice(turn: Turn) -> Optional[str]:
    for ent in turn.entities:
        if ent.get("entity") == "keuze":
            return str(ent.get("value"))
    return None


def _kind(conversation: Conversation, turn: Turn, now: Optional[float] = None) -> str:
    """Which sub-dialogue the message belongs to: "contact", "ask_contact", "status" or "route".

    Danger told by the Rasa server's guard always belongs to the route: a threat typed where a
    name and phone number were expected is no contact to save, it gets 112.
    """
    if not turn.payload and (turn.intent in DANGER_INTENTS or turn.announced):
        return "route"
    asked = conversation.contact_asked_at
    lapsed = now is not None and asked is not None and now - asked > CONTACT_WINDOW_SECONDS
    if conversation.awaiting_contact and not lapsed and (not turn.payload or _choice(turn) == CONTACT_SKIP_CHOICE):
        return "contact"
    if _choice(turn) == CONTACT_CHOICE:
        return "ask_contact"
    if find_code(turn.text) or (turn.intent == "ask_status" and (
            conversation.route.pending is None or _ASKS_ABOUT_STATUS.search((turn.text or "").lower()))):
        return "status"
    return "route"


# While a route question waits, the classifier's "ask_status" counts only for words that ask about a
# signal told before ("Advertenties staan er nog op, ik heb screenshots" answers the question, w51).
_ASKS_ABOUT_STATUS = re.compile(
    r"\b(?:status|referentie\w*|code|hoe staat|stand van zaken|terugkoppeling|nieuws over|al iets bekend|"
    r"wat is er (?:met|mee|gedaan|gebeurd)|gebeurd met|gedaan met|eerder gemeld|vorige melding|mijn melding|mijn signaal)\b"
)


def describes_signal(conversation: Conversation, turn: Turn, now: Optional[float] = None) -> bool:
    """Whether the typed text is part of the signal's description (the shell redacts it then)."""
    text = (turn.text or "").strip()
    return (
        _kind(conversation, turn, now) == "route"
        and not turn.payload
        and not text.startswith("/")
        and turn.intent in SIGNAL_INTENTS
        and len(text) >= MIN_DESCRIPTION_CHARS
    )


def respond(
    catalog: Catalog, conversation: Conversation, turn: Turn, redacted: Optional[str] = None,
    fresh_code: Optional[str] = None, now: Optional[float] = None,
) -> Step:
    """Answer one message. ``redacted``: the typed text after de-identification, when
    `describes_signal` said it belongs to the description; ``fresh_code``: a new random
    reference code, used when a new signal starts (the core draws no random numbers); ``now``:
    the time of the message (seconds), so a choice to leave a contact lapses after a while."""
    conversation = _copy(conversation)
    kind = _kind(conversation, turn, now)
    if kind in ("contact", "status") and _tells_danger(catalog, turn):
        kind = "route"
    asked_at = conversation.contact_asked_at
    if kind != "ask_contact" and not turn.payload:
        conversation.awaiting_contact, conversation.contact_asked_at = False, None
    if kind == "contact":
        return _contact(conversation, turn, asked_at)
    if kind == "ask_contact":
        conversation.awaiting_contact, conversation.contact_asked_at = True, now
        return Step([contact_form(texts.ASK_CONTACT)], conversation)
    if kind == "status":
        code = find_code(turn.text)
        if code is None:
            # A wrong code gets the same answer as an unknown one: nothing to probe.
            attempted = bool(_CODE_LIKE.search(turn.text or ""))
            return Step([Message(texts.STATUS_UNKNOWN if attempted else texts.STATUS_ASK_CODE)], conversation)
        return Step([], conversation, LookUpStatus(code))

    state = conversation.route
    if turn.intent == "restart_route" or (not state.answers and state.pending is None and not state.finished):
        # A new signal (or a fresh conversation): it gets its own code. Not merely "no answers
        # yet": a danger message can empty the answers while the signal goes on.
        _forget(conversation)
    if conversation.code is None and fresh_code:
        conversation.code = fresh_code
    part = redacted.strip() if redacted and describes_signal(conversation, turn) else None
    held, held_part = conversation.held, conversation.held_part
    conversation.held = conversation.held_part = None
    choice = same_or_new.answer_of(turn) if held is not None else None
    facts = same_or_new.held_facts(catalog, state, turn) if conversation.given_code and held is None else None
    if facts and same_or_new.tells_update(turn.text):
        # "ze wil toch geen aangifte", "update: ...": the same signal, said so.
        held, held_part, choice = facts, part, same_or_new.SAME
    elif facts:
        # New facts after a code: ask before anything is rewritten.
        conversation.held, conversation.held_part = facts, part
        return Step([same_or_new.question(conversation.given_code)], conversation)
    if choice is not None:
        if choice == same_or_new.NEW:
            conversation.code, conversation.description = fresh_code, []
        part = held_part
    if part:
        conversation.description = (conversation.description + [part])[-MAX_PARTS:]
    reply: Reply = (same_or_new.go_on(catalog, state, held, choice == same_or_new.SAME)
                    if choice is not None and held is not None else handle(catalog, state, turn))
    conversation.route = reply.state
    summary = handover_summary(reply.messages)
    if summary and conversation.given_code:
        return Step(list(reply.messages), conversation, AttachHandover(conversation.given_code, summary))
    if reply.ended is not None and conversation.code:
        conversation.revision += 1
        effect = RecordConsultation(reply.ended, conversation.code, tuple(conversation.description), conversation.revision)
        return Step(list(reply.messages), conversation, effect, reply.ended)
    if not reply.state.answers and reply.state.pending is None:
        _forget(conversation)  # stopped: nothing of this signal is kept
    return Step(list(reply.messages), conversation)


def _tells_danger(catalog: Catalog, turn: Turn) -> bool:
    """Whether a typed message reads as danger (the same reading the route uses)."""
    if turn.payload or not (turn.text or "").strip():
        return False
    return interpret(catalog, turn.text, turn.intent, turn.confidence, turn.entities).danger.level != NONE
def handover_summary(messages: list[Message]) -> Optional[str]:
    """The handover summary among the messages of a reply (the checklist just ended), if any."""
    for message in messages:
        if message.custom and message.custom.get("type") == HANDOVER_SUMMARY:
            return str(message.custom.get("text") or "")
    return None


def _leave_contact_button() -> Button:
    return Button(texts.BUTTON_LEAVE_CONTACT, choice_payload("contact", "ja"))


def _forget(conversation: Conversation) -> None:
    conversation.description = []
    conversation.code = None


_ASK_AGAIN = {
    contact_details.NO_REACH: texts.CONTACT_NEEDS_REACH,
    contact_details.NO_NAME: texts.CONTACT_NEEDS_NAME,
    contact_details.BAD_PHONE: texts.CONTACT_BAD_PHONE,
    contact_details.BAD_EMAIL: texts.CONTACT_BAD_EMAIL,
}


def contact_form(text: str) -> Message:
    """The question for a name and a phone or e-mail, in one turn, with a way out. Channels that
    can show a form (the widget) read ``custom``; others show the text and the button."""
    skip = Button(texts.BUTTON_CONTACT_SKIP, choice_payload("contact", "overslaan"))
    return Message(text, (skip,), custom={"type": "contact_form"})


def _contact(conversation: Conversation, turn: Turn, asked_at: Optional[float] = None) -> Step:
    text = (turn.text or "").strip()
    skipped = _choice(turn) == CONTACT_SKIP_CHOICE
    if skipped or not text or text.lower().strip(".!") in NEGATIVE or turn.intent in ("deny", "stop"):
        conversation.awaiting_contact, conversation.contact_asked_at = False, None
        return Step([Message(texts.CONTACT_SKIPPED)], conversation)
    if conversation.given_code is None:
        return Step([Message(texts.CONTACT_NO_CODE)], conversation)
    details = contact_details.read_contact(text)
    if details.problem != contact_details.OK:
        # A name alone, or a number that is no number: nobody could be reached. Ask again.
        conversation.awaiting_contact, conversation.contact_asked_at = True, asked_at
        return Step([contact_form(_ASK_AGAIN[details.problem])], conversation)
    return Step([], conversation, SaveReporterContact(conversation.given_code, details.name, details.reach))


def finish(step: Step, result: object) -> Step:
    """The messages once the shell carried out ``step.effect`` with ``result``:

    - `RecordConsultation`: True when the consultation is durably stored (database or outbox);
    - `SaveReporterContact`: True when stored;
    - `LookUpStatus`: a StatusView, None (unknown code), `TOO_MANY` or `UNAVAILABLE`.
    """
    effect, conversation = step.effect, _copy(step.conversation)
    messages = list(step.messages)
    if isinstance(effect, RecordConsultation):
        if not result:
            # Not stored: the description stays, so a later end of the route tries again.
            if effect.ended.kind != "acute":
                messages.append(Message(texts.NOT_RECORDED))
            return Step(messages, conversation, None, step.ended)
        conversation.given_code = effect.code
        recorded = set(effect.description)
        conversation.description = [p for p in conversation.description if p not in recorded]
        if effect.ended.kind != "acute":
            # Right after 112 a code and "leave your name" are noise: they come when the
            # danger is handled and the route goes on to its advice.
            messages.append(Message(texts.REFERENCE_CODE.format(code=effect.code), (_leave_contact_button(),),
                                    custom={"type": "reference_code"}))
        return Step(messages, conversation, None, step.ended)
    if isinstance(effect, SaveReporterContact):
        template = texts.CONTACT_SAVED if result else texts.CONTACT_NOT_SAVED
        messages.append(Message(template.format(code=effect.code)))
        return Step(messages, conversation)
    if isinstance(effect, AttachHandover):
        # The option to leave a name and contact stays after a handover.
        template = texts.HANDOVER_ATTACHED if result else texts.HANDOVER_NOT_ATTACHED
        messages.append(Message(template.format(code=effect.code), (_leave_contact_button(),)))
        return Step(messages, conversation)
    if isinstance(effect, LookUpStatus):
        if result == TOO_MANY:
            messages.append(Message(texts.STATUS_TOO_MANY))
        elif result == UNAVAILABLE:
            messages.append(Message(texts.STATUS_UNAVAILABLE))
        elif result is None:
            messages.append(Message(texts.STATUS_UNKNOWN))
        else:
            messages.append(Message(texts.STATUS_ANSWER.format(code=effect.code, status=result.status)))
            if getattr(result, "message_for_reporter", None):
                messages.append(Message(texts.STATUS_MESSAGE.format(message=result.message_for_reporter)))
        return Step(messages, conversation)
    return Step(messages, conversation, None, step.ended)
