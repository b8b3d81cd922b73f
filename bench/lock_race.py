"""One "Rasa server" in the lock race: N turns of one conversation at once, through a lock store.

Run as ``python -m bench.lock_race --store rasa|signaalroute --url redis://... --name a``:
once the test sets ``race:go`` in Redis it starts ``--turns`` tasks that each take the conversation's lock,
write ``start`` and ``end`` marks into a Redis list and hold the lock for a few milliseconds,
as a turn does. Prints one JSON line: turns done and lock errors. Two of these processes are
two Rasa servers; overlapping marks in the list are turns that ran at the same time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from urllib.parse import urlparse

import redis


def make_store(kind: str, url: str):
    if kind == "signaalroute":
        from rasa_ext.lock_store import RedisTicketLockStore

        return RedisTicketLockStore(url=url, key_prefix="race")
    from rasa.core.lock_store import RedisLockStore

    parsed = urlparse(url)
    return RedisLockStore(host=parsed.hostname, port=parsed.port, password=parsed.password, db=0, key_prefix="race")


async def turns(store, marks: redis.Redis, name: str, count: int, conversation: str, hold: float) -> dict:
    done, errors = 0, 0

    async def one(i: int) -> None:
        nonlocal done, errors
        await asyncio.sleep(random.uniform(0, 0.01))
        try:
            async with store.lock(conversation):
                marks.rpush("race:marks", f"start {name}{i}")
                await asyncio.sleep(hold * random.uniform(0.5, 1.5))
                marks.rpush("race:marks", f"end {name}{i}")
                done += 1
        except Exception:  # Rasa's LockError, or anything else the store raises: counted
            errors += 1

    await asyncio.gather(*(one(i) for i in range(count)))
    return {"done": done, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=["rasa", "signaalroute"], required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--conversation", default="race")
    parser.add_argument("--hold", type=float, default=0.03)
    args = parser.parse_args()
    store = make_store(args.store, args.url)
    marks = redis.Redis.from_url(args.url)
    marks.incr("race:ready")
    while not marks.exists("race:go"):
        time.sleep(0.005)
    result = asyncio.run(turns(store, marks, args.name, args.turns, args.conversation, args.hold))
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
