"""Where the Rasa server leaves acute turns the action server missed (``rasa_ext.missed_turns``).

On one machine (the default stack) that is the action server's own outbox (``var/outbox.db``),
which it drains anyway. With ``SIGNAALROUTE_REDIS_URL`` set (the cluster: Rasa and the action
servers in other pods, each outbox on its own volume) it is a Redis list; every action server
moves what it finds there into its own outbox (`move_into`), so the job is durable again before
it is taken off the list. A job holds a keyed hash of the conversation, the still-sealed slot,
the intent, the channel and a time: nothing typed.
"""
from __future__ import annotations

import json
import os
from typing import Optional

from bot.store.outbox import Outbox

KIND = "missed_turn"
REDIS_KEY = "signaalroute:missed-turns"
_outbox: Optional[Outbox] = None


def _redis():
    from bot.store.ratelimit import REDIS_URL_ENV, _redis as client

    url = os.environ.get(REDIS_URL_ENV, "").strip()
    return client(url) if url else None


def put(job: dict) -> None:
    """Queue ``job`` (raises when it cannot be stored anywhere)."""
    global _outbox
    redis = _redis()
    if redis is not None:
        redis.rpush(REDIS_KEY, json.dumps(job))
        return
    if _outbox is None:
        from bot.settings import var_dir

        _outbox = Outbox(var_dir() / "outbox.db")
    _outbox.put(KIND, f"turn:{job.get('conversation')}", job)


def move_into(outbox: Outbox, limit: int = 100) -> int:
    """Move queued jobs from Redis into ``outbox``; how many (0 without Redis)."""
    redis = _redis()
    if redis is None:
        return 0
    moved = 0
    while moved < limit:
        # Copied to the outbox first, then taken off the list: a crash in between gives a
        # second job for the same turn, which records under the same code (one consultation).
        raw = redis.lindex(REDIS_KEY, 0)
        if raw is None:
            break
        job = json.loads(raw)
        outbox.put(KIND, f"turn:{job.get('conversation')}", job)
        redis.lpop(REDIS_KEY)
        moved += 1
    return moved
