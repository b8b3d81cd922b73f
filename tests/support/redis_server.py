"""A throw-away Redis server for tests (the rate limits, the lock store, the cluster's parts)."""

from __future__ import annotations

import subprocess
import time

from tests.stack import free_port


def start_redis() -> tuple[subprocess.Popen, str]:
    """A throw-away redis-server on loopback; returns the process and its URL."""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"
