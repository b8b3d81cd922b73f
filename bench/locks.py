"""The conversation lock across two Rasa servers (RasaHQ/rasa#9213), on a real Redis: a measurement.

Two processes stand in for two Rasa servers (``bench/lock_race.py``): each takes ``turns`` turns of ONE
conversation at once through a lock store and marks in Redis when a turn starts and ends. A turn that
starts before the previous one ended ran at the same time as it: its events would interleave in the tracker.

``./scripts/bench locks`` prints the figures for Rasa's own ``RedisLockStore`` and for ours
(``rasa_ext/lock_store.py``). Rasa's store can leave a ticket behind that blocks the conversation until it
expires (60 s), once per turn in the worst case: a round is stopped after ``budget`` seconds and the turns
it had not finished are counted as stuck. ``tests/cluster/test_lock_store.py`` guards our store with ``race``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time

import redis

from tests.stack import ROOT


def race(url: str, store: str, turns: int = 10, budget: float = 600) -> dict:
    """Two processes, ``turns`` each, at once: turns that overlapped, finished, failed, and were stuck."""
    client = redis.Redis.from_url(url)
    client.flushdb()
    procs = [
        subprocess.Popen([sys.executable, "-m", "bench.lock_race", "--store", store, "--url", url,
                          "--name", name, "--turns", str(turns)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for name in ("a", "b")
    ]
    deadline = time.monotonic() + 60
    while int(client.get("race:ready") or 0) < len(procs):
        if time.monotonic() > deadline:
            for proc in procs:
                proc.kill()
            raise RuntimeError("the racing processes did not get ready")
        time.sleep(0.05)
    client.set("race:go", 1)
    started = time.monotonic()
    results = []
    for proc in procs:
        try:
            out = proc.communicate(timeout=max(1.0, started + budget - time.monotonic()))[0]
            results.append(json.loads(out.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            results.append(None)
    marks = [m.decode() for m in client.lrange("race:marks", 0, -1)]
    overlaps, open_turns = 0, 0
    for mark in marks:
        if mark.startswith("start"):
            overlaps += open_turns > 0
            open_turns += 1
        else:
            open_turns -= 1
    done = sum(r["done"] if r else finished_in(marks, name) for name, r in zip("ab", results))
    errors = sum(r["errors"] for r in results if r)
    stuck = sum(turns - finished_in(marks, name) for name, r in zip("ab", results) if r is None)
    return {"overlaps": overlaps, "done": done, "errors": errors, "stuck": stuck,
            "seconds": round(time.monotonic() - started)}


def finished_in(marks: list[str], name: str) -> int:
    return sum(1 for m in marks if m.startswith(f"end {name}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--budget", type=float, default=180, help="seconds per round before unfinished turns count as stuck")
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is not installed: ./scripts/setup --with-test-tools installs it")
    from tests.support.redis_server import start_redis

    proc, url = start_redis()
    try:
        for store in ("rasa", "signaalroute"):
            for i in range(args.rounds):
                outcome = race(url, store, args.turns, args.budget)
                print(f"{store:>12} round {i + 1}: 2 processes x {args.turns} turns of one conversation: {outcome}",
                      flush=True)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
