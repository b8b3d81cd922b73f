"""Acute turns the action server missed, queued so their consultation is still recorded.

When the action server is down or frozen, the Rasa server answers 112 itself
(``rasa_ext.action_client`` gives the call up), but the route action that records the
consultation did not run. This module queues such a turn (``bot.store.turn_queue``: the action server's durable
outbox ``var/outbox.db``, or a Redis list in the cluster): the conversation as a keyed hash of its sender id,
the ``sr_state`` slot as it was (its code and description sealed, unreadable here), the intent,
the channel and the message's time stamp. Nothing typed is kept. The action server drains the
outbox at every start and with back-off, builds the consultation with the same core
(``actions.signaalroute.missed_turn_draft``) under a code derived from the conversation and the
time stamp, so a turn that the action server did handle after all is still one consultation.

Why a queue the action server drains, and not a writer of consultations in the Rasa process:
the Rasa server then needs no encryption key, no workspace database and no route catalog
(≈ 8 ms and one small SQLite insert per missed turn, against loading the maps and the store's
models into a process with 60 MB to spare); see the README, "Nothing lost".
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

logger = logging.getLogger(__name__)

RECORDED_INTENTS = frozenset({"acute_danger"})


def job_for(tracker: Any) -> Optional[dict]:
    """The job for this turn, or None when it is not an acute signal."""
    from rasa.shared.core.events import UserUttered

    from bot.settings import secret_key
    from bot.store.codes import conversation_tag

    latest = tracker.latest_message
    intent = (getattr(latest, "intent", None) or {}).get("name") if latest is not None else None
    if intent not in RECORDED_INTENTS:
        return None
    stamp = None
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            stamp = event.timestamp
            break
    if stamp is None:
        return None
    return {
        "conversation": conversation_tag(tracker.sender_id, secret_key()),
        "slot": tracker.get_slot("sr_state"),
        "intent": intent,
        "channel": tracker.get_latest_input_channel() or "onbekend",
        "stamp": float(stamp),
    }


def queue_if_acute(action_name: str, tracker: Any) -> bool:
    """Queue the turn when the route action missed an acute signal; whether it was queued."""
    if action_name != "action_signaalroute":
        return False
    try:
        job = job_for(tracker)
    except Exception as exc:  # noqa: BLE001 - 112 has been said; never break the turn
        logger.error("an acute turn could not be queued for recording (%s)", type(exc).__name__)
        return False
    if job is None:
        return False
    # In a thread: the outbox may wait on a lock (at most 10 s), the reply must not.
    asyncio.get_running_loop().run_in_executor(None, _put, job)
    return True


def _put(job: dict) -> None:
    from bot.store import turn_queue

    try:
        turn_queue.put(job)
    except Exception as exc:  # noqa: BLE001
        logger.error("an acute turn could not be queued for recording (%s)", type(exc).__name__)
        return
    logger.warning("acute turn queued for recording when the action server is back")
