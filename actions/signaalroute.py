"""The one action that runs the route: tracker in, core `respond`, one effect carried out, messages out."""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from dataclasses import asdict, fields
from datetime import datetime, timezone
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import recording
from bot import texts
from bot.catalog import CatalogSource
from bot.dialogue import State, Turn
from bot.learned import PARSE_KEY, LearnedReading
from bot.dialogue.conversation import (
    AttachHandover,
    Conversation,
    LookUpStatus,
    RecordConsultation,
    SaveReporterContact,
    describes_signal,
    finish,
    respond,
)
from bot.messages import Message
from bot.payloads import as_typed_text, domain_intents, is_button_payload
from bot.store.codes import new_reference_code

logger = logging.getLogger(__name__)

_catalog_source: Optional[CatalogSource] = None


def catalog_source() -> CatalogSource:
    """The shared catalog (loaded once, reloaded when a data file changes)."""
    global _catalog_source
    if _catalog_source is None:
        _catalog_source = CatalogSource(check_every=1.0)
    return _catalog_source


def state_from_tracker(tracker: Tracker) -> State:
    return state_from_slot(tracker.get_slot("sr_state"))


def state_from_slot(raw: Any) -> State:
    if not isinstance(raw, dict):
        return State()
    known = {f.name: raw[f.name] for f in fields(State) if f.name in raw}
    try:
        state = State(**known)
    except TypeError:
        return State()
    if not isinstance(state.answers, dict):
        state.answers = {}
    if state.handover is not None and not isinstance(state.handover, dict):
        state.handover = None
    for counter in ("asked", "misses", "danger_asks"):
        if not isinstance(getattr(state, counter), int):
            setattr(state, counter, 0)
    state.choices = tuple(c for c in state.choices or () if isinstance(c, str)) if isinstance(state.choices, (list, tuple)) else ()
    return state


def turn_from_tracker(tracker: Tracker) -> Turn:
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    intent = (latest.get("intent") or {}).get("name")
    confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
    payload = is_button_payload(text, domain_intents())
    if not payload and text.lstrip().startswith(("/", "\\")):
        # Typed with a slash but no button of ours: words to read, not an empty command.
        text = as_typed_text(text, domain_intents())
    return Turn(
        text="" if payload else text,
        intent=intent,
        confidence=1.0 if payload else confidence,
        entities=tuple(e for e in latest.get("entities") or [] if isinstance(e, dict)),
        announced=announced_danger(tracker),
        payload=payload,
        truncated=bool((latest.get("metadata") or {}).get("truncated")),
        part=_count((latest.get("metadata") or {}).get("part")),
        parts=_count((latest.get("metadata") or {}).get("parts")),
        learned=None if payload else LearnedReading.from_dict(latest.get(PARSE_KEY)),
    )


def _count(value: object) -> int:
    """A part number from the channel's metadata (1 when absent or not a small positive int)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 100 else 1


ANNOUNCEMENTS = {"utter_acute_112": "acute", "utter_possible_danger": "possible"}


def announced_danger(tracker: Tracker) -> Optional[str]:
    """"acute" or "possible" when a Rasa rule already said 112 after the latest user message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return None
        name = event.get("name") if event.get("event") == "action" else None
        if event.get("event") == "bot":
            name = (event.get("metadata") or {}).get("utter_action")
        if name in ANNOUNCEMENTS:
            return ANNOUNCEMENTS[name]
    return None


def send(dispatcher: CollectingDispatcher, messages: list[Message]) -> None:
    for message in messages:
        dispatcher.utter_message(**message.as_dict())


SEALED = "sealed"


class RefusedState(Exception):
    """A sealed state that is not this conversation's own, or older than what is stored."""


def conversation_from_tracker(tracker: Tracker) -> Conversation:
    """The conversation as the core knows it: the route state, plus the sealed code and
    description (decrypted in memory for this turn only).

    The seal names its conversation (a keyed hash of the sender id) and its revision: a state
    copied from another conversation is refused (`RefusedState`), so its code, municipality
    and reporter are never touched from here."""
    return conversation_from_slot(tracker.get_slot("sr_state"), recording.conversation_tag(tracker.sender_id))


def conversation_from_slot(raw: Any, tag: str) -> Conversation:
    """`conversation_from_tracker` for the slot of the conversation whose keyed hash is ``tag``."""
    raw = raw if isinstance(raw, dict) else {}
    sealed = recording.unseal(raw.get(SEALED))
    # An unreadable seal (expired, another key) is logged by unseal and simply not used.
    if sealed and not hmac.compare_digest(str(sealed.get("conversation", "")), tag):
        raise RefusedState("another conversation")

    def text(key: str) -> Optional[str]:
        return sealed.get(key) if isinstance(sealed.get(key), str) else None

    parts = [p for p in sealed.get("description") or [] if isinstance(p, str)]
    route = state_from_slot(raw)
    if route.handover is not None:
        # The checklist answers (redacted, but typed) are sealed like the description: the
        # tracker store would otherwise blank every answer that repeats a message.
        kept = sealed.get("handover")
        route.handover = {k: v for k, v in kept.items() if isinstance(v, str)} if isinstance(kept, dict) else {}
    revision = sealed.get("revision")
    return Conversation(
        route=route, code=text("code"), given_code=text("given_code"),
        description=parts, awaiting_contact=bool(raw.get("awaiting_contact")),
        revision=revision if isinstance(revision, int) else 0,
        held={k: v for k, v in raw["held"].items() if isinstance(v, str)} if isinstance(raw.get("held"), dict) else None,
        held_part=text("held_part"),
        contact_asked_at=raw["contact_asked_at"] if isinstance(raw.get("contact_asked_at"), (int, float)) else None,
    )


def state_events(conversation: Conversation, sender_id: str) -> list[dict[str, Any]]:
    state = conversation.route
    slot = asdict(state)
    slot["awaiting_contact"] = conversation.awaiting_contact
    slot["revision"] = conversation.revision
    slot["contact_asked_at"] = conversation.contact_asked_at
    secret = {"code": conversation.code, "given_code": conversation.given_code, "description": conversation.description,
              "handover": state.handover, "held_part": conversation.held_part}
    slot["held"] = conversation.held
    slot["handover"] = None if state.handover is None else {}
    if any(secret.values()):
        secret.update(conversation=recording.conversation_tag(sender_id), revision=conversation.revision)
        slot[SEALED] = recording.seal(secret)
    else:
        slot[SEALED] = None
    pending = "acuut" if state.pending == "acuut" else ("other" if state.pending else None)
    return [SlotSet("sr_state", slot), SlotSet("pending_question", pending)]


async def _stale(conversation: Conversation) -> bool:
    """Whether the stored consultation of this code has a later revision than this state."""
    codes = {c for c in (conversation.code, conversation.given_code) if c}
    for code in codes:
        stored = await recording.revision_on_record(code)
        if stored is not None and stored > conversation.revision:
            return True
    return False


def _officer_lookup(ended: Any) -> Optional[tuple[str, "asyncio.Task[Any]"]]:
    """The officer's contact for an outcome in a municipality, looked up in the background."""
    if ended is None or ended.kind != "outcome" or ended.municipality is None:
        return None
    code = ended.municipality.code
    return code, asyncio.ensure_future(recording.officer_contact(code))


async def _true() -> bool:
    return True


class ActionSignaalroute(Action):
    """Tracker in, core out: `respond` decides, this action only carries out its one effect."""

    def name(self) -> str:
        return "action_signaalroute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        try:
            conversation = conversation_from_tracker(tracker)
        except RefusedState as refused:
            conversation = self._refuse(str(refused))
        turn = turn_from_tracker(tracker)
        now = _message_time(tracker)
        redacted = await recording.redact(turn.text) if describes_signal(conversation, turn, now) else None
        fresh = recording.fresh_code(recording.conversation_tag(tracker.sender_id), now)
        step = respond(catalog_source().current(), conversation, turn, redacted, fresh, now)
        # The outcome's look-ups run side by side, not one after the other (each is a database
        # round trip in a thread): the officer's contact, whether this state is an older copy, and
        # the consultation limit.
        officer = _officer_lookup(step.ended)
        limited = None
        if isinstance(step.effect, (RecordConsultation, SaveReporterContact)):
            allowed = recording.consultation_allowed(_source(tracker)) \
                if isinstance(step.effect, RecordConsultation) and step.effect.revision == 1 else _true()
            stale, allowed_now = await asyncio.gather(_stale(conversation), allowed)
            limited = not allowed_now
            if stale:
                # An older copy of this conversation's state: never let it undo or add to the record.
                limited = None
                step = respond(catalog_source().current(), self._refuse("an older revision"), turn, redacted,
                               new_reference_code(), now)
        if step.effect is not None:
            step = finish(step, await self._carry_out(step.effect, tracker, limited))
        ended = step.ended
        if ended is not None and ended.kind == "outcome" and ended.municipality is not None:
            if officer is None or officer[0] != ended.municipality.code:
                officer = _officer_lookup(ended)
            contact = await officer[1]
            if contact:
                step.messages.append(Message(texts.YOUR_OFFICER.format(name=contact[0], phone=contact[1])))
        elif officer is not None:
            officer[1].cancel()
        send(dispatcher, step.messages)
        return state_events(step.conversation, tracker.sender_id)

    @staticmethod
    def _refuse(why: str) -> Conversation:
        """A fresh conversation in place of a state that is not this one's own (logged by type only)."""
        logger.warning("sealed conversation state refused: %s; starting afresh", why)
        return Conversation()

    async def _carry_out(self, effect: Any, tracker: Tracker, limited: Optional[bool] = None) -> Any:
        if isinstance(effect, RecordConsultation):
            if limited is None:
                limited = effect.revision == 1 and not await recording.consultation_allowed(_source(tracker))
            return await _record(effect, tracker.get_latest_input_channel(), limited)
        if isinstance(effect, SaveReporterContact):
            return await recording.save_reporter_contact(effect.code, effect.name, effect.contact)
        if isinstance(effect, AttachHandover):
            return await recording.attach_handover(effect.code, effect.summary)
        if isinstance(effect, LookUpStatus):
            return await recording.look_up_status(effect.code, _source(tracker))
        return None


def _source(tracker: Tracker) -> str:
    latest = tracker.latest_message or {}
    return recording.source_key(tracker.sender_id, tracker.get_latest_input_channel(), latest.get("metadata"))


def _message_time(tracker: Tracker) -> float:
    """When the latest message was sent (the Rasa server's time stamp), else now."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            stamp = event.get("timestamp")
            if isinstance(stamp, (int, float)):
                return float(stamp)
            break
    return time.time()


async def _record(effect: RecordConsultation, channel: Optional[str], limited: bool = False) -> bool:
    """Whether the consultation is durably stored (database or outbox). ``limited``: its source
    made more consultations this hour than it may; the advice is given, the record says so."""
    draft = draft_for(effect, channel)
    if limited:
        from bot import texts

        draft.description = "\n".join(p for p in (texts.CONSULTATION_LIMITED, draft.description) if p)
    return await recording.record(draft)


def draft_for(effect: RecordConsultation, channel: Optional[str], occurred_at: Optional[datetime] = None):
    """The consultation draft for a `RecordConsultation` effect."""
    from bot.store.recorder import ConsultationDraft

    ended = effect.ended
    return ConsultationDraft(
        reference_code=effect.code,
        occurred_at=occurred_at or datetime.now(timezone.utc),
        municipality_code=ended.municipality.code if ended.municipality else None,
        region_id=ended.route_map.id,
        channel=channel or "onbekend",
        route_map_id=ended.route_map.id,
        route_map_version=ended.route_map.version,
        answers=dict(ended.answers),
        outcome_code=ended.outcome.code if ended.outcome else None,
        contacts_advised=[c.id for c in ended.contacts],
        description="\n".join(effect.description),
        completed=ended.kind != "stopped",
        revision=effect.revision,
    )


def missed_turn_draft(body: dict):
    """The consultation of an acute turn the action server missed (queued by the Rasa server,
    `rasa_ext.missed_turns`), built by the same core from the state the tracker had then;
    None when that turn ends no route or its state is not its conversation's own."""
    tag = str(body.get("conversation") or "")
    stamp = float(body.get("stamp") or time.time())
    try:
        conversation = conversation_from_slot(body.get("slot"), tag)
    except RefusedState as refused:
        logger.warning("missed turn dropped: sealed state of %s", refused)
        return None
    intent = body.get("intent") if body.get("intent") in ANNOUNCEMENTS_BY_INTENT else "acute_danger"
    turn = Turn(text="", intent=intent, confidence=1.0, announced=ANNOUNCEMENTS_BY_INTENT[intent])
    step = respond(catalog_source().current(), conversation, turn, None, recording.fresh_code(tag, stamp), stamp)
    if not isinstance(step.effect, RecordConsultation):
        return None
    return draft_for(step.effect, body.get("channel"), datetime.fromtimestamp(stamp, timezone.utc))


ANNOUNCEMENTS_BY_INTENT = {"acute_danger": "acute", "possible_danger": "possible"}
