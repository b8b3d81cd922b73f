"""The conversation lock across two Rasa servers (RasaHQ/rasa#9213), on a real Redis.

Two processes stand in for two Rasa servers: each takes 10 turns of ONE conversation at
once through a lock store and marks in Redis when a turn starts and ends. A turn that
starts before the previous one ended ran at the same time as it: its events would
interleave in the tracker.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import redis

from tests.stack import ROOT


def race(url: str, store: str, turns: int = 10) -> dict:
    """Two processes, ``turns`` each, at once; how many turns overlapped, finished, failed."""
    client = redis.Redis.from_url(url)
    client.flushdb()
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.cluster.lock_race", "--store", store, "--url", url,
                          "--name", name, "--turns", str(turns)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for name in ("a", "b")
    ]
    deadline = time.monotonic() + 60
    while int(client.get("race:ready") or 0) < len(procs):
        assert time.monotonic() < deadline, "the racing processes did not get ready"
        time.sleep(0.05)
    client.set("race:go", 1)
    started = time.monotonic()
    # Rasa's store can leave a ticket behind that blocks the conversation until it expires (60 s),
    # in the worst case once per turn: 10 turns can take 600 s (one clean-clone run on 2026-12-06 hung past 300 s).
    results = [json.loads(proc.communicate(timeout=60 * turns + 60)[0].strip().splitlines()[-1]) for proc in procs]
    marks = [m.decode() for m in client.lrange("race:marks", 0, -1)]
    overlaps, open_turns = 0, 0
    for mark in marks:
        if mark.startswith("start"):
            overlaps += open_turns > 0
            open_turns += 1
        else:
            open_turns -= 1
    return {"overlaps": overlaps, "done": sum(r["done"] for r in results),
            "errors": sum(r["errors"] for r in results), "seconds": round(time.monotonic() - started)}


def test_our_lock_store_never_lets_two_servers_run_turns_of_one_conversation_at_once(redis_url):
    for _ in range(3):
        outcome = race(redis_url, "signaalroute")
        assert (outcome["overlaps"], outcome["done"], outcome["errors"]) == (0, 20, 0)


def test_rasas_own_redis_lock_store_is_measured_for_the_race(redis_url, capsys):
    """Not a guard but a measurement: the figures go in the test output (pytest -s) and the note."""
    outcomes = [race(redis_url, "rasa") for _ in range(2)]
    with capsys.disabled():
        print(f"\nRasa RedisLockStore, 2 processes x 10 turns of one conversation, 2 rounds: {outcomes}")
    assert all(o["done"] + o["errors"] == 20 for o in outcomes)


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
