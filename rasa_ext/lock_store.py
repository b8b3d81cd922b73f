"""A Redis lock store for several Rasa servers that cannot let two turns of one conversation overlap.

Rasa's own ``RedisLockStore`` keeps each conversation's ticket queue as one JSON value and
changes it by *read, modify, write* (``issue_ticket``, ``finish_serving``, ``delete_lock``)
without a transaction. Two Rasa servers that take a message of the same conversation at
the same moment can both read the same queue, both write their own version, and so hold
the same ticket: their turns run at once and their events interleave in the tracker; or
one server deletes the queue while the other just put a ticket in it, and that message
fails with a ``LockError`` (RasaHQ/rasa#9213). ``tests/cluster/test_lock_store.py``
measures it.

Here every change to a queue is one Lua script, which Redis runs atomically:

* a ticket is a number from one global counter (``INCR``), added to the conversation's
  sorted set, plus a short *lease* key per ticket;
* a waiter renews its own lease on every poll and is served when its ticket is the lowest
  live one; tickets whose lease lapsed (a server killed -9, or frozen) are dropped, so a
  dead server holds a conversation for at most ``lease_seconds``, not a minute;
* the holder renews its lease in the background for at most ``lock_lifetime`` (Rasa's
  60 s, ``TICKET_LOCK_LIFETIME``), then it lapses, as Rasa's tickets do.

Tickets are served in the order they were issued (a ticket lock, as Rasa's), polled every
``poll_seconds`` instead of Rasa's one second. If Redis cannot be reached the turn still
runs, under a lock of this process only, and a warning is logged (a count, never a
conversation id): an answer with 112 matters more than strict ordering across servers.

endpoints.yml::

    lock_store:
      type: rasa_ext.lock_store.RedisTicketLockStore
      url: ${SIGNAALROUTE_REDIS_URL}      # redis://127.0.0.1:6379/0
      key_prefix: signaalroute            # optional
      lease_seconds: 10                   # optional
      poll_seconds: 0.02                  # optional
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

logger = logging.getLogger(__name__)

REDIS_URL_ENV = "SIGNAALROUTE_REDIS_URL"
DEFAULT_LEASE_SECONDS = 10.0
DEFAULT_POLL_SECONDS = 0.02

# KEYS[1] = the global ticket counter, KEYS[2] = the conversation's queue (sorted set).
# ARGV[1] = lease in ms, ARGV[2] = how long the queue may live in ms. Returns the ticket.
_ISSUE = """
local n = redis.call('INCR', KEYS[1])
redis.call('SET', KEYS[2] .. ':t:' .. n, '1', 'PX', ARGV[1])
redis.call('ZADD', KEYS[2], n, n)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return n
"""

# KEYS[1] = queue; ARGV[1] = my ticket, ARGV[2] = lease in ms.
# Returns 1 when my ticket is served, 0 when I must wait, -1 when my ticket has lapsed.
_POLL = """
if redis.call('PEXPIRE', KEYS[1] .. ':t:' .. ARGV[1], ARGV[2]) == 0 then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return -1
end
while true do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0)[1]
  if not head then return -1 end
  if head == ARGV[1] then return 1 end
  if redis.call('EXISTS', KEYS[1] .. ':t:' .. head) == 1 then return 0 end
  redis.call('ZREM', KEYS[1], head)
end
"""

# KEYS[1] = queue; ARGV[1] = my ticket, ARGV[2] = lease in ms. Returns 0 once it lapsed.
_RENEW = """
return redis.call('PEXPIRE', KEYS[1] .. ':t:' .. ARGV[1], ARGV[2])
"""

# KEYS[1] = queue; ARGV[1] = my ticket.
_RELEASE = """
redis.call('DEL', KEYS[1] .. ':t:' .. ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
"""


class RedisTicketLockStore(LockStore):
    """Ticket lock per conversation in Redis, every step atomic (see the module docstring)."""

    def __init__(
        self,
        endpoint_config: Any = None,
        url: Optional[Text] = None,
        key_prefix: Text = "signaalroute",
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        """Rasa passes ``endpoint_config`` (the ``lock_store`` section); the rest is for tests.

        The URL comes from the section's ``url``, else ``SIGNAALROUTE_REDIS_URL``.
        """
        kwargs: Dict[Text, Any] = dict(getattr(endpoint_config, "kwargs", None) or {})
        self.url = url or getattr(endpoint_config, "url", None) or os.environ.get(REDIS_URL_ENV)
        if not self.url:
            raise ValueError(
                f"RedisTicketLockStore needs a Redis URL: set 'url' in endpoints.yml or {REDIS_URL_ENV}."
            )
        prefix = str(kwargs.get("key_prefix", key_prefix))
        self.counter_key = f"{prefix}:lock-seq"
        self.queue_prefix = f"{prefix}:lock:"
        self.lease_ms = int(float(kwargs.get("lease_seconds", lease_seconds)) * 1000)
        self.poll_seconds = float(kwargs.get("poll_seconds", poll_seconds))
        self._clients: Dict[int, Any] = {}
        self._local_locks: Dict[Text, asyncio.Lock] = {}
        self.degraded_turns = 0
        super().__init__()

    def _client(self) -> Any:
        # An asyncio client belongs to one event loop; Rasa runs one per Sanic worker.
        import redis.asyncio

        loop_id = id(asyncio.get_running_loop())
        client = self._clients.get(loop_id)
        if client is None:
            client = redis.asyncio.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)
            self._clients = {loop_id: client}
        return client

    def _queue(self, conversation_id: Text) -> Text:
        return self.queue_prefix + conversation_id

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        """Hold the conversation's lock for the body of the ``async with``."""
        from redis.exceptions import RedisError

        client = self._client()
        queue = self._queue(conversation_id)
        try:
            ticket = int(await client.eval(_ISSUE, 2, self.counter_key, queue, self.lease_ms,
                                           int(lock_lifetime * 1000) + self.lease_ms))
        except (RedisError, OSError):
            async with self._degraded(conversation_id) as local:
                yield local
            return
        renewer: Optional[asyncio.Task] = None
        try:
            await self._wait_turn(client, queue, ticket, lock_lifetime)
            renewer = asyncio.ensure_future(self._renew(client, queue, ticket, lock_lifetime))
            yield TicketLock(conversation_id)
        finally:
            if renewer is not None:
                renewer.cancel()
            try:
                await client.eval(_RELEASE, 1, queue, ticket)
            except (RedisError, OSError):
                logger.warning("Lock store: could not release a ticket; its lease lapses by itself.")

    async def _wait_turn(self, client: Any, queue: Text, ticket: int, lock_lifetime: float) -> None:
        deadline = time.monotonic() + lock_lifetime
        while True:
            state = int(await client.eval(_POLL, 1, queue, ticket, self.lease_ms))
            if state == 1:
                return
            if state == -1 or time.monotonic() > deadline:
                raise LockError("Could not acquire the conversation's lock in time.")
            await asyncio.sleep(self.poll_seconds)

    async def _renew(self, client: Any, queue: Text, ticket: int, lock_lifetime: float) -> None:
        from redis.exceptions import RedisError

        interval = self.lease_ms / 3000
        deadline = time.monotonic() + lock_lifetime
        while time.monotonic() < deadline:
            await asyncio.sleep(interval)
            try:
                if not await client.eval(_RENEW, 1, queue, ticket, self.lease_ms):
                    return
            except (RedisError, OSError):
                return

    @asynccontextmanager
    async def _degraded(self, conversation_id: Text) -> AsyncGenerator[TicketLock, None]:
        self.degraded_turns += 1
        logger.warning(
            "Lock store: Redis unreachable; %d turn(s) so far ran under a lock of this server only.",
            self.degraded_turns,
        )
        # Kept until the process ends: only conversations seen during an outage are here.
        local = self._local_locks.setdefault(conversation_id, asyncio.Lock())
        async with local:
            yield TicketLock(conversation_id)

    # Rasa's ticket bookkeeping methods work on one JSON value per conversation, the very
    # thing this store avoids; nothing in Rasa 3.6 calls them outside ``lock``.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        """Not used: the queue lives in Redis (see ``lock``)."""
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        """Not used: tickets are released in ``lock``."""

    def save_lock(self, lock: TicketLock) -> None:
        """Not used: tickets are issued in ``lock``."""
