"""The one action that runs the route: tracker in, core `handle`, messages out."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import asdict
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import recording
from bot import texts
from bot.catalog import CatalogSource
from bot.dialogue import Reply, State, Turn, handle
from bot.messages import Button, Message, choice_payload

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


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    for message in reply.messages:
        dispatcher.utter_message(**message.as_dict())


def state_events(state: State) -> list[dict[str, Any]]:
    pending = "acuut" if state.pending == "acuut" else ("other" if state.pending else None)
    return [SlotSet("sr_state", asdict(state)), SlotSet("pending_question", pending)]


CONTACT_CHOICE = "contact:ja"
_CODE_LIKE = re.compile(r"\bsr[\s-]*[a-z0-9]{2,}", re.IGNORECASE)
NEGATIVE = {"nee", "nee dank je", "nee bedankt", "liever niet", "anoniem", "stop"}


class ActionSignaalroute(Action):
    def name(self) -> str:
        return "action_signaalroute"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        sender = tracker.sender_id
        state = state_from_tracker(tracker)
        turn = turn_from_tracker(tracker)

        if recording.expecting_contact(sender) and not turn.payload:
            recording.expect_contact(sender, False)
            return self._contact(dispatcher, sender, turn, state)
        if _choice(turn) == CONTACT_CHOICE:
            recording.expect_contact(sender, True)
            dispatcher.utter_message(text=texts.ASK_CONTACT)
            return state_events(state)
        from bot.store.codes import find_code
        code = find_code(turn.text)
        if code or turn.intent == "ask_status":
            await self._status(dispatcher, sender, code, attempted=bool(_CODE_LIKE.search(turn.text)))
            return state_events(state)

        if turn.intent == "restart_route" or (not state.answers and state.pending is None and not state.finished):
            # A new signal (or a fresh conversation): it gets its own code. Not merely "no answers
            # yet": a danger message can empty the answers while the signal goes on.
            recording.forget(sender)
        recording.remember_description(sender, turn.text, turn.intent)
        reply = handle(catalog_source().current(), state, turn)
        send(dispatcher, reply)
        if reply.ended is not None:
            self._record(dispatcher, tracker, reply)
        elif not reply.state.answers and reply.state.pending is None:
            recording.forget(sender)  # stopped: nothing of this signal is kept
        return state_events(reply.state)

    def _record(self, dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply) -> None:
        try:
            code = recording.record(tracker.sender_id, reply.ended, tracker.get_latest_input_channel())
        except Exception as exc:  # the advice has been given; recording must never break the chat
            logger.error("Consultation not queued: %s", type(exc).__name__)
            return
        recording.remember_code(tracker.sender_id, code)
        if reply.ended.kind == "acute":
            # Right after 112 a code and "leave your name" are noise: they come when the
            # danger is handled and the route goes on to its advice.
            return
        buttons = (Button(texts.BUTTON_LEAVE_CONTACT, choice_payload("contact", "ja")),)
        dispatcher.utter_message(**Message(texts.REFERENCE_CODE.format(code=code), buttons).as_dict())

    def _contact(self, dispatcher: CollectingDispatcher, sender: str, turn: Turn, state: State) -> list[dict[str, Any]]:
        if not turn.text or turn.text.strip().lower().strip(".!") in NEGATIVE or turn.intent in ("deny", "stop"):
            dispatcher.utter_message(text=texts.CONTACT_SKIPPED)
            return state_events(state)
        code = recording.save_reporter_contact(sender, turn.text)
        dispatcher.utter_message(text=texts.CONTACT_SAVED.format(code=code) if code else texts.CONTACT_NO_CODE)
        return state_events(state)

    async def _status(self, dispatcher: CollectingDispatcher, sender: str, code: Optional[str], attempted: bool) -> None:
        if code is None:
            # A wrong code gets the same answer as an unknown one: nothing to probe.
            dispatcher.utter_message(text=texts.STATUS_UNKNOWN if attempted else texts.STATUS_ASK_CODE)
            return
        if not recording.allow_status_lookup(sender):
            dispatcher.utter_message(text=texts.STATUS_TOO_MANY)
            return
        from bot.store.status import lookup_status
        try:
            view = await asyncio.get_running_loop().run_in_executor(None, lookup_status, code)
        except Exception as exc:
            logger.error("Status look-up failed: %s", type(exc).__name__)
            dispatcher.utter_message(text=texts.STATUS_UNAVAILABLE)
            return
        if view is None:
            dispatcher.utter_message(text=texts.STATUS_UNKNOWN)
            return
        dispatcher.utter_message(text=texts.STATUS_ANSWER.format(code=code, status=view.status))
        if view.message_for_reporter:
            dispatcher.utter_message(text=texts.STATUS_MESSAGE.format(message=view.message_for_reporter))


def _choice(turn: Turn) -> Optional[str]:
    for ent in turn.entities:
        if ent.get("entity") == "keuze":
            return str(ent.get("value"))
    return None
