"""The one action that runs the route: tracker in, core `respond`, one effect carried out, messages out."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from datetime import datetime, timezone
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import recording
from bot.catalog import CatalogSource
from bot.dialogue import State, Turn
from bot.learned import PARSE_KEY, LearnedReading
from bot.dialogue.conversation import (
    Conversation,
    LookUpStatus,
    RecordConsultation,
    SaveReporterContact,
    describes_signal,
    finish,
    respond,
)
from bot.messages import Message
from bot.store.codes import new_reference_code

logger = logging.getLogger(__name__)

_catalog_source: Optional[CatalogSource] = None


def catalog_source() -> CatalogSource:
    """The shared catalog (loaded once, reloaded when a data file changes)."""
    global _catalog_source
    if _catalog_source is None:
        _catalog_source = CatalogSource()
    return _catalog_source


def state_from_tracker(tracker: Tracker) -> State:
    raw = tracker.get_slot("sr_state") or {}
    if not isinstance(raw, dict):
        return State()
    known = {k: raw[k] for k in ("municipality", "answers", "pending", "misses", "finished", "confirm", "minor", "minor_told", "handover") if k in raw}
    try:
        state = State(**known)
    except TypeError:
        return State()
    if not isinstance(state.answers, dict):
        state.answers = {}
    if state.handover is not None and not isinstance(state.handover, dict):
        state.handover = None
    return state


def turn_from_tracker(tracker: Tracker) -> Turn:
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    intent = (latest.get("intent") or {}).get("name")
    confidence = float((latest.get("intent") or {}).get("confidence") or 0.0)
    payload = text.startswith("/")
    return Turn(
        text="" if payload else text,
        intent=intent,
        confidence=1.0 if payload else confidence,
        entities=tuple(e for e in latest.get("entities") or [] if isinstance(e, dict)),
        announced=announced_danger(tracker),
        payload=payload,
        truncated=bool((latest.get("metadata") or {}).get("truncated")),
        learned=None if payload else LearnedReading.from_dict(latest.get(PARSE_KEY)),
    )


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


def conversation_from_tracker(tracker: Tracker) -> Conversation:
    """The conversation as the core knows it: the route state, plus the sealed code and
    description (decrypted in memory for this turn only)."""
    raw = tracker.get_slot("sr_state")
    raw = raw if isinstance(raw, dict) else {}
    sealed = recording.unseal(raw.get(SEALED))

    def text(key: str) -> Optional[str]:
        return sealed.get(key) if isinstance(sealed.get(key), str) else None

    parts = [p for p in sealed.get("description") or [] if isinstance(p, str)]
    return Conversation(
        route=state_from_tracker(tracker), code=text("code"), given_code=text("given_code"),
        description=parts, awaiting_contact=bool(raw.get("awaiting_contact")),
        revision=raw["revision"] if isinstance(raw.get("revision"), int) else 0,
        contact_asked_at=raw["contact_asked_at"] if isinstance(raw.get("contact_asked_at"), (int, float)) else None,
    )


def state_events(conversation: Conversation) -> list[dict[str, Any]]:
    state = conversation.route
    slot = asdict(state)
    slot["awaiting_contact"] = conversation.awaiting_contact
    slot["revision"] = conversation.revision
    slot["contact_asked_at"] = conversation.contact_asked_at
    secret = {"code": conversation.code, "given_code": conversation.given_code, "description": conversation.description}
    slot[SEALED] = recording.seal(secret) if any(secret.values()) else None
    pending = "acuut" if state.pending == "acuut" else ("other" if state.pending else None)
    return [SlotSet("sr_state", slot), SlotSet("pending_question", pending)]


class ActionSignaalroute(Action):
    """Tracker in, core out: `respond` decides, this action only carries out its one effect."""

    def name(self) -> str:
        return "action_signaalroute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        conversation = conversation_from_tracker(tracker)
        turn = turn_from_tracker(tracker)
        now = _message_time(tracker)
        redacted = await recording.redact(turn.text) if describes_signal(conversation, turn, now) else None
        step = respond(catalog_source().current(), conversation, turn, redacted, new_reference_code(), now)
        if step.effect is not None:
            step = finish(step, await self._carry_out(step.effect, tracker))
        send(dispatcher, step.messages)
        return state_events(step.conversation)

    async def _carry_out(self, effect: Any, tracker: Tracker) -> Any:
        if isinstance(effect, RecordConsultation):
            return await _record(effect, tracker.get_latest_input_channel())
        if isinstance(effect, SaveReporterContact):
            return await recording.save_reporter_contact(effect.code, effect.name, effect.contact)
        if isinstance(effect, LookUpStatus):
            latest = tracker.latest_message or {}
            source = recording.source_key(tracker.sender_id, tracker.get_latest_input_channel(), latest.get("metadata"))
            return await recording.look_up_status(effect.code, source)
        return None


def _message_time(tracker: Tracker) -> float:
    """When the latest message was sent (the Rasa server's time stamp), else now."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            stamp = event.get("timestamp")
            if isinstance(stamp, (int, float)):
                return float(stamp)
            break
    return time.time()


async def _record(effect: RecordConsultation, channel: Optional[str]) -> bool:
    """Whether the consultation is durably stored (database or outbox)."""
    from bot.store.recorder import ConsultationDraft

    ended = effect.ended
    draft = ConsultationDraft(
        reference_code=effect.code,
        occurred_at=datetime.now(timezone.utc),
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
    return await recording.record(draft)
