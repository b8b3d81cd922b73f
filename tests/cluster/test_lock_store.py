"""The conversation lock across two Rasa servers (RasaHQ/rasa#9213), on a real Redis.

Two processes stand in for two Rasa servers (``bench/locks.py``): each takes 10 turns of ONE
conversation at once through our lock store and marks in Redis when a turn starts and ends. A turn that
starts before the previous one ended ran at the same time as it. Rasa's own store is measured, not
tested, by ``./scripts/bench locks``: it can hang a round for many minutes.
"""

from __future__ import annotations

import time

from bench.locks import race


def test_our_lock_store_never_lets_two_servers_run_turns_of_one_conversation_at_once(redis_url):
    for _ in range(3):
        outcome = race(redis_url, "signaalroute")
        assert (outcome["overlaps"], outcome["done"], outcome["errors"], outcome["stuck"]) == (0, 20, 0, 0)


def test_a_server_that_dies_holding_the_lock_holds_its_conversation_only_for_the_lease(redis_url):
    import asyncio

    from rasa_ext.lock_store import RedisTicketLockStore

    dead = RedisTicketLockStore(url=redis_url, key_prefix="lease", lease_seconds=1)
    alive = RedisTicketLockStore(url=redis_url, key_prefix="lease", lease_seconds=1)

    async def scenario() -> float:
        holder = dead.lock("c1")
        await holder.__aenter__()  # and never leaves: the server was killed -9
        for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
            task.cancel()  # its lease renewal dies with it
        started = time.monotonic()
        async with alive.lock("c1"):
            return time.monotonic() - started

    waited = asyncio.run(scenario())
    assert waited < 5, f"waited {waited:.1f} s for a dead server's lock"


def test_without_redis_a_turn_still_runs_under_a_local_lock():
    import asyncio

    from rasa_ext.lock_store import RedisTicketLockStore

    from tests.stack import free_port

    store = RedisTicketLockStore(url=f"redis://127.0.0.1:{free_port()}/0")

    async def turn() -> bool:
        async with store.lock("c1"):
            return True

    assert asyncio.run(turn()) is True
    assert store.degraded_turns == 1
