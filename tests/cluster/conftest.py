"""Fixtures for the multi-instance tests: a bare Redis, and the whole cluster (tools/cluster.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.cluster.support import Cluster, start_redis
from tests.stack import ROOT


@pytest.fixture(scope="module")
def redis_url():
    """A Redis server of its own on a free loopback port, nothing saved; yields its URL."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (scripts/setup --with-test-tools)")
    proc, url = start_redis()
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def cluster():
    """The production-shaped stack with two instances, started and stopped once for the module."""
    for tool in ("redis-server", "haproxy"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (scripts/setup --with-test-tools)")
    # Not pytest's tmp_path: its directories are 0700 and PostgreSQL runs as 'postgres'.
    root = Path(tempfile.mkdtemp(prefix="sr-cluster-"))
    root.chmod(0o755)
    running = Cluster(root)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        # The logs stay for whoever reads a failure (scripts/test keeps test-artifacts/).
        logs = running.dir / "log"
        if logs.is_dir():
            shutil.copytree(logs, ROOT / "test-artifacts" / "cluster-logs", dirs_exist_ok=True)
            shutil.copy(root / "launcher.log", ROOT / "test-artifacts" / "cluster-logs" / "launcher.log")
        shutil.rmtree(root, ignore_errors=True)
