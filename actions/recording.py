"""Consultation recording and status look-ups for the chat, off the reply's path.

The professional's description is kept only in this process's memory while the
conversation lives (never in a Rasa slot, so never in the tracker store), and is
handed to the recorder at the end of the route, which redacts it in its worker
thread before anything is written.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict, deque
from datetime import datetime, timezone
from typing import Optional

from bot.dialogue import RouteEnd

logger = logging.getLogger(__name__)

DESCRIPTION_TTL_SECONDS = 4 * 3600
MAX_PARTS = 20
STATUS_LOOKUPS_PER_HOUR = 10
_SIGNAL_INTENTS = {
    "signal_labour", "signal_sexual", "signal_criminal", "signal_organ", "signal_location",
    "doubt", "need_report", "need_support", "worried_no_grip", "nlu_fallback", "inform_municipality", "greet",
    # Danger told with the story is part of it (the guard sets these intents from the words).
    "acute_danger", "possible_danger", "affirm", "deny",
}

_lock = threading.Lock()
_descriptions: dict[str, deque] = defaultdict(lambda: deque(maxlen=MAX_PARTS))
_lookups: dict[str, deque] = defaultdict(deque)
_codes: dict[str, tuple[float, str]] = {}        # sender → (time, last reference code), memory only
_signal_open: set[str] = set()                   # senders whose last code still names the signal in progress
_awaiting_contact: dict[str, float] = {}
_recorder = None


def start_background_services() -> None:
    """Start the recorder (and the de-identification warm-up) when the action server starts."""
    recorder()
    from bot.anonymise import warm_up

    warm_up()  # loads deduce in its own background thread


def recorder():
    """The process-wide recorder, created on first use."""
    global _recorder
    with _lock:
        if _recorder is None:
            from bot.store.recorder import Recorder
            _recorder = Recorder.from_settings()
        return _recorder


def remember_description(sender_id: str, text: str, intent: Optional[str]) -> None:
    """Keep what the professional typed about the situation, in memory only."""
    if not text or text.startswith("/") or intent not in _SIGNAL_INTENTS or len(text.strip()) < 12:
        return
    now = time.monotonic()
    with _lock:
        _expire(now)
        _descriptions[sender_id].append((now, text.strip()))


def take_description(sender_id: str) -> str:
    """The description so far (and forget it)."""
    with _lock:
        parts = _descriptions.pop(sender_id, ())
    return "\n".join(text for _, text in parts)


def forget(sender_id: str) -> None:
    """The conversation starts a new signal: forget its description and close its code."""
    with _lock:
        _descriptions.pop(sender_id, None)
        _signal_open.discard(sender_id)


def _expire(now: float) -> None:
    for sender in [s for s, parts in _descriptions.items() if parts and now - parts[-1][0] > DESCRIPTION_TTL_SECONDS]:
        del _descriptions[sender]


def record(sender_id: str, ended: RouteEnd, channel: Optional[str]) -> str:
    """Queue the consultation for recording; returns the reporter's reference code at once.

    One signal, one consultation: when this conversation already has a code for the signal in
    progress (the route went on after 112, or the last button was clicked again), the same code
    is used and the recorder updates that consultation instead of adding one.
    """
    from bot.store.codes import new_reference_code
    from bot.store.recorder import ConsultationDraft

    code = signal_code(sender_id) or new_reference_code()
    draft = ConsultationDraft(
        reference_code=code,
        occurred_at=datetime.now(timezone.utc),
        municipality_code=ended.municipality.code if ended.municipality else None,
        region_id=ended.route_map.id,
        channel=channel or "onbekend",
        route_map_id=ended.route_map.id,
        route_map_version=ended.route_map.version,
        answers=dict(ended.answers),
        outcome_code=ended.outcome.code if ended.outcome else None,
        contacts_advised=[c.id for c in ended.contacts],
        description=take_description(sender_id),
        completed=ended.kind != "stopped",
    )
    recorder().submit(draft)
    return code


def remember_code(sender_id: str, code: str) -> None:
    with _lock:
        _codes[sender_id] = (time.monotonic(), code)
        _signal_open.add(sender_id)


def signal_code(sender_id: str) -> Optional[str]:
    """The code of the signal this conversation is still about, or None after a new start."""
    with _lock:
        if sender_id not in _signal_open:
            return None
    return last_code(sender_id)


def last_code(sender_id: str) -> Optional[str]:
    with _lock:
        entry = _codes.get(sender_id)
    if entry and time.monotonic() - entry[0] < DESCRIPTION_TTL_SECONDS:
        return entry[1]
    return None


def expect_contact(sender_id: str, expecting: bool) -> None:
    with _lock:
        if expecting:
            _awaiting_contact[sender_id] = time.monotonic()
        else:
            _awaiting_contact.pop(sender_id, None)


def expecting_contact(sender_id: str) -> bool:
    with _lock:
        since = _awaiting_contact.get(sender_id)
    return since is not None and time.monotonic() - since < 1800


def save_reporter_contact(sender_id: str, text: str) -> Optional[str]:
    """Queue the reporter's name and contact (encrypted by the recorder); the code, or None."""
    code = last_code(sender_id)
    if code is None:
        return None
    name, contact = split_contact(text)
    recorder().submit_reporter_contact(code, name, contact)
    return code


_CONTACT_PART = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d")


def split_contact(text: str) -> tuple[str, str]:
    """("Jan Jansen", "06-12345678") from "Jan Jansen, 06-12345678"."""
    found = _CONTACT_PART.findall(text)
    contact = ", ".join(f.strip() for f in found)
    name = _CONTACT_PART.sub(" ", text)
    name = re.sub(r"[\s,;:]+", " ", name).strip(" ,;:")
    return name, contact or text.strip()


def allow_status_lookup(sender_id: str) -> bool:
    """At most STATUS_LOOKUPS_PER_HOUR look-ups per conversation, so codes cannot be guessed."""
    now = time.monotonic()
    with _lock:
        recent = _lookups[sender_id]
        while recent and now - recent[0] > 3600:
            recent.popleft()
        if len(recent) >= STATUS_LOOKUPS_PER_HOUR:
            return False
        recent.append(now)
        return True
