"""Fixture for the multi-instance tests: the whole cluster (tools/cluster.py); a bare Redis is in tests/conftest.py."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.cluster.support import Cluster
from tests.stack import ROOT


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
