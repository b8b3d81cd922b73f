"""The side effects the route action carries out for the core, and nothing that outlives a turn.

No conversation state lives here: between turns everything is in the tracker (the ``sr_state``
slot, with the reference code and the redacted description sealed by Fernet) or in the
database. What this module keeps per process is shared machinery only: the durable recorder
(with its outbox drainer), thread pools, and the sealing key.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Optional

from cryptography.fernet import Fernet, InvalidToken

from bot.settings import env_number

logger = logging.getLogger(__name__)

STATUS_WINDOW_SECONDS = 3600

# Each side look-up of a turn (stale revision, consultation limit, officer's chat contact) waits at
# most this long. With the redaction wait (2.5 s) and the record bound (1.5 s) a turn stays under
# the Rasa server's 5 s for the action (SIGNAALROUTE_ACTION_TIMEOUT).
LOOKUP_SECONDS = 0.3
_lock = threading.Lock()
_recorder = None
_fernet: Optional[Fernet] = None
# Blocking work runs in threads, never on the action server's event loop, and in separate
# pools: a database that hangs (status look-ups wait on it) must not hold up redaction.
_redact_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="signaalroute-redact")
_record_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="signaalroute-record")  # bounded calls
_lookup_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="signaalroute-lookup")


def start_background_services() -> None:
    """At action-server start: the recorder and its outbox drainer, and the de-identifier."""
    from bot.anonymise import warm_up

    warm_up()  # loads deduce in its own background thread
    recorder()
    # The workspace database is created and migrated on first use; do that now, off the request
    # path: a first turn that had to migrate it ran out of the Rasa server's 5 s for the action.
    threading.Thread(target=_open_database, name="database-warm-up", daemon=True).start()
    threading.Thread(target=_move_missed_turns, name="missed-turns", daemon=True).start()


def _open_database() -> None:
    from bot.store.db import default_database

    try:
        default_database()
    except Exception as exc:  # noqa: BLE001 - the database may be down at start; turns retry it
        logger.warning("database not opened at start (%s)", type(exc).__name__)


def _move_missed_turns() -> None:
    """With Redis (the cluster): move acute turns the Rasa servers queued into this outbox."""
    import time

    from bot.store import turn_queue

    while True:
        rec = recorder()
        try:
            if rec.outbox is not None and turn_queue.move_into(rec.outbox):
                rec.wake()
        except Exception as exc:  # noqa: BLE001 - Redis away: try again later
            logger.warning("missed turns not fetched (%s)", type(exc).__name__)
        time.sleep(2)


def recorder():
    """The process-wide durable recorder (drainer started), created on first use."""
    global _recorder
    with _lock:
        if _recorder is None:
            from bot.store.outbox import DurableRecorder

            _recorder = DurableRecorder.from_settings(translators={"missed_turn": _missed_turn_draft})
            _recorder.start()
        return _recorder


def _missed_turn_draft(body: dict):
    from actions.signaalroute import missed_turn_draft

    return missed_turn_draft(body)


# -- sealing: what the tracker store may hold only encrypted -------------------------------

def _sealer() -> Fernet:
    global _fernet
    with _lock:
        if _fernet is None:
            from bot.settings import load_settings

            _fernet = Fernet(load_settings().fernet_key)
        return _fernet


def seal(data: dict) -> str:
    return _sealer().encrypt(json.dumps(data).encode("utf-8")).decode("ascii")


def conversation_tag(sender_id: str) -> str:
    """A keyed hash of the sender id: binds a sealed state to its own conversation."""
    from bot.settings import secret_key
    from bot.store.codes import conversation_tag as tag

    return tag(sender_id, secret_key())


def fresh_code(tag: str, stamp: float) -> str:
    """The code for a signal that starts with the message sent at ``stamp`` (see codes.turn_code)."""
    from bot.settings import secret_key
    from bot.store.codes import turn_code

    return turn_code(secret_key(), tag, stamp)


def stored_revision(code: str) -> Optional[int]:
    """The revision stored with the consultation of ``code``; None when unknown or unreachable."""
    from sqlalchemy import select

    from bot.settings import load_settings
    from bot.store.codes import hash_code
    from bot.store.db import default_database
    from bot.store.models import Consultation

    try:
        with default_database().session() as session:
            value = session.execute(select(Consultation.revision).where(
                Consultation.code_hash == hash_code(code, load_settings().secret_key))).scalar_one_or_none()
    except Exception as exc:  # noqa: BLE001 - the check is a second layer; the chat goes on
        logger.warning("stale-state check skipped (%s)", type(exc).__name__)
        return None
    return int(value) if value is not None else None


async def revision_on_record(code: str) -> Optional[int]:
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(loop.run_in_executor(_lookup_pool, stored_revision, code), LOOKUP_SECONDS)
    except asyncio.TimeoutError:
        return None


def unseal(token: Any) -> dict:
    """The sealed data, or {} when there is none or it cannot be read (another key, tampered,
    older than the tracker TTL)."""
    if not isinstance(token, str) or not token:
        return {}
    ttl = int(env_number("SIGNAALROUTE_TRACKER_TTL_HOURS", 12) * 3600)
    try:
        data = json.loads(_sealer().decrypt(token.encode("ascii"), ttl=ttl))
    except (InvalidToken, ValueError, TypeError):
        logger.warning("sealed conversation data unreadable; continuing without it")
        return {}
    return data if isinstance(data, dict) else {}


# -- redaction -----------------------------------------------------------------------------

async def redact(text: str) -> str:
    """The text de-identified, in a worker thread. While deduce is still loading, waits at most
    ``SIGNAALROUTE_REDACT_WAIT_SECONDS`` (2.5; with the record's 1.5 s it stays inside the Rasa
    server's action timeout, ``SIGNAALROUTE_ACTION_TIMEOUT``, 5 s); then the fail-closed
    placeholder, never the text."""
    from bot import anonymise
    from bot.store.redaction import REDACTION_FAILED, redact_safely

    wait = 60.0 if anonymise.is_ready() else env_number("SIGNAALROUTE_REDACT_WAIT_SECONDS", 2.5)
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(loop.run_in_executor(_redact_pool, redact_safely, text, anonymise.redact), wait)
    except asyncio.TimeoutError:
        logger.error("de-identification not ready in time; a description part was replaced by a placeholder")
        return REDACTION_FAILED


# -- effects -------------------------------------------------------------------------------

async def record(draft) -> bool:
    """Make the consultation durable (database, else the outbox); False if neither worked."""
    loop = asyncio.get_running_loop()
    rec = recorder()
    try:
        return bool(await asyncio.wait_for(loop.run_in_executor(_record_pool, rec.record, draft), rec.write_timeout + 2))
    except Exception as exc:  # noqa: BLE001 - the advice has been given; never break the chat
        logger.error("consultation not stored (%s)", type(exc).__name__)
        return False


async def save_reporter_contact(code: str, name: str, contact: str) -> bool:
    loop = asyncio.get_running_loop()
    rec = recorder()
    try:
        return bool(await asyncio.wait_for(
            loop.run_in_executor(_record_pool, rec.save_contact, code, name, contact), rec.write_timeout + 2))
    except Exception as exc:  # noqa: BLE001
        logger.error("reporter contact not stored (%s)", type(exc).__name__)
        return False


def source_key(sender_id: str, channel: Optional[str], metadata: Optional[dict]) -> str:
    """Who is asking, for the rate limits: a verified source token from the channel, a Teams
    user (verified by the Bot Framework), else one shared bucket per channel (fail safe)."""
    from bot.store.ratelimit import SOURCE_METADATA_KEY, verify_source

    verified = verify_source((metadata or {}).get(SOURCE_METADATA_KEY))
    if verified:
        return f"source:{verified}"
    if channel == "teams":
        return f"teams:{sender_id}"
    return f"unverified:{channel or 'onbekend'}"


def _status_allowed(source: str) -> bool:
    from bot.store.ratelimit import allow_both

    per_source = int(env_number("SIGNAALROUTE_STATUS_LOOKUPS_PER_HOUR", 10))
    global_limit = int(env_number("SIGNAALROUTE_STATUS_LOOKUPS_GLOBAL_PER_HOUR", 1000))
    return allow_both(f"status:{source}", per_source, "status:*", global_limit, STATUS_WINDOW_SECONDS)


def _consultation_allowed(source: str) -> bool:
    from bot.store.ratelimit import allow

    limit = int(env_number("SIGNAALROUTE_CONSULTATIONS_PER_HOUR", 10))
    return allow(f"consultation:{source}", limit, STATUS_WINDOW_SECONDS)


async def consultation_allowed(source: str) -> bool:
    """Whether ``source`` stays within its consultations per hour. When the limit cannot be
    counted, True: the advice is given either way and the mark is for the officer only."""
    loop = asyncio.get_running_loop()
    try:
        return bool(await asyncio.wait_for(loop.run_in_executor(_lookup_pool, _consultation_allowed, source),
                                           LOOKUP_SECONDS))
    except Exception as exc:  # noqa: BLE001
        logger.warning("consultation limit not counted (%s)", type(exc).__name__)
        return True


async def look_up_status(code: str, source: str):
    """A StatusView, None (unknown), or conversation.TOO_MANY / UNAVAILABLE."""
    from bot.dialogue.conversation import TOO_MANY, UNAVAILABLE
    from bot.store.status import lookup_status

    loop = asyncio.get_running_loop()
    try:
        if not await asyncio.wait_for(loop.run_in_executor(_lookup_pool, _status_allowed, source), 1.5):
            return TOO_MANY
        return await asyncio.wait_for(loop.run_in_executor(_lookup_pool, lookup_status, code), 1.5)
    except Exception as exc:  # noqa: BLE001 - a broken limit or store: refuse politely
        logger.error("status look-up failed (%s)", type(exc).__name__)
        return UNAVAILABLE


def _attach_handover(code: str, summary: str) -> bool:
    from bot.settings import load_settings
    from bot.store.db import default_database
    from bot.store.notices import attach_handover

    with default_database().session() as session:
        return attach_handover(session, load_settings().secret_key, code, summary)


async def attach_handover(code: str, summary: str) -> bool:
    """Attach the (redacted) handover summary to the consultation of ``code``; False on failure."""
    loop = asyncio.get_running_loop()
    try:
        return bool(await asyncio.wait_for(loop.run_in_executor(_record_pool, _attach_handover, code, summary), 2.0))
    except Exception as exc:  # noqa: BLE001 - the summary is on screen; never break the chat
        logger.error("handover summary not attached (%s)", type(exc).__name__)
        return False


def _officer_contact(municipality_code: str):
    from bot.store.db import default_database
    from bot.store.notices import chat_contact

    with default_database().session() as session:
        return chat_contact(session, municipality_code)


async def officer_contact(municipality_code: str):
    """(name, phone) the municipality's attention officer set for the chat, or None."""
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(loop.run_in_executor(_lookup_pool, _officer_contact, municipality_code),
                                      LOOKUP_SECONDS)
    except Exception as exc:  # noqa: BLE001 - the route's own advice stands without it
        logger.warning("officer contact not looked up (%s)", type(exc).__name__)
        return None
