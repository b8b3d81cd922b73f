"""Shared fixtures. `stack` starts the real servers once per test session."""

from __future__ import annotations

import shutil

import pytest

from tests.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    s = Stack(tmp_path_factory.mktemp("stack"))
    try:
        s.start()
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def redis_url():
    """A Redis server of its own on a free loopback port, nothing saved; yields its URL."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (scripts/setup --with-test-tools)")
    from tests.support.redis_server import start_redis

    proc, url = start_redis()
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
